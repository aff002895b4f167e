// Package guard holds the guardrails on what candidates read: rules, kept
// as data per language, that find feedback referring to a protected or
// private characteristic of the candidate (age, family, gender, origin,
// religion, health, appearance) or a verdict on "fit" without a
// job-related reason.
package guard

import (
	"embed"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Categories are the kinds of finding, as SPEC.md names them; a file's
// allow: list takes these.
var Categories = []string{"age", "family", "gender", "origin", "religion", "health", "appearance", "fit"}

//go:embed rules/*.yaml
var files embed.FS

// Rule is one guardrail.
type Rule struct {
	ID       string   `yaml:"id"`
	Category string   `yaml:"category"`
	Match    []string `yaml:"match"`
	Unless   []string `yaml:"unless"`
	Why      string   `yaml:"why"`
	Instead  string   `yaml:"instead"`

	match, unless []*regexp.Regexp
}

// Finding is a rule that a text matched, and where: Line counts from the
// text's first line.
type Finding struct {
	Rule *Rule
	Line int
	// Phrase is the words that matched, for the message: the words of
	// the rule, never a name.
	Phrase string
}

// Set is one language's rules, with what finds fast which can match.
type Set struct {
	Rules []*Rule
	// patterns are every rule's match patterns, as numbered for the
	// automaton; always, those it cannot filter.
	patterns []pattern
	always   []int
	filter   *automaton
	groups   int // literal sets in the automaton
}

type pattern struct {
	rule *Rule
	re   *regexp.Regexp
	// groups are the automaton's literal sets this pattern needs one of
	// each of; none: it runs on every text.
	groups []int
}

var (
	loadOnce sync.Once
	rules    map[string]*Set // by language
	loadErr  error
)

// load reads and compiles every language's rules, once.
func load() (map[string]*Set, error) {
	loadOnce.Do(func() {
		rules = map[string]*Set{}
		names, _ := files.ReadDir("rules")
		for _, n := range names {
			data, err := files.ReadFile(path.Join("rules", n.Name()))
			if err != nil {
				loadErr = err
				return
			}
			var rs []*Rule
			if err := yaml.Unmarshal(data, &rs); err != nil {
				loadErr = fmt.Errorf("guard: %s: %w", n.Name(), err)
				return
			}
			for _, r := range rs {
				if !slices.Contains(Categories, r.Category) {
					loadErr = fmt.Errorf("guard: %s: rule %s: unknown category %q", n.Name(), r.ID, r.Category)
					return
				}
				for _, list := range []struct {
					src []string
					dst *[]*regexp.Regexp
				}{{r.Match, &r.match}, {r.Unless, &r.unless}} {
					for _, p := range list.src {
						re, err := regexp.Compile("(?i)" + p)
						if err != nil {
							loadErr = fmt.Errorf("guard: %s: rule %s: %w", n.Name(), r.ID, err)
							return
						}
						*list.dst = append(*list.dst, re)
					}
				}
			}
			rules[strings.TrimSuffix(n.Name(), ".yaml")] = newSet(rs)
		}
	})
	return rules, loadErr
}

func newSet(rs []*Rule) *Set {
	s := &Set{Rules: rs}
	var lits [][]string
	for _, r := range rs {
		for i, re := range r.match {
			p := pattern{rule: r, re: re}
			for _, g := range factors("(?i)" + r.Match[i]) {
				p.groups = append(p.groups, len(lits))
				lits = append(lits, g)
			}
			if p.groups == nil {
				s.always = append(s.always, len(s.patterns))
			}
			s.patterns = append(s.patterns, p)
		}
	}
	s.filter = newAutomaton(lits)
	s.groups = len(lits)
	return s
}

// Rules are the rules for a language tag (its base language's: en-GB
// reads en), and whether there are any.
func Rules(lang string) (*Set, bool) {
	all, err := load()
	if err != nil {
		panic(err) // the embedded rules are checked by the package's tests
	}
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	rs, ok := all[base]
	return rs, ok
}

// Languages are the languages with rules, sorted.
func Languages() []string {
	all, _ := load()
	var out []string
	for l := range all {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// Rules match within one sentence, so that what one sentence says of a
// codebase does not clear what the next says of a person.

// Check finds what text says that a rule of set flags. Each match counts
// unless a pattern of the rule's unless matches the same sentence where
// it overlaps the match ("native app" clears "native", not the
// sentence's "your accent").
func Check(set *Set, text string) []Finding {
	found := make([]bool, set.groups)
	if !set.filter.scan(text, found) && len(set.always) == 0 || !set.anyLive(found) {
		return nil // nothing a rule looks for: most feedback
	}
	clear(found)
	var out []Finding
	line := 1
	for start := 0; start < len(text); {
		end := endOfSentence(text, start)
		sentence := text[start:end]
		// Only a sentence that holds a literal of every part of a
		// pattern runs that pattern: most sentences run none.
		if set.filter.scan(sentence, found) || len(set.always) > 0 {
			live := map[*Rule][]*regexp.Regexp{}
			for _, p := range set.patterns {
				can := true
				for _, g := range p.groups {
					can = can && found[g]
				}
				if can {
					live[p.rule] = append(live[p.rule], p.re)
				}
			}
			for _, r := range set.Rules {
				if f, ok := r.find(live[r], sentence); ok {
					f.Line = line
					out = append(out, f)
				}
			}
			clear(found)
		}
		line += strings.Count(sentence, "\n")
		start = end
	}
	return out
}

// Maybe reports whether any rule of set can find something in texts,
// reading each once: when not (most feedback), Check need not run on them.
func Maybe(set *Set, texts ...string) bool {
	if len(set.always) > 0 {
		return true
	}
	found := make([]bool, set.groups)
	any := false
	for _, t := range texts {
		any = set.filter.scan(t, found) || any
	}
	return any && set.anyLive(found)
}

// anyLive reports whether a pattern can match, found holding its literal
// sets.
func (set *Set) anyLive(found []bool) bool {
	for _, p := range set.patterns {
		can := true
		for _, g := range p.groups {
			can = can && found[g]
		}
		if can {
			return true
		}
	}
	return false
}

// endOfSentence is where the sentence that starts at start ends: after a
// line break, or after a run of '.', '!', '?' or ';' and the space that
// follows it (or the end of the text).
func endOfSentence(text string, start int) int {
	for i := start; i < len(text); i++ {
		switch text[i] {
		case '\n':
			return i + 1
		case '.', '!', '?', ';':
			j := i
			for j < len(text) && strings.IndexByte(".!?;", text[j]) >= 0 {
				j++
			}
			if j == len(text) {
				return j
			}
			if c := text[j]; c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
				return j + 1
			}
			i = j - 1
		}
	}
	return len(text)
}

// find reports the first match of patterns (the rule's that can match)
// in sentence that no unless clears.
func (r *Rule) find(patterns []*regexp.Regexp, sentence string) (Finding, bool) {
	for _, re := range patterns {
		for _, m := range re.FindAllStringIndex(sentence, -1) {
			if !r.cleared(sentence, m) {
				return Finding{Rule: r, Phrase: strings.Join(strings.Fields(sentence[m[0]:m[1]]), " ")}, true
			}
		}
	}
	return Finding{}, false
}

func (r *Rule) cleared(sentence string, m []int) bool {
	for _, re := range r.unless {
		for _, u := range re.FindAllStringIndex(sentence, -1) {
			if u[0] < m[1] && m[0] < u[1] {
				return true
			}
		}
	}
	return false
}
