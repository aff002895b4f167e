package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/candor-feedback/candor/internal/build"
	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/notify"
)

// statusRow is one candidate in "candor status"; the JSON shape is SPEC.md's.
type statusRow struct {
	ID        string `json:"id"`
	Candidate string `json:"candidate"`
	Status    string `json:"status"`
	LastStage string `json:"last_stage"`
	Due       string `json:"due"`
	State     string `json:"state"`
	// Allow are the guardrail categories a reviewer accepted in the file.
	Allow []string `json:"allow"`
	// Told is the day of the last notice that told the candidate, null
	// for none.
	Told *string `json:"told"`

	path string
	due  content.Date
	rank int
	// telling is what the table says of notices: "2026-11-14", "not yet",
	// "no email"; "" when the site keeps no ledger.
	telling string
}

func statusCmd() *command {
	var format string
	var failOverdue bool
	return &command{
		name:    "status",
		args:    "[--format table|json] [--fail-overdue]",
		short:   "Show every candidate's status and feedback deadline, most urgent first.",
		example: "candor status --fail-overdue   # in a daily CI job: exit status 3 when feedback is late",
		setup: func(fs *flag.FlagSet, e *env) {
			sourceFlag(fs, e)
			todayFlag(fs, e)
			fs.StringVar(&format, "format", "table", "table or json")
			fs.BoolVar(&failOverdue, "fail-overdue", false, "exit with status 3 when any feedback is overdue")
		},
		run: func(_ context.Context, e *env, args []string) int {
			if format != "table" && format != "json" {
				return e.usageError("--format must be table or json, not %q", format)
			}
			today := e.date
			site, err := build.Load(e.source)
			if err != nil {
				return e.fail(err)
			}
			sla := site.Config.SLADays
			rows := []statusRow{} // [] rather than null when there are none
			overdue := 0
			ledgered := len(site.Ledger.Notices) > 0
			for _, fb := range site.Feedback {
				s := fb.State(today, sla)
				if s == content.Overdue {
					overdue++
				}
				due := fb.Due(sla)
				row := statusRow{
					ID: fb.ID, Candidate: fb.Candidate, Status: string(fb.Status),
					LastStage: fb.LastStage().String(), Due: due.String(), State: string(s),
					Allow: append([]string{}, fb.Allow...),
					path:  fb.Path, due: due, rank: fb.Urgency(s),
				}
				tell := notify.Tell(site, fb, today)
				if tell.Last != "" {
					row.Told = &tell.Last
				}
				if ledgered {
					row.telling = telling(tell)
				}
				rows = append(rows, row)
			}
			if format == "json" {
				writeJSON(e.stdout, rows)
			} else {
				color := isTerminal(e.stdout) && os.Getenv("NO_COLOR") == ""
				statusTable(e.stdout, rows, today, color)
			}
			if failOverdue && overdue > 0 {
				fmt.Fprintf(e.stderr, "candor status: feedback overdue for %s\n", count(overdue, "candidate"))
				return exitOverdue
			}
			return exitOK
		},
	}
}

const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// statusTable fits an 80-column terminal: long ids and names are cut.
func statusTable(w io.Writer, rows []statusRow, today content.Date, color bool) {
	if len(rows) == 0 {
		fmt.Fprintln(w, "No candidates yet. Start one with: candor new ID --candidate NAME --role ROLE")
		return
	}
	rows = slices.Clone(rows)
	slices.SortFunc(rows, func(a, b statusRow) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), a.due.Time().Compare(b.due.Time()), strings.Compare(a.ID, b.ID))
	})
	// Ids are shown whole: they are what "candor token" takes. Names are
	// cut to fit 80 columns instead.
	idw := len("ID")
	for _, r := range rows {
		idw = max(idw, utf8.RuneCountInString(r.ID))
	}
	// With a ledger, a last column says whether each candidate was told.
	told := len(rows) > 0 && rows[0].telling != ""
	header := fmt.Sprintf("%s  %s  %s  %s  %s  %s", pad("ID", idw), pad("CANDIDATE", 15), pad("STATUS", 12), pad("LAST STAGE", 10), pad("DUE", 10), "STATE")
	if told {
		header = fmt.Sprintf("%s  %s  %s  %s  %s  %s  %s", pad("ID", idw), pad("CANDIDATE", 15), pad("STATUS", 12), pad("LAST STAGE", 10), pad("DUE", 10), pad("STATE", 9), "TOLD")
	}
	fmt.Fprintln(w, header)
	var late, expired []string
	for _, r := range rows {
		state := r.State
		switch {
		case r.State == string(content.Overdue):
			late = append(late, r.ID)
			state = paint(color, red, state)
		case r.State == string(content.Expired):
			expired = append(expired, r.path)
			state = paint(color, dim, state)
		case r.rank == 1 && r.due.Sub(today) <= 2:
			state = paint(color, yellow, state)
		}
		if told {
			state += strings.Repeat(" ", max(0, 9-utf8.RuneCountInString(r.State))) + "  " + r.telling
		}
		fmt.Fprintf(w, "%s  %s  %s  %s  %s  %s\n", pad(r.ID, idw), pad(terminalSafe(r.Candidate), 15), pad(r.Status, 12), pad(r.LastStage, 10), pad(r.Due, 10), state)
	}
	var allowed []string
	for _, r := range rows {
		if len(r.Allow) > 0 {
			allowed = append(allowed, fmt.Sprintf("%s (%s)", r.ID, strings.Join(r.Allow, ", ")))
		}
	}
	if len(allowed) > 0 {
		fmt.Fprintf(w, "\nGuardrail findings a reviewer accepted (allow:): %s.\n", strings.Join(allowed, "; "))
	}
	var untold []string
	for _, r := range rows {
		if strings.HasPrefix(r.telling, "not yet") || strings.HasSuffix(r.telling, "new one due") {
			untold = append(untold, r.ID)
		}
	}
	if len(untold) > 0 {
		fmt.Fprintf(w, "\nNot told of their page yet: %s. Run candor notify.\n", strings.Join(untold, ", "))
	}
	if len(late) > 0 {
		fmt.Fprintf(w, "\n%s overdue: %s. They are waiting for you; write to them today.\n", count(len(late), "candidate"), strings.Join(late, ", "))
	}
	if len(expired) > 0 {
		fmt.Fprintf(w, "\n%s past retention, no longer published. Delete these files\n(git history keeps them: see \"Erasing a candidate\" in the README):\n", count(len(expired), "page"))
		for _, p := range expired {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

// telling is the TOLD column: the day of the last notice, and whether
// another is due ("2026-11-14, new due"), or why none can be.
func telling(t notify.Telling) string {
	switch {
	case t.Last != "" && t.Due:
		return t.Last + ", new one due"
	case t.Last != "":
		return t.Last
	case t.Due:
		return "not yet: due"
	case t.Why != "":
		return "never: " + t.Why
	}
	return "-"
}

func paint(on bool, code, s string) string {
	if !on {
		return s
	}
	return code + s + reset
}

// pad fits s into n columns, cutting it with an ellipsis when longer.
func pad(s string, n int) string {
	if c := utf8.RuneCountInString(s); c > n {
		return string([]rune(s)[:n-1]) + "…"
	} else {
		return s + strings.Repeat(" ", n-c)
	}
}

// exampleHost reports whether a base URL is on example.com (or .org,
// .net), as a new site's is until its owner sets the real one.
func exampleHost(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	for _, d := range []string{"example.com", "example.org", "example.net"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

// spreadsheetSafe neutralises a cell a spreadsheet would run as a
// formula, as OWASP recommends for CSV: one that starts with =, +, -, @,
// a tab or a carriage return gets a leading apostrophe, which the
// spreadsheet shows as text. A candidate named =HYPERLINK(...) could
// otherwise show another row's private link.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// urlRow is one link in "candor urls"; the JSON shape is SPEC.md's.
type urlRow struct {
	ID        string `json:"id"`
	Candidate string `json:"candidate"`
	Email     string `json:"email"`
	Status    string `json:"status"`
	URL       string `json:"url"`
	Expires   string `json:"expires"`
}

func urlsCmd() *command {
	var format string
	return &command{
		name:    "urls",
		args:    "[--format table|csv|json]",
		short:   "List the private links to send: the pages a build publishes today. Writes no file.",
		example: "candor urls --format csv > links.csv   # for a mail merge",
		setup: func(fs *flag.FlagSet, e *env) {
			sourceFlag(fs, e)
			todayFlag(fs, e)
			fs.StringVar(&format, "format", "table", "table, csv or json")
		},
		run: func(_ context.Context, e *env, args []string) int {
			if format != "table" && format != "csv" && format != "json" {
				return e.usageError("--format must be table, csv or json, not %q", format)
			}
			today := e.date
			site, err := build.Load(e.source)
			if err != nil {
				return e.fail(err)
			}
			if exampleHost(site.Config.BaseURL) {
				e.warn(diag.List{{Path: content.ConfigFile, Line: site.Config.BaseURLLine, Warning: true,
					Msg: "base_url is still an example address, so these links lead nowhere: set it to the address the site is published at"}})
			}
			rows := []urlRow{}
			for _, fb := range site.Feedback {
				if !fb.Published(today, false) {
					continue
				}
				rows = append(rows, urlRow{
					ID: fb.ID, Candidate: fb.Candidate, Email: fb.Email, Status: string(fb.Status),
					URL: fb.Link(site.Config.BaseURL), Expires: fb.Expires.String(),
				})
			}
			switch format {
			case "json":
				writeJSON(e.stdout, rows)
			case "csv":
				cw := csv.NewWriter(e.stdout)
				cw.Write([]string{"id", "candidate", "email", "status", "url", "expires"})
				for _, r := range rows {
					cw.Write([]string{r.ID, spreadsheetSafe(r.Candidate), spreadsheetSafe(r.Email), r.Status, r.URL, r.Expires})
				}
				cw.Flush()
			default:
				if len(rows) == 0 {
					fmt.Fprintln(e.stdout, "No page is published today: drafts, scheduled and expired pages have no link to send.")
					return exitOK
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tCANDIDATE\tEMAIL\tSTATUS\tEXPIRES\tURL")
				for _, r := range rows {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, terminalSafe(r.Candidate), terminalSafe(r.Email), r.Status, r.Expires, r.URL)
				}
				tw.Flush()
			}
			return exitOK
		},
	}
}
