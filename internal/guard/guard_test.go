package guard

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestRulesCompile: every language's rules load, and every category has
// rules in English.
func TestRulesCompile(t *testing.T) {
	set, ok := Rules("en-GB")
	if !ok {
		t.Fatal("no English rules")
	}
	rs := set.Rules
	for _, c := range Categories {
		if !slices.ContainsFunc(rs, func(r *Rule) bool { return r.Category == c }) {
			t.Errorf("no rule for %s", c)
		}
	}
	for _, r := range rs {
		if r.Why == "" || r.Instead == "" || len(r.match) == 0 {
			t.Errorf("rule %s lacks a why, an instead or a pattern", r.ID)
		}
	}
}

// TestCorpus runs the labelled corpus in testdata/corpus.txt and holds
// the rules to recall >= 95% (a sentence flagged with its category) and
// false positives <= 3% (a job-related sentence flagged at all). The
// README gives the figures it prints.
var corpusFile = "testdata/corpus.txt"

func TestCorpus(t *testing.T) {
	f, err := os.Open(corpusFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, _ := Rules("en")
	var flagged, caught, jobRelated, falsePositives int
	perCategory := map[string][2]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		want, sentence, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("no tab in %q", line)
		}
		findings := Check(rs, sentence)
		if want == "ok" {
			jobRelated++
			if len(findings) > 0 {
				falsePositives++
				t.Logf("false positive (%s, %q): %s", findings[0].Rule.ID, findings[0].Phrase, sentence)
			}
			continue
		}
		flagged++
		c := perCategory[want]
		c[1]++
		if slices.ContainsFunc(findings, func(f Finding) bool { return f.Rule.Category == want }) {
			caught++
			c[0]++
		} else {
			t.Logf("missed (%s): %s", want, sentence)
		}
		perCategory[want] = c
	}
	recall := float64(caught) / float64(flagged)
	fp := float64(falsePositives) / float64(jobRelated)
	var cats []string
	for _, c := range Categories {
		n := perCategory[c]
		cats = append(cats, fmt.Sprintf("%s %d/%d", c, n[0], n[1]))
	}
	fmt.Printf("guardrails: %d sentences; recall %.1f%% (%d of %d: %s); false positives %.1f%% (%d of %d)\n",
		flagged+jobRelated, 100*recall, caught, flagged, strings.Join(cats, ", "), 100*fp, falsePositives, jobRelated)
	if flagged+jobRelated < 200 || jobRelated*100 < 45*(flagged+jobRelated) {
		t.Errorf("the corpus has %d sentences, %d job-related: want at least 200, about half", flagged+jobRelated, jobRelated)
	}
	if recall < 0.95 {
		t.Errorf("recall %.1f%%, want at least 95%%", 100*recall)
	}
	if fp > 0.03 {
		t.Errorf("false positives %.1f%%, want at most 3%%", 100*fp)
	}
}

func TestLines(t *testing.T) {
	rs, _ := Rules("en")
	got := Check(rs, "Good work on the tests.\nWe liked you.\n\nAt your age, that is rare. Not a culture fit either.")
	var lines []string
	for _, f := range got {
		lines = append(lines, fmt.Sprintf("%d %s %s", f.Line, f.Rule.Category, f.Phrase))
	}
	want := []string{"4 age At your age", "4 fit culture fit"}
	if !slices.Equal(lines, want) {
		t.Errorf("got %q, want %q", lines, want)
	}
}

// TestEveryPatternHasLiterals: the prefilter can skip every pattern on a
// text without its literals; none is run on every text.
func TestEveryPatternHasLiterals(t *testing.T) {
	for _, lang := range Languages() {
		set, _ := Rules(lang)
		for _, i := range set.always {
			t.Errorf("%s: rule %s has a pattern without a literal to filter on: %s", lang, set.patterns[i].rule.ID, set.patterns[i].re)
		}
	}
}

// TestPrefilterFindsWhatThePatternsFind: on every sentence of the corpus,
// checking with the prefilter gives exactly what running every pattern
// gives.
func TestPrefilterFindsWhatThePatternsFind(t *testing.T) {
	set, _ := Rules("en")
	all := &Set{Rules: set.Rules, filter: newAutomaton(nil)}
	for i, p := range set.patterns {
		all.patterns = append(all.patterns, pattern{rule: p.rule, re: p.re})
		all.always = append(all.always, i)
	}
	data, err := os.ReadFile(corpusFile)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		_, sentence, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		n++
		if got, want := fmt.Sprint(Check(set, sentence)), fmt.Sprint(Check(all, sentence)); got != want {
			t.Errorf("%q: with the prefilter %s, without %s", sentence, got, want)
		}
	}
	if n < 200 {
		t.Fatalf("%d sentences", n)
	}
}

// TestScanReadsLongTextsWhole holds the automaton, which reads a long
// text as four quarters at once, to what looking for each literal finds:
// at every length around where the split starts, with literals across
// the seams and at both ends.
func TestScanReadsLongTextsWhole(t *testing.T) {
	lits := [][]string{{" ab", "ba "}, {"abba"}, {"b a b"}, {" aaaa "}, {"ab ab ab ab"}, {"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}
	a := newAutomaton(lits)
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 400; n < 700; n++ {
		for range 30 {
			b := make([]byte, n)
			for i := range b {
				b[i] = "abB ,"[rng.IntN(5)]
			}
			text := string(b)
			hits := make([]bool, len(lits))
			a.scan(text, hits)
			padded := " " + normal(text) + " "
			for g, set := range lits {
				want := false
				for _, l := range set {
					want = want || strings.Contains(padded, l)
				}
				if hits[g] != want {
					t.Fatalf("%q: the scan says %v for %q, which it holds: %v", text, hits[g], set, want)
				}
			}
		}
	}
}
