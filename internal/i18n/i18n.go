// Package i18n holds the sentences a theme writes into pages, in every
// language a site speaks: translation tables from the site's i18n/, the
// theme's and the built-in theme's, merged key by key, with CLDR plural
// rules (through go-i18n) and long dates.
package i18n

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/matter"
)

// Dir is where a site, and a theme, keep their tables: <lang>.yaml.
const Dir = "i18n"

// Reference is the language whose built-in table holds every key.
const Reference = "en"

// categories are CLDR's plural categories, as a table names them.
var categories = []string{"zero", "one", "two", "few", "many", "other"}

// rtl are the base languages written right to left.
var rtl = []string{"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ku"}

// Layer is one place tables come from; later layers win key by key.
type Layer struct {
	FS   fs.FS  // holds Dir
	Name string // for messages: where a person finds the folder
	// Known is set for the built-in theme: its keys are the keys there
	// are, and a table elsewhere with another key gets a warning.
	BuiltIn bool
}

// Tables are every language's sentences.
type Tables struct {
	langs map[string]*Lang // by tag, lower case
	// Sum covers every table's bytes, for caches of what was made with
	// them.
	Sum [32]byte
}

// Lang is one language's sentences.
type Lang struct {
	// Tag is the table's tag, as its file is named (pt, pt-BR).
	Tag string
	// RTL is true for languages written right to left.
	RTL bool

	text    map[string]string
	html    map[string]template.HTML // text, escaped: what layouts print
	plural  map[string]bool
	digits  []rune
	loc     *goi18n.Localizer
	mu      sync.Mutex
	plurals map[pluralKey]string
}

type pluralKey struct {
	key string
	n   string
}

// entry is one key of one table, as read.
type entry struct {
	text  string
	forms map[string]string // plural forms, when it has them
	line  int
	where string // the file
}

// Load reads the tables of every layer. The error is a diag.List of the
// problems that stop a build; warnings (a key no theme knows) do not.
func Load(layers []Layer) (*Tables, diag.List, error) {
	files, sum, err := read(layers)
	if err != nil {
		return nil, nil, err
	}
	// Every build and every rebuild of serve loads the tables; the same
	// bytes give the same tables, so the last few are kept.
	loaded.Lock()
	defer loaded.Unlock()
	for _, c := range loaded.recent {
		if c.sum == sum {
			return c.tables, c.warnings, c.err
		}
	}
	t, warnings, err := build(files)
	if t != nil {
		t.Sum = sum
	}
	loaded.recent = append(loaded.recent, loadResult{sum, t, warnings, err})
	if len(loaded.recent) > 4 {
		loaded.recent = loaded.recent[1:]
	}
	return t, warnings, err
}

// loaded are the results of the last few Loads, by the sum of what they
// read.
var loaded struct {
	sync.Mutex
	recent []loadResult
}

type loadResult struct {
	sum      [32]byte
	tables   *Tables
	warnings diag.List
	err      error
}

// file is one table as read, and the layer it came from.
type file struct {
	layer Layer
	name  string
	src   []byte
}

// read reads every layer's tables, and sums all it read.
func read(layers []Layer) ([]file, [32]byte, error) {
	var files []file
	h := sha256.New()
	for _, l := range layers {
		names, err := fs.Glob(l.FS, Dir+"/*.yaml")
		if err != nil {
			return nil, [32]byte{}, err
		}
		for _, name := range names {
			src, err := fs.ReadFile(l.FS, name)
			if err != nil {
				return nil, [32]byte{}, err
			}
			fmt.Fprintf(h, "%s %v %s %d\n", l.Name, l.BuiltIn, name, len(src))
			h.Write(src)
			files = append(files, file{l, name, src})
		}
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return files, sum, nil
}

// build makes the tables of files, read in order of precedence.
func build(files []file) (*Tables, diag.List, error) {
	merged := map[string]map[string]entry{} // lang -> key -> entry
	last := map[string]string{}             // lang -> the last file read for it
	builtin := map[string]bool{}            // langs the built-in theme ships
	var known map[string]entry
	var errs, warnings diag.List
	for _, f := range files {
		l, src := f.layer, f.src
		name := f.name
		where := path.Join(l.Name, path.Base(name))
		tag := strings.TrimSuffix(path.Base(name), ".yaml")
		if _, err := language.Parse(tag); err != nil {
			errs.Add(where, 1, "a table's file name must be a language tag, like de.yaml or pt-BR.yaml")
			continue
		}
		table, e := parse(src, where)
		errs.Append(e)
		lang := strings.ToLower(tag)
		if l.BuiltIn {
			builtin[lang] = true
			if lang == Reference {
				known = table
			}
		} else if known != nil {
			for key, en := range table {
				if _, ok := known[key]; !ok {
					warnings.Warn(where, en.line, "%s is not a key the theme knows, so no page shows it: is it misspelt?%s", key, suggestion(key, known))
				}
			}
		}
		if merged[lang] == nil {
			merged[lang] = map[string]entry{}
		}
		for key, en := range table {
			merged[lang][key] = en
		}
		last[lang] = where
	}
	if len(errs) > 0 {
		return nil, warnings, errs.Sort()
	}
	// A language no built-in table ships must say everything itself.
	for lang, table := range merged {
		if builtin[lang] || builtin[base(lang)] {
			continue
		}
		var missing []string
		for key := range known {
			if _, ok := table[key]; !ok {
				missing = append(missing, key)
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			first := missing[:min(len(missing), 3)]
			errs.Add(last[lang], 1, "the built-in theme has no %s table, so this one must hold every key; it lacks %d of the %d, such as %s (the README lists them all)", lang, len(missing), len(known), strings.Join(first, ", "))
		}
	}
	if len(errs) > 0 {
		return nil, warnings, errs.Sort()
	}
	t := &Tables{langs: map[string]*Lang{}}
	bundle := goi18n.NewBundle(language.English)
	for lang, table := range merged {
		// A regional table (pt-BR) starts from its base language's.
		full := map[string]entry{}
		if lang != base(lang) {
			for key, en := range merged[base(lang)] {
				full[key] = en
			}
		}
		for key, en := range table {
			full[key] = en
		}
		l, err := newLang(bundle, tagOf(last[lang]), full)
		if err != nil {
			return nil, warnings, err
		}
		t.langs[lang] = l
	}
	return t, warnings.Sort(), nil
}

func tagOf(file string) string { return strings.TrimSuffix(path.Base(file), ".yaml") }

func base(lang string) string {
	b, _, _ := strings.Cut(lang, "-")
	return b
}

func newLang(bundle *goi18n.Bundle, tag string, table map[string]entry) (*Lang, error) {
	l := &Lang{Tag: tag, RTL: slices.Contains(rtl, base(strings.ToLower(tag))), text: map[string]string{}, plural: map[string]bool{}, plurals: map[pluralKey]string{}}
	langTag := language.MustParse(tag)
	var msgs []*goi18n.Message
	for key, en := range table {
		if en.forms == nil {
			l.text[key] = en.text
			continue
		}
		l.plural[key] = true
		f := en.forms
		msgs = append(msgs, &goi18n.Message{ID: key, Zero: f["zero"], One: f["one"], Two: f["two"], Few: f["few"], Many: f["many"], Other: f["other"]})
	}
	if err := bundle.AddMessages(langTag, msgs...); err != nil {
		return nil, err
	}
	l.loc = goi18n.NewLocalizer(bundle, tag)
	l.html = make(map[string]template.HTML, len(l.text))
	for key, text := range l.text {
		l.html[key] = template.HTML(template.HTMLEscapeString(text))
	}
	l.digits = []rune(l.text["digits"])
	if len(l.digits) != 10 {
		l.digits = []rune("0123456789")
	}
	return l, nil
}

// parse reads one table: a map from key to text, or to plural forms.
func parse(src []byte, where string) (map[string]entry, diag.List) {
	var errs diag.List
	root, err := matter.ParseYAML(src)
	if err != nil {
		var me *matter.Error
		if errors.As(err, &me) {
			errs.Add(where, me.Line, "%s", strings.Replace(me.Msg, "front matter", "table", 1))
		} else {
			errs.Add(where, 1, "%v", err)
		}
		return nil, errs
	}
	table := map[string]entry{}
	if root == nil {
		return table, nil
	}
	if root.Kind != matter.Map {
		errs.Add(where, root.Line, "a table is a list of keys and texts, like strengths_heading: What went well")
		return nil, errs
	}
	for _, fd := range root.Fields {
		v := fd.Value
		switch v.Kind {
		case matter.String, matter.Int, matter.Float:
			table[fd.Key] = entry{text: v.Text, line: fd.Line, where: where}
		case matter.Map:
			forms := map[string]string{}
			for _, f := range v.Fields {
				if !slices.Contains(categories, f.Key) {
					errs.Add(where, f.Line, "%s: %s is not a plural form; the forms are zero, one, two, few, many and other", fd.Key, f.Key)
					continue
				}
				forms[f.Key] = f.Value.Text
			}
			if forms["other"] == "" {
				errs.Add(where, fd.Line, "%s needs its form other, which every language uses", fd.Key)
			}
			table[fd.Key] = entry{forms: forms, line: fd.Line, where: where}
		default:
			errs.Add(where, fd.Line, "%s must be a text, or plural forms like one: ... and other: ...", fd.Key)
		}
	}
	return table, errs
}

// suggestion is " (did you mean K?)" for the known key closest to key.
func suggestion(key string, known map[string]entry) string {
	best, bestD := "", 4
	for k := range known {
		if d := distance(key, k); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// Lookup is the table for a language tag: the tag's own (pt-BR), else its
// base language's (pt); nil when no table covers it.
func (t *Tables) Lookup(tag string) *Lang {
	lower := strings.ToLower(tag)
	if l, ok := t.langs[lower]; ok {
		return l
	}
	return t.langs[base(lower)]
}

// Languages are the tags there are tables for, sorted.
func (t *Tables) Languages() []string {
	var out []string
	for _, l := range t.langs {
		out = append(out, l.Tag)
	}
	slices.Sort(out)
	return out
}

// Keys are the keys of the reference table, sorted.
func (t *Tables) Keys() []string {
	l := t.langs[Reference]
	var out []string
	for k := range l.text {
		out = append(out, k)
	}
	for k := range l.plural {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Text is the text of key, placeholders as written; "" when there is no
// such key.
func (l *Lang) Text(key string) string { return l.text[key] }

// HTML is every key without plural forms, its text escaped for a page:
// a layout prints {{$.L.note_heading}} at the cost of a map lookup. Do not
// modify it.
func (l *Lang) HTML() map[string]template.HTML { return l.html }

// Plural is the form of key for n, placeholders as written.
func (l *Lang) Plural(key string, n int) string { return l.form(key, strconv.Itoa(n)) }

// form is the form of key for the number n, written in ASCII digits
// with a decimal point.
func (l *Lang) form(key, n string) string {
	k := pluralKey{key, n}
	l.mu.Lock()
	s, ok := l.plurals[k]
	l.mu.Unlock()
	if ok {
		return s
	}
	s, _ = l.loc.Localize(&goi18n.LocalizeConfig{MessageID: key, PluralCount: n})
	l.mu.Lock()
	l.plurals[k] = s
	l.mu.Unlock()
	return s
}

// IsPlural reports whether key has plural forms.
func (l *Lang) IsPlural(key string) bool { return l.plural[key] }

// Number writes n in the table's digits.
func (l *Lang) Number(n int) string {
	s := strconv.Itoa(n)
	if string(l.digits) == "0123456789" {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if '0' <= c && c <= '9' {
			b.WriteRune(l.digits[c-'0'])
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// Decimal is a number that may have a fraction, such as a median of
// days: Format writes it with the language's decimal mark, and picks a
// plural form by it when it is the count.
type Decimal float64

// Decimal writes d in the table's digits, with one decimal place when it
// is not whole: "2.5", "2,5".
func (l *Lang) Decimal(d Decimal) string {
	whole, frac := d.parts()
	if frac == "" {
		return l.Number(whole)
	}
	return l.Number(whole) + l.text["decimal_mark"] + l.Number(int(frac[0]-'0'))
}

// parts are d's whole part and its one decimal digit, "" when whole.
func (d Decimal) parts() (int, string) {
	w, frac, _ := strings.Cut(strconv.FormatFloat(float64(d), 'f', 1, 64), ".")
	whole, _ := strconv.Atoi(w)
	if frac == "0" {
		return whole, ""
	}
	return whole, frac
}

// operand is d as plural rules read it: "2", "2.5".
func (d Decimal) operand() string {
	whole, frac := d.parts()
	if frac == "" {
		return strconv.Itoa(whole)
	}
	return strconv.Itoa(whole) + "." + frac
}

// Date writes d as the language's long date: "Monday 30 November 2026",
// "Montag, 30. November 2026".
func (l *Lang) Date(d time.Time) string {
	wd := int(d.Weekday())
	if wd == 0 {
		wd = 7
	}
	return fill(l.text["date_long"], func(name string) (string, bool) {
		switch name {
		case "weekday":
			return l.text["weekday_"+strconv.Itoa(wd)], true
		case "day":
			return l.Number(d.Day()), true
		case "month":
			return l.text["month_"+strconv.Itoa(int(d.Month()))], true
		case "year":
			return l.Number(d.Year()), true
		}
		return "", false
	})
}

// Format is key's text with its {placeholders} filled from args, given
// as name, value pairs; "count" (an int) also picks the plural form, and
// is written in the table's digits. Values that are template.HTML go in
// as they are, others escaped; the text itself is escaped.
func (l *Lang) Format(key string, args ...any) template.HTML {
	arg := func(name string) (any, bool) {
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == name {
				return args[i+1], true
			}
		}
		return nil, false
	}
	text, ok := l.text[key]
	count, hasCount := arg("count")
	if l.plural[key] && hasCount {
		switch n := count.(type) {
		case int:
			text, ok = l.Plural(key, n), true
		case Decimal:
			text, ok = l.form(key, n.operand()), true
		}
	}
	if !ok {
		return template.HTML(template.HTMLEscapeString(key))
	}
	var b strings.Builder
	b.Grow(len(text) + 32)
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i+1:], '}')
		if j < 0 {
			break
		}
		b.WriteString(template.HTMLEscapeString(text[:i]))
		name := text[i+1 : i+1+j]
		switch v, _ := arg(name); v := v.(type) {
		case template.HTML:
			b.WriteString(string(v))
		case string:
			b.WriteString(template.HTMLEscapeString(v))
		case int:
			b.WriteString(l.Number(v))
		case Decimal:
			b.WriteString(template.HTMLEscapeString(l.Decimal(v)))
		case nil:
			b.WriteString(template.HTMLEscapeString(text[i : i+2+j]))
		default:
			b.WriteString(template.HTMLEscapeString(fmt.Sprint(v)))
		}
		text = text[i+2+j:]
	}
	b.WriteString(template.HTMLEscapeString(text))
	return template.HTML(b.String())
}

// fill replaces each {name} of text by what value gives for it.
func fill(text string, value func(string) (string, bool)) string {
	var b strings.Builder
	for text != "" {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i+1:], '}')
		if j < 0 {
			break
		}
		b.WriteString(text[:i])
		if v, ok := value(text[i+1 : i+1+j]); ok {
			b.WriteString(v)
		} else {
			b.WriteString(text[i : i+2+j])
		}
		text = text[i+2+j:]
	}
	b.WriteString(text)
	return b.String()
}

// Placeholders lists the {names} in text, sorted, for checks of tables.
func Placeholders(text string) []string {
	var out []string
	fill(text, func(name string) (string, bool) {
		out = append(out, name)
		return "", true
	})
	slices.Sort(out)
	return slices.Compact(out)
}
