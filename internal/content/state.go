package content

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

// State is the page's state today; overdue wins over the others, then
// expired (the file should be deleted), draft and scheduled.
func (f *Feedback) State(today Date, slaDays int) State {
	switch {
	case f.IsOverdue(today, slaDays):
		return Overdue
	case !today.Before(f.Expires):
		return Expired
	case f.Draft:
		return Drafted
	case !f.PublishAfter.IsZero() && today.Before(f.PublishAfter):
		return Scheduled
	}
	return Published
}
