package content

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/matter"
	"github.com/candor-feedback/candor/internal/token"
)

// Status is where a candidate stands.
type Status string

const (
	Advancing   Status = "advancing"
	Offer       Status = "offer"
	NotSelected Status = "not-selected"
	OnHold      Status = "on-hold"
	Withdrawn   Status = "withdrawn"
)

// Statuses lists every status, in the order a person reads them.
var Statuses = []Status{Advancing, Offer, NotSelected, OnHold, Withdrawn}

// Feedback is one candidate's file under content/feedback/.
type Feedback struct {
	// Path is the file's path in the site, like content/feedback/ada.md.
	Path string
	// ID is the file name without .md.
	ID string
	// Fence is the line of the front matter's opening fence.
	Fence int

	Candidate     string
	PreferredName string
	Role          string
	Token         string
	Status        Status
	Stages        []Stage
	Strengths     []string
	Improvements  []string
	Concerns      []string
	RespondBy     Date
	NextSteps     string
	DecisionBy    Date
	Email         string
	// Recruiter is the file's recruiter, else the site's contact.
	Recruiter Contact
	// Lang is the file's lang, else the site's language; LangLine is
	// where the file wrote it, 0 when it did not.
	Lang         string
	LangLine     int
	Draft        bool
	PublishAfter Date
	// Expires is the first day the page is no longer built: the file's
	// expires, else the last stage plus the site's retention_days.
	Expires Date
	// Sealed is the file's sealed, else the site's.
	Sealed bool
	// Notify is false when the file holds its notices back (notify:
	// false): feedback on a new stage still being written.
	Notify bool

	Body     []byte
	BodyLine int
	// Sum is the SHA-256 of the file's bytes.
	Sum [32]byte
	// Dates are the dates the file wrote, with their lines.
	Dates []DateUse
	// Allow are the guardrail categories a reviewer accepted in this file.
	Allow []string
	// Updated is when the feedback was written or last changed, as the
	// file says; zero when it does not (the page then says the last
	// stage's date).
	Updated Date
	// parseWarnings are what reading the file found that will likely come
	// out wrong whatever the day: the guardrails' findings in a draft, a
	// language without rules, points run together, HTML left out.
	parseWarnings diag.List
	// pathID is PathID, worked out once: a reload reuses the Feedback of
	// an unchanged file, and the HMAC is the dearest part of planning
	// its page.
	pathID string
}

// Stage is one step of the interview process the candidate went through.
type Stage struct {
	Name         string
	Date         Date
	Interviewers []string
	Duration     time.Duration
}

// Greeting is the name the page greets the candidate by.
func (f *Feedback) Greeting() string {
	if f.PreferredName != "" {
		return f.PreferredName
	}
	first, _, _ := strings.Cut(strings.TrimSpace(f.Candidate), " ")
	return first
}

// LastStage is the date of the latest stage.
func (f *Feedback) LastStage() Date {
	var last Date
	for _, s := range f.Stages {
		if s.Date.After(last) {
			last = s.Date
		}
	}
	return last
}

// PathID is the page's unguessable folder under f/.
func (f *Feedback) PathID() string {
	if f.pathID == "" {
		return token.PathID(f.Token)
	}
	return f.pathID
}

var feedbackKeys = []string{
	"candidate", "preferred_name", "role", "token", "status", "stages",
	"strengths", "improvements", "concerns", "respond_by", "next_steps",
	"decision_by", "email", "recruiter", "lang", "draft", "publish_after",
	"expires", "sealed", "allow", "updated", "notify",
}

var stageKeys = []string{"name", "date", "interviewers", "duration"}

var validID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ValidID reports whether id can name a candidate's file (and a theme):
// lower-case letters, digits and hyphens, starting with a letter or digit.
func ValidID(id string) bool { return validID.MatchString(id) && !WindowsReserved(id) }

// WindowsReserved reports whether Windows refuses name for a file or a
// folder: CON, PRN, AUX, NUL, COM1 to COM9 and LPT1 to LPT9, in any case
// and with any extension, and names that end in a dot or a space. A site
// holding one cannot be checked out or built on Windows.
func WindowsReserved(name string) bool {
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return true
	}
	base, _, _ := strings.Cut(strings.ToLower(name), ".")
	switch base {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "com") || strings.HasPrefix(base, "lpt")) && '1' <= base[3] && base[3] <= '9'
}

// reservedMessage says why a name Windows refuses cannot be kept.
func reservedMessage(name string) string {
	return fmt.Sprintf("%q is a name Windows keeps for itself: a colleague on Windows could not check this site out or build it; rename it", name)
}

// parseFeedback reads one feedback file's front matter. The checks that
// span files (token uniqueness) are the caller's.
func parseFeedback(path, id string, doc *matter.Doc, cfg *Config, errs *diag.List) *Feedback {
	fb := &Feedback{
		Path: path, ID: id, Fence: doc.Fence,
		Body: doc.Body, BodyLine: doc.BodyLine,
		Recruiter: cfg.Contact, Lang: cfg.Language, Sealed: cfg.Sealed,
	}
	f := newFields(path, doc.Fence, "", doc.Root, feedbackKeys, errs)
	f.dates = &fb.Dates

	// Identity and format: always checked, drafts included.
	for _, k := range []string{"candidate", "role", "token", "status", "stages"} {
		f.require(k, "")
	}
	fb.Candidate = f.nonEmpty("candidate")
	fb.PreferredName = f.str("preferred_name")
	fb.Role = f.nonEmpty("role")
	if f.has("token") {
		fb.Token = f.str("token")
		switch {
		case !token.Valid(fb.Token):
			f.errorf(f.line("token"), "token must be at least 26 characters from a-z and 2-7 (run \"candor token %s\" to make a new one)", id)
			fb.Token = ""
		case token.Weak(fb.Token):
			f.errorf(f.line("token"), "token is too easy to guess (a pattern, not a random draw), so the page's address would be too: run \"candor token %s\" to make a random one", id)
			fb.Token = ""
		}
	}
	if fb.Token != "" {
		fb.pathID = token.PathID(fb.Token)
	}
	if s := f.str("status"); s != "" {
		fb.Status = Status(s)
		if !validStatus(fb.Status) {
			f.errorf(f.line("status"), "status must be one of advancing, offer, not-selected, on-hold or withdrawn")
		}
	}
	fb.Stages = parseStages(f)
	fb.Strengths = f.list("strengths")
	fb.Improvements = f.list("improvements")
	fb.Concerns = f.list("concerns")
	fb.RespondBy = f.date("respond_by")
	fb.NextSteps = f.str("next_steps")
	fb.DecisionBy = f.date("decision_by")
	fb.Email = f.email("email")
	if rf := f.sub("recruiter", "recruiter ", contactKeys); rf != nil {
		fb.Recruiter = Contact{Name: rf.str("name"), Email: rf.email("email")}
		if fb.Recruiter.Name == "" && fb.Recruiter.Email == "" {
			fb.Recruiter = cfg.Contact
		}
	}
	if s := f.str("lang"); s != "" {
		if !langTag.MatchString(s) {
			f.errorf(f.line("lang"), "lang must be a language tag like en or en-GB")
		} else {
			fb.Lang, fb.LangLine = s, f.line("lang")
		}
	}
	fb.Draft = f.boolean("draft")
	fb.PublishAfter = f.date("publish_after")
	fb.Updated = f.date("updated")
	fb.Expires = f.date("expires")
	if f.has("sealed") {
		fb.Sealed = f.boolean("sealed")
	}
	fb.Notify = !f.has("notify") || f.boolean("notify")
	if fb.Expires.IsZero() {
		if last := fb.LastStage(); !last.IsZero() {
			fb.Expires = last.AddDays(cfg.Retention)
		}
	}
	fb.Allow = allowList(f)
	guardrails(fb, doc, f)
	listWarnings(fb, f)
	htmlWarnings(fb)

	// Completeness: a draft is still being written.
	if fb.Draft {
		return fb
	}
	body := HasText(fb.Body) || len(f.flawed) > 0 // a flawed point is reported already
	if len(fb.Strengths) == 0 && len(fb.Improvements) == 0 && !body {
		f.errorf(doc.Fence, "no feedback written yet: add strengths, improvements or a few sentences below the front matter (or set draft: true while you write)")
	}
	switch fb.Status {
	case NotSelected:
		if len(fb.Improvements) == 0 && !body {
			f.errorf(doc.Fence, "improvements is required when status is not-selected (or a few sentences below the front matter): say what would have made the difference")
		}
	case Advancing:
		f.require("next_steps", " when status is advancing: tell the candidate what happens next")
	case OnHold:
		f.require("next_steps", " when status is on-hold: tell the candidate what happens next")
		f.require("decision_by", " when status is on-hold: the date the candidate will hear by")
	}
	if len(fb.Concerns) > 0 {
		f.require("respond_by", " with concerns: the date until which the candidate may answer them")
	}
	return fb
}

func validStatus(s Status) bool { return slices.Contains(Statuses, s) }

func parseStages(f *fields) []Stage {
	fd, ok := f.by["stages"]
	if !ok || fd.Value.Kind == matter.Null {
		return nil
	}
	if fd.Value.Kind != matter.List {
		f.wrongKind("stages", matter.List, fd.Value)
		return nil
	}
	if len(fd.Value.Items) == 0 {
		f.errorf(fd.Line, "stages needs at least one stage, with a name and a date")
		return nil
	}
	var stages []Stage
	for i, it := range fd.Value.Items {
		label := fmt.Sprintf("stage %d: ", i+1)
		if it.Kind != matter.Map {
			f.errorf(it.Line, "%s must have a name and a date, like {name: Technical interview, date: 2026-03-02}", strings.TrimSuffix(label, ": "))
			continue
		}
		sf := newFields(f.path, it.Line, label, it, stageKeys, f.errs)
		sf.dates = f.dates
		sf.require("name", "")
		sf.require("date", "")
		s := Stage{
			Name:         sf.nonEmpty("name"),
			Interviewers: sf.list("interviewers"),
			Duration:     sf.duration("duration"),
		}
		if sf.has("date") {
			s.Date = dateValue(sf, "date", sf.by["date"].Value)
		}
		stages = append(stages, s)
	}
	return stages
}

// earliest is the first day a file's date is taken as meant: before it,
// the year is likely a slip (0026 for 2026).
var earliest = Date{time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}

// Warnings are what in the file will likely come out wrong as of today,
// though it builds: a date before 2000 or more than two years ahead (a
// stage in 0026 builds nothing; an expiry in 9999 keeps a page forever).
func (f *Feedback) Warnings(today Date) diag.List {
	w := slices.Clone(f.parseWarnings)
	line := map[string]int{}
	for _, d := range f.Dates {
		line[d.Key] = d.Line
		switch {
		case d.Date.Before(earliest):
			w.Warn(f.Path, d.Line, "%s %s is before 2000: is the year right?", d.Key, d.Date)
		case d.Date.After(today.AddDays(2 * 365)):
			w.Warn(f.Path, d.Line, "%s %s is more than two years ahead: is the year right?", d.Key, d.Date)
		}
	}
	switch f.Publication(today, false) {
	case Expired:
		w.Warn(f.Path, cmp.Or(line["expires"], f.Fence), "not published: the page expired on %s (%s); delete the file, see \"Erasing a candidate\" in the README", f.Expires, expiryWhy(line["expires"] != 0))
	case Scheduled:
		w.Warn(f.Path, cmp.Or(line["publish_after"], f.Fence), "not published yet: publish_after holds it back until %s", f.PublishAfter)
	case Published:
		if !f.RespondBy.IsZero() && today.After(f.RespondBy) && len(f.Concerns) > 0 {
			w.Warn(f.Path, line["respond_by"], "respond_by %s has passed: the page now says so and still invites an answer; give a new date if you want one", f.RespondBy)
		}
		if f.Status == OnHold && !f.DecisionBy.IsZero() && today.After(f.DecisionBy) {
			w.Warn(f.Path, line["decision_by"], "decision_by %s has passed: the page now says the team is late and sorry; decide, or give the candidate a new date", f.DecisionBy)
		}
	}
	return w
}

func expiryWhy(written bool) string {
	if written {
		return "its expires date"
	}
	return "retention_days after the last stage"
}

// HasText reports whether a Markdown body says anything: HTML comments,
// which candor never renders, do not count.
func HasText(body []byte) bool {
	s := string(body)
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "-->")
		if j < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + s[i+j+3:]
	}
	return strings.TrimSpace(s) != ""
}
