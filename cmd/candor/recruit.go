package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/matter"
	"github.com/candor-feedback/candor/internal/scaffold"
	"github.com/candor-feedback/candor/internal/token"
)

func (e *env) badID(id string) int {
	if content.WindowsReserved(id) {
		return e.usageError("%q is a name Windows keeps for itself, so a colleague on Windows could not check the file out: choose another ID, like ada-moreno", id)
	}
	return e.usageError("ID must be lower-case letters, digits and hyphens, like ada-moreno, not %q", id)
}

func newCmd() *command {
	var candidate, role, stage, date string
	return &command{
		name:    "new",
		minArgs: 1, maxArgs: 1, argName: "an ID: the file's name, like ada-moreno",
		args:    "ID --candidate NAME --role ROLE [--stage NAME --date YYYY-MM-DD]",
		short:   "Start a candidate's feedback file, as a draft with a fresh private link.",
		example: `candor new ada-moreno --candidate "Ada Moreno" --role "Backend Engineer" --stage "Skills conversation" --date 2026-03-02`,
		setup: func(fs *flag.FlagSet, e *env) {
			sourceFlag(fs, e)
			todayFlag(fs, e)
			fs.StringVar(&candidate, "candidate", "", "the candidate's full `name` (required)")
			fs.StringVar(&role, "role", "", "the `role` they interviewed for (required)")
			fs.StringVar(&stage, "stage", "", "the `name` of the stage just held (default Interview)")
			fs.StringVar(&date, "date", "", "the stage's `date`, YYYY-MM-DD (default today)")
		},
		run: func(_ context.Context, e *env, args []string) int {
			id := args[0]
			if !content.ValidID(id) {
				return e.badID(id)
			}
			if candidate == "" || role == "" {
				return e.usageError("--candidate and --role are required")
			}
			day := e.date
			if date != "" {
				d, form, real := content.ParseDate(date)
				if !form || !real {
					return e.usageError("--date must be a date written YYYY-MM-DD, not %q", date)
				}
				day = d
			}
			if stage == "" {
				stage = "Interview"
			}
			if _, err := os.Stat(filepath.Join(e.source, content.ConfigFile)); err != nil {
				return e.fail(fmt.Errorf("no %s in %s: run candor in the site's folder, pass --source, or run \"candor init\" to start a site", content.ConfigFile, e.source))
			}
			rel := content.FeedbackDir + "/" + id + ".md"
			path := filepath.Join(e.source, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return e.fail(err)
			}
			data := scaffold.Feedback(scaffold.NewFeedback{Candidate: candidate, Role: role, Token: token.New(), Stage: stage, Date: day})
			// O_EXCL: never overwrite, even a file made a moment ago.
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, fs.ErrExist) {
				return e.fail(fmt.Errorf("%s exists already; candor never overwrites a feedback file (choose another ID, or edit that file)", rel))
			}
			if err != nil {
				return e.fail(err)
			}
			if _, err := f.Write(data); err != nil {
				f.Close()
				return e.fail(err)
			}
			if err := f.Close(); err != nil {
				return e.fail(err)
			}
			fmt.Fprintln(e.stdout, filepath.Join(e.source, filepath.FromSlash(rel)))
			line := 1 + bytes.Count(data[:max(bytes.Index(data, []byte("date: "+day.String())), 0)], []byte("\n"))
			e.warnNewDate(rel, line, day)
			return exitOK
		},
	}
}

// warnNewDate warns when a new file's stage date leaves its page in the
// future or already past retention, as a date typed by hand may.
func (e *env) warnNewDate(rel string, line int, day content.Date) {
	root, err := os.OpenRoot(e.source)
	if err != nil {
		return
	}
	defer root.Close()
	cfg, errs := content.LoadConfig(root.FS())
	if len(errs) > 0 {
		return
	}
	switch expires := day.AddDays(cfg.Retention); {
	case day.After(e.date):
		e.warn(diag.List{{Path: rel, Line: line, Msg: fmt.Sprintf("the stage's date %s is after today (%s): is it right? The feedback deadline counts from it", day, e.date), Warning: true}})
	case !e.date.Before(expires):
		e.warn(diag.List{{Path: rel, Line: line, Msg: fmt.Sprintf("the stage's date %s is more than retention_days (%d) ago, so the page expired on %s and will never be published: is the date right?", day, cfg.Retention, expires), Warning: true}})
	}
}

func tokenCmd() *command {
	return &command{
		name:    "token",
		minArgs: 1, maxArgs: 1, argName: "an ID: the feedback file's name without .md",
		args:    "ID",
		short:   "Give a candidate a new private link; the old one stops working at the next publish.",
		example: "candor token ada-moreno",
		setup: func(fs *flag.FlagSet, e *env) {
			sourceFlag(fs, e)
		},
		run: func(_ context.Context, e *env, args []string) int {
			id := args[0]
			if !content.ValidID(id) {
				return e.badID(id)
			}
			root, err := os.OpenRoot(e.source)
			if err != nil {
				return e.fail(err)
			}
			defer root.Close()
			cfg, errs := content.LoadConfig(root.FS())
			if len(errs) > 0 {
				return e.fail(errs)
			}
			rel := content.FeedbackDir + "/" + id + ".md"
			src, err := root.ReadFile(rel)
			if errors.Is(err, fs.ErrNotExist) {
				return e.fail(fmt.Errorf("no candidate %q: there is no %s", id, rel))
			}
			if err != nil {
				return e.fail(err)
			}
			old, sealed, err := tokenOf(src, cfg.Sealed)
			if err == nil {
				fresh := token.New()
				var out []byte
				if out, err = matter.ReplaceValue(src, "token", old, fresh); err == nil {
					if err = writeKeepingMode(root, rel, out); err == nil {
						fmt.Fprintf(e.stdout, "New link for %s (the old one stops working when the site is next published):\n%s\n", id, (&content.Feedback{Token: fresh, Sealed: sealed}).Link(cfg.BaseURL))
						return exitOK
					}
				}
			}
			var me *matter.Error
			if errors.As(err, &me) {
				return e.fail(fmt.Errorf("%s:%d: %s", rel, me.Line, me.Msg))
			}
			return e.fail(err)
		},
	}
}

// tokenOf returns the token written in a feedback file, and whether the
// page is sealed.
func tokenOf(src []byte, siteSealed bool) (tok string, sealed bool, err error) {
	doc, err := matter.Parse(matter.Normalize(src))
	if err != nil {
		return "", false, err
	}
	if doc.Root == nil {
		return "", false, &matter.Error{Line: 1, Msg: "has no front matter"}
	}
	sealed = siteSealed
	for _, f := range doc.Root.Fields {
		switch f.Key {
		case "token":
			tok = f.Value.Text
		case "sealed":
			if f.Value.Kind == matter.Bool {
				sealed = f.Value.Bool
			}
		}
	}
	if tok == "" {
		return "", false, &matter.Error{Line: doc.Fence, Msg: "has no token to replace: add a line token: x, then run this again"}
	}
	return tok, sealed, nil
}

// writeKeepingMode replaces a file through a temporary file beside it, so
// that it is never half-written, and keeps its permissions.
func writeKeepingMode(root *os.Root, name string, data []byte) error {
	mode := fs.FileMode(0o644)
	if info, err := root.Stat(name); err == nil {
		mode = info.Mode().Perm()
	}
	tmp := name + ".candor-tmp"
	if err := root.WriteFile(tmp, data, mode); err != nil {
		return err
	}
	if err := root.Rename(tmp, name); err != nil {
		root.Remove(tmp)
		return err
	}
	return nil
}

func initCmd() *command {
	var host string
	return &command{
		name:    "init",
		maxArgs: 1, argName: "folder",
		args:    "[DIR] [--host github|gitlab|netlify|cloudflare|s3]",
		short:   "Write a new site that builds at once: config, guide pages, an example draft, and the files that publish it on your host.",
		example: "candor init careers --host netlify && cd careers && candor build",
		setup: func(fs *flag.FlagSet, e *env) {
			todayFlag(fs, e)
			fs.StringVar(&host, "host", "github", "where the site is published: "+strings.Join(scaffold.Hosts, ", "))
		},
		run: func(_ context.Context, e *env, args []string) int {
			if !slices.Contains(scaffold.Hosts, host) {
				if near := content.Suggest(host, scaffold.Hosts); near != "" {
					return e.usageError("--host %q: candor knows %s; did you mean %s?", terminalSafe(host), strings.Join(scaffold.Hosts, ", "), near)
				}
				return e.usageError("--host %q: candor knows %s", terminalSafe(host), strings.Join(scaffold.Hosts, ", "))
			}
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			files := scaffold.Site(e.date, token.New(), host, currentVersion())
			// Check every file first: init writes all of them or none.
			for _, f := range files {
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				if _, err := os.Lstat(p); err == nil {
					return e.fail(fmt.Errorf("%s exists already; candor init never overwrites a file (choose an empty folder)", p))
				}
			}
			for _, f := range files {
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return e.fail(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					return e.fail(err)
				}
			}
			fmt.Fprintf(e.stdout, `Wrote a new site in %s, to publish on %s. Next:
  1. Set title, base_url and contact in %s.
  2. Preview it, and keep it open while you write:  candor serve --drafts --source %s
     then open http://127.0.0.1:1313/_candor/
  3. Start a candidate's feedback:  candor new ada-moreno --candidate "Ada Moreno" --role "Engineer" --source %s
  4. Publish: %s says what to set up on %s, in order.
`, dir, hostName[host], filepath.Join(dir, content.ConfigFile), dir, dir, filepath.Join(dir, "README.md"), hostName[host])
			return exitOK
		},
	}
}

// hostName is how people name each host.
var hostName = map[string]string{
	"github": "GitHub Pages", "gitlab": "GitLab Pages", "netlify": "Netlify",
	"cloudflare": "Cloudflare Pages", "s3": "S3 and CloudFront",
}
