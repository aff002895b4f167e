package content

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/matter"
)

// fields reads typed values out of one map of front matter, reporting
// every problem with the line of the key or value at fault.
type fields struct {
	path  string
	fence int    // the line of a missing key: the map's own line
	label string // "stage 2: " for a map inside a list
	errs  *diag.List
	by    map[string]matter.Field
	// dates, when set, receives every date read, with its line.
	dates *[]DateUse
	// flawed are the keys a point of which was reported: they are not
	// also reported as empty.
	flawed []string
}

// DateUse is a date a file wrote, and where.
type DateUse struct {
	Key  string // like respond_by or "stage 2: date"
	Line int
	Date Date
}

// newFields indexes m's keys and reports the ones not in known, with a
// suggestion where a known key is close.
func newFields(path string, fence int, label string, m *matter.Node, known []string, errs *diag.List) *fields {
	f := &fields{path: path, fence: fence, label: label, errs: errs, by: map[string]matter.Field{}}
	for _, fd := range m.Fields {
		if !slices.Contains(known, fd.Key) {
			msg := fmt.Sprintf("unknown key %q", fd.Key)
			if s := suggest(fd.Key, known); s != "" {
				msg += "; did you mean " + s + "?"
				f.flawed = append(f.flawed, s) // reported: not also as missing
			}
			f.errorf(fd.Line, "%s", msg)
			continue
		}
		f.by[fd.Key] = fd
	}
	return f
}

func (f *fields) errorf(line int, format string, args ...any) {
	f.errs.Add(f.path, line, "%s", f.label+fmt.Sprintf(format, args...))
}

// has reports whether key is set to something other than null.
func (f *fields) has(key string) bool {
	fd, ok := f.by[key]
	return ok && fd.Value.Kind != matter.Null
}

// line is where key is written, or the map's own line when it is not.
func (f *fields) line(key string) int {
	if fd, ok := f.by[key]; ok {
		return fd.Line
	}
	return f.fence
}

// require reports key as missing; why finishes the sentence.
func (f *fields) require(key, why string) {
	if !f.has(key) {
		f.errorf(f.fence, "%s is required%s", key, why)
	}
}

func (f *fields) wrongKind(key string, want matter.Kind, n *matter.Node) {
	switch {
	case want == matter.String && n.Kind == matter.List:
		f.errorf(n.Line, "%s is one text, not a list of points: write it after \"%s: \" on one line", key, key)
	case want == matter.String && n.Kind == matter.Map:
		f.errorf(n.Line, "%s is one text, but this reads as keys and values (a ': ' inside it?): put the whole text in double quotes", key)
	default:
		f.errorf(n.Line, "%s must be %s, not %s", key, want, n.Kind)
	}
}

// str returns a text value. Numbers are taken as written, so that a role
// such as 2025 needs no quotes.
func (f *fields) str(key string) string {
	fd, ok := f.by[key]
	if !ok {
		return ""
	}
	switch fd.Value.Kind {
	case matter.Null:
		return ""
	case matter.String, matter.Int, matter.Float:
		return f.text(key, fd.Value)
	}
	f.wrongKind(key, matter.String, fd.Value)
	return ""
}

// bullets reports points written with '•' or '* ' rather than '- ',
// which YAML reads as one text.
func (f *fields) bullets(key string, n *matter.Node) {
	for _, b := range []string{"•", "* "} {
		if t := strings.TrimSpace(n.Text); strings.HasPrefix(t, b) || b == "•" && strings.Contains(t, " •") {
			f.flawed = append(f.flawed, key)
			f.errorf(n.Line, "start each point with '- ' (a dash and a space), not '%s'", strings.TrimSpace(b)+" ")
			return
		}
	}
}

// text is a value's text, trimmed; a control character in it is an error
// (it could rewrite a recruiter's terminal, or hide text on a page).
func (f *fields) text(key string, n *matter.Node) string {
	s := strings.TrimSpace(n.Text)
	if i := strings.IndexFunc(s, isControl); i >= 0 {
		f.errorf(n.Line, "%s holds an invisible control character (U+%04X): retype the text without it", key, []rune(s[i:])[0])
	}
	return s
}

// isControl reports a character no text a person writes holds: control
// characters but line breaks and tabs, and the marks that reverse the
// direction of text (which can make a line read other than it is).
func isControl(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || 0x7f <= r && r < 0xa0:
		return true
	case 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069:
		return true
	}
	return false
}

// nonEmpty is str that reports a key written with an empty value.
func (f *fields) nonEmpty(key string) string {
	s := f.str(key)
	if s == "" && f.has(key) {
		f.errorf(f.line(key), "%s is empty", key)
	}
	return s
}

// list returns a list of text lines; a single text is taken as a list of
// one, since that is what its writer meant.
func (f *fields) list(key string) []string {
	fd, ok := f.by[key]
	if !ok || fd.Value.Kind == matter.Null {
		return nil
	}
	switch fd.Value.Kind {
	case matter.String:
		if s := f.text(key, fd.Value); s != "" {
			f.bullets(key, fd.Value)
			return []string{s}
		}
		return nil
	case matter.List:
	default:
		f.wrongKind(key, matter.List, fd.Value)
		return nil
	}
	var out []string
	for i, it := range fd.Value.Items {
		switch it.Kind {
		case matter.String, matter.Int, matter.Float:
			if s := f.text(key, it); s != "" {
				out = append(out, s)
			}
		case matter.Null:
		case matter.Map:
			f.flawed = append(f.flawed, key)
			f.errorf(it.Line, "point %d of %s holds ': ', which reads as a key and a value: put the whole point in double quotes, like - \"Clear reasoning: about trade-offs\"", i+1, key)
		default:
			f.flawed = append(f.flawed, key)
			f.errorf(it.Line, "point %d of %s must be text, not %s", i+1, key, it.Kind)
		}
	}
	return out
}

func (f *fields) boolean(key string) bool {
	fd, ok := f.by[key]
	if !ok || fd.Value.Kind == matter.Null {
		return false
	}
	if fd.Value.Kind != matter.Bool {
		f.wrongKind(key, matter.Bool, fd.Value)
		return false
	}
	return fd.Value.Bool
}

// integer returns the value and whether it was set and valid.
func (f *fields) integer(key string) (int, bool) {
	fd, ok := f.by[key]
	if !ok || fd.Value.Kind == matter.Null {
		return 0, false
	}
	if fd.Value.Kind != matter.Int {
		f.wrongKind(key, matter.Int, fd.Value)
		return 0, false
	}
	return int(fd.Value.Int), true
}

func (f *fields) date(key string) Date {
	fd, ok := f.by[key]
	if !ok || fd.Value.Kind == matter.Null {
		return Date{}
	}
	return dateValue(f, key, fd.Value)
}

func dateValue(f *fields, key string, n *matter.Node) Date {
	if n.Kind != matter.String && n.Kind != matter.Int {
		f.wrongKind(key, matter.String, n)
		return Date{}
	}
	d, form, real := ParseDate(strings.TrimSpace(n.Text))
	switch {
	case !form:
		f.errorf(n.Line, "%s must be a date written YYYY-MM-DD, like 2026-03-02", key)
	case !real:
		f.errorf(n.Line, "%s %s is not a real day", key, n.Text)
	case f.dates != nil:
		*f.dates = append(*f.dates, DateUse{Key: f.label + key, Line: n.Line, Date: d})
	}
	return d
}

// email returns an e-mail address. The value itself never appears in a
// message: CI logs are read by more people than the content is.
func (f *fields) email(key string) string {
	s := f.str(key)
	if s == "" {
		return ""
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s || !strings.Contains(s, "@") {
		f.errorf(f.line(key), "%s does not look like an e-mail address (write it as name@example.com)", key)
		return ""
	}
	return s
}

// duration reads "90m" or "1h30m".
func (f *fields) duration(key string) time.Duration {
	s := f.str(key)
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d%time.Minute != 0 {
		f.errorf(f.line(key), "%s must be written like 45m or 1h30m", key)
		return 0
	}
	return d
}

// sub returns the fields of a map value, or nil when key is not set or
// not a map.
func (f *fields) sub(key, label string, known []string) *fields {
	fd, ok := f.by[key]
	if !ok || fd.Value.Kind == matter.Null {
		return nil
	}
	if fd.Value.Kind != matter.Map {
		f.wrongKind(key, matter.Map, fd.Value)
		return nil
	}
	return newFields(f.path, fd.Line, f.label+label, fd.Value, known, f.errs)
}

// suggest returns the known key closest to key, if it is close enough to be
// a slip of the keyboard.
// Suggest is the word of known closest to key, for a "did you mean"; ""
// when none is close.
func Suggest(key string, known []string) string { return suggest(key, known) }

func suggest(key string, known []string) string {
	best, bestDist := "", 3
	k := strings.ToLower(strings.ReplaceAll(key, "-", "_"))
	for _, w := range known {
		if k == w {
			return w
		}
		limit := min(2, max(1, len(w)/3))
		if d := distance(k, w); d <= limit && d < bestDist {
			best, bestDist = w, d
		}
	}
	return best
}

// distance is the Damerau-Levenshtein distance (with adjacent swaps),
// so "strenghts" is one step from "strengths".
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 99
	}
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
