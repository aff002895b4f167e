package ledger

import (
	"slices"
	"time"
)

// Stage is a candidate's latest stage as the content says it: the
// candidates whose feedback is still owed count in the promise record.
type Stage struct {
	ID        string
	LastStage string // YYYY-MM-DD
}

// Promise is how the promise of feedback within SLADays was kept over the
// last WindowDays, naming no one.
type Promise struct {
	// Candidates is how many distinct candidates the figures are about.
	Candidates int
	// Stages are the promises counted: each candidate's stages in the
	// window that were told, or are past their deadline untold.
	Stages int
	// OnTime is how many of Stages were told within SLADays.
	OnTime int
	// Percent is OnTime of Stages as a whole percentage, 100 only when
	// every one was on time and 0 only when none was.
	Percent int
	// MedianDays is the median of the days from a stage to its first
	// notice, over those told; Told is how many that is.
	MedianDays float64
	Told       int
	SLADays    int
	WindowDays int
}

// Record works out the promise record on today (YYYY-MM-DD): from the
// ledger, each candidate's first notice after each stage in the window,
// told within slaDays or not; from current, each stage in the window past
// its deadline with no notice, late. It reports false when the window
// holds fewer than minCount distinct candidates: then nothing is shown.
func (l *Ledger) Record(current []Stage, today string, windowDays, slaDays, minCount int) (Promise, bool) {
	now, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return Promise{}, false
	}
	from := now.AddDate(0, 0, -windowDays).Format(time.DateOnly)
	inWindow := func(day string) bool { return day >= from && day <= today }
	type stage struct{ id, day string }
	first := map[stage]string{} // the day of the first notice
	if l != nil {
		for _, n := range l.Notices {
			s := stage{n.Key.ID, n.Key.LastStage}
			if !n.Told() || !inWindow(s.day) {
				continue
			}
			if d, ok := first[s]; !ok || n.Date < d {
				first[s] = n.Date
			}
		}
	}
	p := Promise{SLADays: slaDays, WindowDays: windowDays}
	people := map[string]bool{}
	var days []int
	for s, told := range first {
		d := daysBetween(s.day, told)
		days = append(days, d)
		if d <= slaDays {
			p.OnTime++
		}
		p.Stages++
		people[s.id] = true
	}
	for _, c := range current {
		s := stage{c.ID, c.LastStage}
		if _, told := first[s]; told || !inWindow(s.day) || daysBetween(s.day, today) <= slaDays {
			continue
		}
		p.Stages++ // late, and still waiting
		people[s.id] = true
	}
	p.Candidates = len(people)
	if p.Candidates < minCount || p.Stages == 0 {
		return Promise{}, false
	}
	// Rounded, but never to all or none when that is not so.
	p.Percent = (p.OnTime*200 + p.Stages) / (2 * p.Stages)
	switch {
	case p.Percent == 100 && p.OnTime < p.Stages:
		p.Percent = 99
	case p.Percent == 0 && p.OnTime > 0:
		p.Percent = 1
	}
	p.Told = len(days)
	if p.Told > 0 {
		slices.Sort(days)
		mid := len(days) / 2
		if len(days)%2 == 1 {
			p.MedianDays = float64(days[mid])
		} else {
			p.MedianDays = float64(days[mid-1]+days[mid]) / 2
		}
	}
	return p, true
}

// daysBetween is the number of days from a to b, both YYYY-MM-DD, and
// never less than 0 (a notice recorded before its stage's day says the
// day was set ahead: it was on time).
func daysBetween(a, b string) int {
	ta, _ := time.Parse(time.DateOnly, a)
	tb, _ := time.Parse(time.DateOnly, b)
	return max(0, int(tb.Sub(ta).Hours()/24))
}
