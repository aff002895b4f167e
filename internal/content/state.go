package content

import "github.com/candor-feedback/candor/internal/token"

// State is where a candidate's page stands today, as "candor status"
// shows it.
type State string

const (
	Published State = "published"
	Drafted   State = "draft"
	Scheduled State = "scheduled"
	Expired   State = "expired"
	Overdue   State = "overdue"
)

// PrivateDir is the folder of the output that holds every private page.
const PrivateDir = "f/"

// PagePath is where a candidate's page is published, relative to the
// site's root: f/<path id>/. Its file is PagePath + "index.html".
func PagePath(pathID string) string { return PrivateDir + pathID + "/" }

// PagePath is where the candidate's page is published: f/<path id>/.
func (f *Feedback) PagePath() string { return PagePath(f.PathID()) }

// Link is the page's address below base (a base_url, or "/" for a link
// within the site), with the key in the fragment when the page is sealed.
func (f *Feedback) Link(base string) string {
	u := base + f.PagePath()
	if f.Sealed {
		u += "#" + token.Fragment(f.Token)
	}
	return u
}

// PageFile is the output file of the candidate's page.
func (f *Feedback) PageFile() string { return f.PagePath() + "index.html" }

// Publication says whether a build on today publishes the page: Published
// or, when not, why (Expired, Drafted, Scheduled). With drafts, drafts are
// published too. Every command and the preview ask this one function.
func (f *Feedback) Publication(today Date, drafts bool) State {
	switch {
	case !today.Before(f.Expires):
		return Expired
	case f.Draft && !drafts:
		return Drafted
	case !f.PublishAfter.IsZero() && today.Before(f.PublishAfter):
		return Scheduled
	}
	return Published
}

// Published reports whether a build on today publishes the page.
func (f *Feedback) Published(today Date, drafts bool) bool {
	return f.Publication(today, drafts) == Published
}

// Owed reports whether the promise record counts the candidate's latest
// stage: feedback is owed to every candidate who has not withdrawn, whose
// page is published or still a draft.
func (f *Feedback) Owed(today Date) bool {
	if f.Status == Withdrawn {
		return false
	}
	s := f.Publication(today, false)
	return s == Published || s == Drafted
}

// Due is the day the candidate must hear from the team by: decision_by
// for on-hold, else the last stage plus the site's feedback_sla_days.
func (f *Feedback) Due(slaDays int) Date {
	if f.Status == OnHold && !f.DecisionBy.IsZero() {
		return f.DecisionBy
	}
	return f.LastStage().AddDays(slaDays)
}

// IsOverdue reports whether the team is late: a draft whose last stage
// is more than slaDays old, or an on-hold candidate past decision_by.
// The deadline day itself is not late.
func (f *Feedback) IsOverdue(today Date, slaDays int) bool {
	if f.Draft && today.After(f.LastStage().AddDays(slaDays)) {
		return true
	}
	return f.Status == OnHold && !f.DecisionBy.IsZero() && today.After(f.DecisionBy)
}

// State is the page's state today: overdue wins over the others, else its
// Publication in a build without drafts.
func (f *Feedback) State(today Date, slaDays int) State {
	if f.IsOverdue(today, slaDays) {
		return Overdue
	}
	return f.Publication(today, false)
}

// Urgency orders candidates by what the team owes, most urgent first:
// overdue (0), then still owed (drafts and published on-hold pages, 1),
// scheduled (2), published (3), expired (4). Within one, the nearer due
// date comes first. s is the candidate's State today.
func (f *Feedback) Urgency(s State) int {
	switch {
	case s == Overdue:
		return 0
	case s == Drafted || f.Status == OnHold && s == Published:
		return 1
	case s == Scheduled:
		return 2
	case s == Published:
		return 3
	}
	return 4
}
