package content

import "testing"

func TestState(t *testing.T) {
	d := func(s string) Date { v, _, _ := ParseDate(s); return v }
	stage := []Stage{{Name: "Call", Date: d("2026-03-02")}}
	const sla = 5 // due 2026-03-07
	tests := []struct {
		name  string
		f     Feedback
		today string
		due   string
		want  State
	}{
		{"published", Feedback{Status: Advancing}, "2026-03-10", "2026-03-07", Published},
		{"draft before the deadline", Feedback{Status: Advancing, Draft: true}, "2026-03-06", "2026-03-07", Drafted},
		{"draft on the deadline day", Feedback{Status: Advancing, Draft: true}, "2026-03-07", "2026-03-07", Drafted},
		{"draft one day after", Feedback{Status: Advancing, Draft: true}, "2026-03-08", "2026-03-07", Overdue},
		{"on-hold on decision_by", Feedback{Status: OnHold, DecisionBy: d("2026-03-20")}, "2026-03-20", "2026-03-20", Published},
		{"on-hold one day after", Feedback{Status: OnHold, DecisionBy: d("2026-03-20")}, "2026-03-21", "2026-03-20", Overdue},
		{"scheduled", Feedback{Status: NotSelected, PublishAfter: d("2026-03-09")}, "2026-03-08", "2026-03-07", Scheduled},
		{"scheduled day", Feedback{Status: NotSelected, PublishAfter: d("2026-03-09")}, "2026-03-09", "2026-03-07", Published},
		{"expired", Feedback{Status: Offer}, "2026-04-01", "2026-03-07", Expired},
		{"day before expiry", Feedback{Status: Offer}, "2026-03-31", "2026-03-07", Published},
		{"overdue wins over expired", Feedback{Status: Advancing, Draft: true}, "2026-04-01", "2026-03-07", Overdue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.f
			f.Stages = stage
			f.Expires = d("2026-04-01")
			if got := f.Due(sla).String(); got != tt.due {
				t.Errorf("Due = %s, want %s", got, tt.due)
			}
			if got := f.State(d(tt.today), sla); got != tt.want {
				t.Errorf("State(%s) = %s, want %s", tt.today, got, tt.want)
			}
		})
	}
}
