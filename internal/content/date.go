package content

import (
	"regexp"
	"time"
)

// Date is a calendar day with no time of day or zone. The zero Date means
// "not set".
type Date struct{ t time.Time }

var dateForm = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// ParseDate reads YYYY-MM-DD. It reports whether s is such a date and, when
// it has the form, whether the day exists.
func ParseDate(s string) (d Date, form, real bool) {
	if !dateForm.MatchString(s) {
		return Date{}, false, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, true, false
	}
	return Date{t}, true, true
}

// DateOf returns the UTC calendar day of t.
func DateOf(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func (d Date) IsZero() bool { return d.t.IsZero() }

// AddDays returns the day n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

func (d Date) Before(e Date) bool { return d.t.Before(e.t) }
func (d Date) After(e Date) bool  { return d.t.After(e.t) }

// Sub returns the number of days from e to d.
func (d Date) Sub(e Date) int { return int(d.t.Sub(e.t).Hours() / 24) }

// String is YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Long is the day as a person reads it: "Tuesday 3 March 2026".
func (d Date) Long() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("Monday 2 January 2006")
}

// Time is the day at midnight UTC.
func (d Date) Time() time.Time { return d.t }
