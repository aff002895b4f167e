package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"os"
	"strings"

	"github.com/candor-feedback/candor/internal/build"
	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/ledger"
	"github.com/candor-feedback/candor/internal/notify"
)

// stringsFlag collects a flag given several times, or with commas.
type stringsFlag []string

func (s *stringsFlag) String() string { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*s = append(*s, part)
		}
	}
	return nil
}

func notifyCmd() *command {
	var send, record bool
	var outbox, testTo string
	var max int
	var retry stringsFlag
	return &command{
		name:  "notify",
		args:  "[--send | --outbox DIR | --record] [--test-to ADDRESS] [--max N] [--retry ID]",
		short: "Tell candidates their feedback page is there: list the notices due, send them, or write them as drafts.",
		example: "candor notify                       # list the notices due; sends nothing\n" +
			"  CANDOR_SMTP_URL=smtp://talent@mail.example.com:587 CANDOR_SMTP_PASSWORD=... candor notify --send\n" +
			"  candor notify --outbox drafts       # one .eml draft a candidate, to send from your own mailbox",
		setup: func(fs *flag.FlagSet, e *env) {
			sourceFlag(fs, e)
			todayFlag(fs, e)
			fs.BoolVar(&send, "send", false, "mail the notices over SMTP (CANDOR_SMTP_URL, CANDOR_SMTP_PASSWORD, CANDOR_MAIL_FROM)")
			fs.StringVar(&outbox, "outbox", "", "write each notice as DIR/<id>.eml, a draft to send from your own mailbox, and record it")
			fs.BoolVar(&record, "record", false, "record the notices due as sent by hand, sending nothing")
			fs.StringVar(&testTo, "test-to", "", "with --send: send every notice due to this one address instead, and record nothing")
			fs.IntVar(&max, "max", 0, "send at most N notices (the rest stay due)")
			fs.Var(&retry, "retry", "make the refused notice of candidate ID due again (after fixing its address)")
		},
		run: func(ctx context.Context, e *env, _ []string) int {
			modes := 0
			for _, on := range []bool{send, outbox != "", record} {
				if on {
					modes++
				}
			}
			switch {
			case modes > 1:
				return e.usageError("--send, --outbox and --record each do the notices a different way: give one")
			case testTo != "" && !send:
				return e.usageError("--test-to goes with --send")
			case max < 0:
				return e.usageError("--max must be 0 (no limit) or more")
			}
			if testTo != "" {
				if _, err := mail.ParseAddress(testTo); err != nil {
					return e.usageError("--test-to must be an e-mail address")
				}
			}
			site, err := build.Load(e.source)
			if err != nil {
				return e.fail(err)
			}
			for _, id := range retry {
				if !refused(site, id) {
					return e.usageError("--retry %s: %s has no refused notice to try again", terminalSafe(id), terminalSafe(id))
				}
			}
			due, skipped := notify.Due(site, e.date, retry)
			if len(due) == 0 && (record || outbox != "") {
				fmt.Fprintln(e.stdout, "No notices due: nothing to do.")
				return exitOK
			}
			switch {
			case record:
				return e.recordNotices(due)
			case send:
				return e.sendNotices(ctx, site, due, testTo, max)
			case outbox != "":
				from, _ := sender(site)
				return e.deliver(ctx, site, due, &notify.Outbox{Dir: outbox, From: from}, max, "written to "+outbox, true)
			}
			listNotices(e.stdout, due, skipped)
			return exitOK
		},
	}
}

// refused reports whether the ledger's last notice of candidate id is a
// refusal.
func refused(site *content.Site, id string) bool {
	for i := len(site.Ledger.Notices) - 1; i >= 0; i-- {
		if n := site.Ledger.Notices[i]; n.Key.ID == id {
			return !n.Told()
		}
	}
	return false
}

// listNotices prints the notices due, and who can get none: ids, statuses
// and reasons only, never a name or an address.
func listNotices(w io.Writer, due []notify.Notice, skipped notify.Skipped) {
	if len(due) == 0 {
		fmt.Fprintln(w, "No notices due: every published candidate with an email has been told.")
	} else {
		idw := len("ID")
		for _, n := range due {
			idw = max(idw, len(n.Key.ID))
		}
		fmt.Fprintf(w, "%s  %s  %s\n", pad("ID", idw), pad("STATUS", 12), "WHY")
		for _, n := range due {
			why := n.Why.Describe()
			if n.Retry {
				why += " (again, after a refusal)"
			}
			fmt.Fprintf(w, "%s  %s  %s\n", pad(n.Key.ID, idw), pad(n.Key.Status, 12), why)
		}
		fmt.Fprintf(w, "\n%s due; nothing was sent. Send them with candor notify --send, write drafts with\n--outbox DIR, or record links you sent yourself with --record.\n", count(len(due), "notice"))
	}
	if len(skipped.NoEmail) > 0 {
		fmt.Fprintf(w, "\nNo email in the file, so no notice: %s.\n", strings.Join(skipped.NoEmail, ", "))
	}
	if len(skipped.Held) > 0 {
		fmt.Fprintf(w, "\nHeld back by notify: false: %s.\n", strings.Join(skipped.Held, ", "))
	}
}

func (e *env) recordNotices(due []notify.Notice) int {
	w, err := ledger.Open(e.source)
	if err != nil {
		fmt.Fprintf(e.stderr, "candor notify: cannot write %s: %v\n", ledger.File, err)
		return exitContent
	}
	defer w.Close()
	done, err := notify.Record(e.date, due, w)
	if err != nil {
		fmt.Fprintf(e.stderr, "candor notify: cannot write %s: %v\n", ledger.File, err)
		return exitContent
	}
	fmt.Fprintf(e.stdout, "Recorded %s as told by hand%s.\n", count(len(done), "notice"), idList(done))
	return exitOK
}

// sender is who mails come from: CANDOR_MAIL_FROM, else the site's
// contact, named by the contact's name or the company.
func sender(site *content.Site) (notify.From, error) {
	if v := os.Getenv("CANDOR_MAIL_FROM"); v != "" {
		a, err := mail.ParseAddress(v)
		if err != nil {
			return notify.From{}, fmt.Errorf("CANDOR_MAIL_FROM must be an address like \"Talent team <talent@example.com>\"")
		}
		return notify.From{Name: a.Name, Email: a.Address}, nil
	}
	c := site.Config.Contact
	if c.Email == "" {
		return notify.From{}, fmt.Errorf("mails need a sender: set contact in %s (contact: {name: Talent team, email: talent@example.com}) or CANDOR_MAIL_FROM", content.ConfigFile)
	}
	name := c.Name
	if name == "" {
		name = site.Config.Company
	}
	return notify.From{Name: name, Email: c.Email}, nil
}

func (e *env) sendNotices(ctx context.Context, site *content.Site, due []notify.Notice, testTo string, max int) int {
	if len(due) == 0 {
		fmt.Fprintln(e.stdout, "No notices due: nothing to send.")
		return exitOK
	}
	smtpURL := os.Getenv("CANDOR_SMTP_URL")
	if smtpURL == "" {
		return e.usageError("--send needs the mail server in CANDOR_SMTP_URL, like smtp://talent@mail.example.com:587 (the password in CANDOR_SMTP_PASSWORD)")
	}
	from, err := sender(site)
	if err != nil {
		fmt.Fprintf(e.stderr, "candor notify: %v\n", err)
		return exitContent
	}
	s, err := notify.DialSMTP(ctx, notify.SMTPConfig{URL: smtpURL, Password: os.Getenv("CANDOR_SMTP_PASSWORD"), From: from, TestTo: testTo})
	if err != nil {
		fmt.Fprintf(e.stderr, "candor notify: %s\n", terminalSafe(err.Error()))
		fmt.Fprintf(e.stderr, "Not sent: %s.\n", strings.Join(notifyIDs(due), ", "))
		return exitContent
	}
	if testTo != "" {
		return e.deliver(ctx, site, due, s, max, "sent to the test address (not recorded)", false)
	}
	return e.deliver(ctx, site, due, s, max, "sent", true)
}

// deliver runs the notices through s, recording each in the ledger when
// record is set, and reports what happened.
func (e *env) deliver(ctx context.Context, site *content.Site, due []notify.Notice, s notify.Sender, max int, what string, record bool) int {
	defer s.Close()
	var rec notify.Recorder
	if record {
		w, err := ledger.Open(e.source)
		if err != nil {
			fmt.Fprintf(e.stderr, "candor notify: cannot write %s, so nothing was sent: %v\n", ledger.File, err)
			return exitContent
		}
		defer w.Close()
		rec = w
	}
	out := notify.Run(ctx, site, e.date, due, s, rec, max)
	if len(out.Sent) > 0 {
		fmt.Fprintf(e.stdout, "%s %s%s.\n", capital(count(len(out.Sent), "notice")), what, idList(out.Sent))
	}
	for _, id := range out.Refused {
		fmt.Fprintf(e.stderr, "candor notify: %s: %s\n", id, out.Refusals[id])
	}
	if len(out.Left) > 0 {
		fmt.Fprintf(e.stdout, "%s left for the next run (--max %d): %s.\n", capital(count(len(out.Left), "notice")), max, strings.Join(out.Left, ", "))
	}
	if out.Stopped != nil {
		fmt.Fprintf(e.stderr, "candor notify: stopped: %s\n", terminalSafe(out.Stopped.Error()))
		fmt.Fprintf(e.stderr, "Not sent: %s. Run candor notify again to send them.\n", strings.Join(out.NotSent, ", "))
	}
	if out.Stopped != nil || len(out.Refused) > 0 {
		return exitContent
	}
	return exitOK
}

func notifyIDs(ns []notify.Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Key.ID)
	}
	return out
}

func idList(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ": " + strings.Join(ids, ", ")
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
