package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
)

// Exit statuses, as SPEC.md fixes them.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
	exitOverdue = 3
)

// version, commit and date are set at build time with -ldflags "-X
// main.version=1.2.3 -X main.commit=... -X main.date=...": the release's,
// and the commit's hash and date (never the clock's, so that the same
// commit builds the same bytes).
var (
	version = "devel"
	commit  = ""
	date    = ""
)

// command is one subcommand, in the manner of cmd/go.
type command struct {
	name string
	args string // the usage line after the name
	// minArgs and maxArgs bound the positional arguments; argName names
	// one in messages.
	minArgs, maxArgs int
	argName          string
	short            string
	example          string
	// setup declares the flags; run does the work with the positional
	// arguments left over.
	setup func(fs *flag.FlagSet, e *env)
	run   func(ctx context.Context, e *env, args []string) int
}

// env is what every command shares: where to write, and the common flags.
type env struct {
	cmd            *command
	stdout, stderr io.Writer
	source         string
	dest           string
	today          string
	// usesToday is set by todayFlag; then date is "today", resolved
	// before the command runs.
	usesToday bool
	date      content.Date
}

func commands() []*command {
	return []*command{
		newCmd(),
		checkCmd(),
		buildCmd(),
		serveCmd(),
		statusCmd(),
		urlsCmd(),
		notifyCmd(),
		tokenCmd(),
		initCmd(),
		versionCmd(),
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 {
		usage(stderr, cmds)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			for _, c := range cmds {
				if c.name == args[1] {
					c.usage(stdout, newFlags(c, &env{}))
					return exitOK
				}
			}
		}
		usage(stdout, cmds)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	for _, c := range cmds {
		if c.name != name {
			continue
		}
		e := &env{cmd: c, stdout: stdout, stderr: stderr, source: "."}
		fs := newFlags(c, e)
		pos, err := parseInterspersed(fs, args[1:])
		if errors.Is(err, flag.ErrHelp) {
			c.usage(stdout, fs)
			return exitOK
		}
		if err != nil {
			fmt.Fprintf(stderr, "candor %s: %v\n", c.name, err)
			c.usage(stderr, fs)
			return exitUsage
		}
		if len(pos) < c.minArgs || len(pos) > c.maxArgs {
			return e.usageError("%s", argsProblem(c, pos))
		}
		if e.usesToday {
			if e.date, err = e.day(); err != nil {
				return e.usageError("%v", err)
			}
		}
		return c.run(ctx, e, pos)
	}
	var names []string
	for _, c := range cmds {
		names = append(names, c.name)
	}
	if near := content.Suggest(name, names); near != "" {
		fmt.Fprintf(stderr, "candor: unknown command %q; did you mean %s?\n", terminalSafe(name), near)
	} else {
		fmt.Fprintf(stderr, "candor: unknown command %q\n", terminalSafe(name))
	}
	usage(stderr, cmds)
	return exitUsage
}

func argsProblem(c *command, pos []string) string {
	switch {
	case c.maxArgs == 0:
		return fmt.Sprintf("takes no arguments, not %q", strings.Join(pos, " "))
	case len(pos) < c.minArgs:
		return "needs " + c.argName
	}
	return fmt.Sprintf("takes one %s, not %q", c.argName, strings.Join(pos, " "))
}

func newFlags(c *command, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.setup(fs, e)
	return fs
}

// parseInterspersed parses flags wherever they stand among the positional
// arguments: "new ID --role R" and "new --role R ID" are the same.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func usage(w io.Writer, cmds []*command) {
	fmt.Fprintf(w, "candor builds candidate feedback portals from Markdown files.\n\nUsage:\n  candor <command> [flags]\n\nCommands:\n")
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.short)
	}
	fmt.Fprintf(w, "\nRun \"candor <command> -h\" for a command's flags and an example.\n")
}

func (c *command) usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: candor %s", c.name)
	if c.args != "" {
		fmt.Fprintf(w, " %s", c.args)
	}
	fmt.Fprintf(w, "\n\n%s\n", c.short)
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintf(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	if c.example != "" {
		fmt.Fprintf(w, "\nExample:\n  %s\n", c.example)
	}
}

// Common flags.

func sourceFlag(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.source, "source", ".", "the site's `folder`")
}

func destFlag(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.dest, "dest", "", "the output `folder` (default SOURCE/public)")
}

func todayFlag(fs *flag.FlagSet, e *env) {
	e.usesToday = true
	fs.StringVar(&e.today, "today", "", "build as of this `date` (YYYY-MM-DD); default: SOURCE_DATE_EPOCH's day, else the clock's (UTC)")
}

func (e *env) destDir() string {
	if e.dest != "" {
		return e.dest
	}
	return filepath.Join(e.source, "public")
}

// day is "today": --today, else the UTC day of SOURCE_DATE_EPOCH, else
// the clock's.
func (e *env) day() (content.Date, error) {
	if e.today != "" {
		d, form, real := content.ParseDate(e.today)
		if !form || !real {
			return content.Date{}, fmt.Errorf("--today must be a date written YYYY-MM-DD, not %q", e.today)
		}
		return d, nil
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return content.Date{}, fmt.Errorf("SOURCE_DATE_EPOCH must be a number of seconds, not %q", s)
		}
		return content.DateOf(time.Unix(n, 0)), nil
	}
	return content.DateOf(time.Now()), nil
}

// fail reports err and returns the exit status it calls for: each
// problem of a diag.List on its own line, status 1.
func (e *env) fail(err error) int {
	var list diag.List
	if errors.As(err, &list) {
		for _, p := range list.Sort() {
			fmt.Fprintln(e.stderr, terminalSafe(p.Error()))
		}
		if isTerminal(e.stderr) {
			fmt.Fprintf(e.stderr, "\n%s found; nothing was written.\n", count(len(list), "problem"))
		}
		return exitContent
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(e.stderr, "candor %s: stopped before it finished; nothing was written\n", e.cmd.name)
		return exitContent
	}
	fmt.Fprintf(e.stderr, "candor: %s\n", terminalSafe(err.Error()))
	return exitContent
}

// terminalSafe is s with every control character a terminal would act on
// written out as \u00XX: text from a site's files (a name, a file name)
// can then neither retitle nor clear the terminal, nor forge a line.
func terminalSafe(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return r < 0x20 && r != '\t' || 0x7f <= r && r < 0xa0 || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// warn prints each warning on its own line, on stderr.
func (e *env) warn(list diag.List) {
	for _, w := range list {
		fmt.Fprintln(e.stderr, terminalSafe(w.Error()))
	}
}

// usageError reports wrong usage with the command's usage line.
func (e *env) usageError(format string, args ...any) int {
	c := e.cmd
	fmt.Fprintf(e.stderr, "candor %s: %s\nUsage: %s\nRun \"candor %s -h\" for the flags and an example.\n", c.name, fmt.Sprintf(format, args...), strings.TrimSpace("candor "+c.name+" "+c.args), c.name)
	return exitUsage
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func versionCmd() *command {
	return &command{
		name:    "version",
		short:   "Print candor's version, and the commit and day it was built from.",
		example: "candor version",
		setup:   func(*flag.FlagSet, *env) {},
		run: func(_ context.Context, e *env, args []string) int {
			fmt.Fprintf(e.stdout, "candor %s\n", currentVersion())
			c, d := buildCommit()
			if c != "" {
				fmt.Fprintf(e.stdout, "commit %s\n", c)
			}
			if d != "" {
				fmt.Fprintf(e.stdout, "commit date %s\n", d)
			}
			return exitOK
		},
	}
}

// buildCommit is the commit candor was built from and that commit's date,
// as the release build stamped them, else as Go recorded them from git.
func buildCommit() (string, string) {
	c, d := commit, date
	if info, ok := debug.ReadBuildInfo(); ok && (c == "" || d == "") {
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && c == "":
				c = s.Value
			case s.Key == "vcs.time" && d == "":
				d = s.Value
			}
		}
	}
	return c, d
}

func currentVersion() string {
	if version != "devel" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return version
}
