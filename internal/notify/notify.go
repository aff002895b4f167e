// Package notify decides which candidates are due a mail telling them
// their feedback page is there, writes each mail, and hands it to a
// sender (an SMTP server, or a folder of drafts), recording every notice
// in the ledger as soon as it is out.
package notify

import (
	"slices"
	"strings"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/ledger"
)

// Why is what a notice tells the candidate.
type Why string

const (
	First  Why = "first"  // the first feedback
	Stage  Why = "stage"  // feedback on a new stage
	Status Why = "status" // a decision: the status changed
	Delay  Why = "date"   // on hold, with a new decision date
	Link   Why = "link"   // a new link (candor token)
)

// Describe is the reason as the recruiter reads it in a terminal.
func (w Why) Describe() string {
	switch w {
	case First:
		return "first feedback"
	case Stage:
		return "feedback on a new stage"
	case Status:
		return "new status"
	case Delay:
		return "new decision date"
	case Link:
		return "new link"
	}
	return string(w)
}

// Notice is one candidate due a mail.
type Notice struct {
	Feedback *content.Feedback
	Key      ledger.Key
	Why      Why
	// NewLink is true when the candidate was told of another link
	// before: the mail says the old one no longer works.
	NewLink bool
	// Retry is true when the last attempt was refused and the team asked
	// for another (--retry).
	Retry bool
}

// KeyOf is the ledger key of a candidate's notice as things stand.
func KeyOf(fb *content.Feedback) ledger.Key {
	k := ledger.Key{ID: fb.ID, Status: string(fb.Status), PathID: fb.PathID(), LastStage: fb.LastStage().String()}
	if fb.Status == content.OnHold {
		k.DecisionBy = fb.DecisionBy.String()
	}
	return k
}

// Skipped are the published candidates that no notice can be due for,
// by reason: those without an e-mail address, and those whose file holds
// its notices back.
type Skipped struct {
	NoEmail, Held []string
}

// Due are the notices due on today, by id: for every candidate whose page
// a build publishes today, who has an e-mail address, whose file does not
// say notify: false, and for whom the ledger has no notice with the same
// key. A notice the server refused is due again only for the ids in
// retry.
func Due(site *content.Site, today content.Date, retry []string) ([]Notice, Skipped) {
	var due []Notice
	var skipped Skipped
	for _, fb := range site.Feedback {
		n, why := dueFor(site, fb, today, retry)
		switch why {
		case noEmail:
			skipped.NoEmail = append(skipped.NoEmail, fb.ID)
		case held:
			skipped.Held = append(skipped.Held, fb.ID)
		case "":
			due = append(due, n)
		}
	}
	slices.SortFunc(due, func(a, b Notice) int { return strings.Compare(a.Key.ID, b.Key.ID) })
	return due, skipped
}

// Why no notice is due for a candidate.
const (
	unpublished = "not published"
	noEmail     = "no email"
	held        = "notify: false"
	told        = "told"
)

// dueFor is the notice due for fb, or why none is.
func dueFor(site *content.Site, fb *content.Feedback, today content.Date, retry []string) (Notice, string) {
	switch {
	case !fb.Published(today, false):
		return Notice{}, unpublished
	case strings.TrimSpace(fb.Email) == "":
		return Notice{}, noEmail
	case !fb.Notify:
		return Notice{}, held
	}
	k := KeyOf(fb)
	last, recorded := site.Ledger.Last(k)
	again := recorded && !last.Told() && slices.Contains(retry, fb.ID)
	if recorded && !again {
		return Notice{}, told
	}
	n := Notice{Feedback: fb, Key: k, Why: First, Retry: again}
	if prev, ok := site.Ledger.LastTold(fb.ID); ok {
		p := prev.Key
		switch {
		case p.Status != k.Status:
			n.Why = Status
		case p.LastStage != k.LastStage:
			n.Why = Stage
		case p.DecisionBy != k.DecisionBy:
			n.Why = Delay
		case p.PathID != k.PathID:
			n.Why = Link
		}
		n.NewLink = p.PathID != k.PathID
	}
	return n, ""
}

// Telling is what a candidate has been told, as status and the preview
// show it.
type Telling struct {
	// Last is the day of the last notice that told the candidate, "" for
	// none.
	Last string
	// Due is true when a notice is due today; Why says why, or why none
	// can be (no email, notify: false), "" when told or not published.
	Due bool
	Why string
}

// Tell says what the ledger holds of fb, on today.
func Tell(site *content.Site, fb *content.Feedback, today content.Date) Telling {
	var t Telling
	if n, ok := site.Ledger.LastTold(fb.ID); ok {
		t.Last = n.Date
	}
	n, why := dueFor(site, fb, today, nil)
	switch why {
	case "":
		t.Due, t.Why = true, n.Why.Describe()
	case noEmail, held:
		t.Why = why
	}
	return t
}
