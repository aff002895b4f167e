package content

import (
	"strings"
	"testing"
)

// TestNaturalMistakes: mistakes recruiters make, each named at its line
// in plain words, with no parser jargon.
func TestNaturalMistakes(t *testing.T) {
	in := func(old, new string) string {
		if !strings.Contains(good, old) {
			t.Fatalf("good lacks %q", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	points := func(lines string) string { return in("strengths: [Clear reasoning]", "strengths:\n"+lines) }
	tests := []struct {
		name, src, want string
	}{
		{"a tab for indentation", points("\t- Clear reasoning"), "10: this line is indented with a tab: indent with spaces instead"},
		{"a point with ': '", points("  - Clear reasoning: about trade-offs"), `10: point 1 of strengths holds ': ', which reads as a key and a value: put the whole point in double quotes, like - "Clear reasoning: about trade-offs"`},
		{"a text with ': '", in("next_steps: A team day on 12 January.", "next_steps: Next: a team day."), `10: this text holds ': ', which reads as a second key: put the whole text in double quotes, like next_steps: "Next: a call with the team"`},
		{"'* ' bullets", points("  * Clear reasoning"), "10: start each point with '- ' (a dash and a space), not '* '"},
		{"'• ' bullets", points("  • Clear reasoning"), "10: start each point with '- ' (a dash and a space), not '• '"},
		{"no space after a dash", points("  - Clear reasoning\n  -Good tests"), "11: start each point with '- ' (a dash and a space): this line has no space after its dash"},
		{"no space after a colon", in("status: advancing", "status:advancing"), "5: write a space after the ':' (like status: advancing)"},
		{"a quote never closed", in("role: Backend Engineer", `role: "Backend Engineer`), "3: a quote opened on this line is never closed: close it, or leave the quotes out"},
		{"an apostrophe in single quotes", in("next_steps: A team day on 12 January.", "next_steps: 'We'll call you'"), `10: a text in single quotes holds an apostrophe, which ends it early: put the text in double quotes instead, like "We'll call you"`},
		{"a point indented less", points("  - Clear reasoning\n - Good tests"), "11: this line is indented differently from the lines above it: line it up with them (the points of a list start with '  - ')"},
		{"a list where one text goes", in("next_steps: A team day on 12 January.", "next_steps:\n  - A team day"), `11: next_steps is one text, not a list of points: write it after "next_steps: " on one line`},
		{"a misspelt key", in("strengths:", "strenghts:"), "9: unknown key \"strenghts\"; did you mean strengths?"},
		{"a date in words", in("date: 2026-01-05", "date: 5 January 2026"), "8: stage 1: date must be a date written YYYY-MM-DD, like 2026-03-02"},
		{"a day that is not", in("date: 2026-01-05", "date: 2026-02-30"), "8: stage 1: date 2026-02-30 is not a real day"},
		{"a misspelt status", in("status: advancing", "status: advancng"), "5: status must be one of advancing, offer, not-selected, on-hold or withdrawn"},
		{"a key twice", in("role: Backend Engineer", "role: Backend Engineer\nrole: Designer"), "4: role is set twice (first on line 3)"},
		{"no closing fence", strings.TrimSuffix(good, "---\n"), `1: front matter opened here is never closed: add a line "---" after it`},
		{"no front matter", "Ada did well.\n", "1: has no front matter: start the file with a line ---, then keys such as title: ..., then another line ---"},
		{"JSON with a comma too many", "{\n\"candidate\": \"Ada\",\n}\n", "3: remove the comma before '}': JSON allows none after the last value"},
		{"JSON in single quotes", "{\n\"candidate\": 'Ada'\n}\n", `2: JSON puts text in double quotes ("..."), not single ones`},
		{"JSON without a comma", "{\n\"candidate\": \"Ada\"\n\"role\": \"R\"\n}\n", "3: a comma is missing at the end of the line before"},
		{"TOML text without quotes", "+++\ncandidate = Ada Moreno\n+++\n", `2: a value here is not one TOML knows: put text in double quotes, like role = "Backend Engineer"`},
		{"TOML without '='", "+++\ncandidate \"Ada\"\n+++\n", `2: every line needs a key, '=' and a value, like role = "Backend Engineer"`},
		{"a stage without a date", in("    date: 2026-01-05\n", ""), "7: stage 1: date is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, map[string]string{"content/feedback/ada.md": tt.src})
			want := "content/feedback/ada.md:" + tt.want
			if len(got) == 0 || got[0] != want {
				t.Errorf("got:\n\t%s\nwant first:\n\t%s", strings.Join(got, "\n\t"), want)
			}
			for _, g := range got {
				for _, jargon := range []string{"mapping values", "expected", "token", "invalid character", "stream", "scalar"} {
					if strings.Contains(g, jargon) && !strings.Contains(tt.want, jargon) {
						t.Errorf("parser jargon %q in %q", jargon, g)
					}
				}
			}
		})
	}
	_, got := load(t, map[string]string{ConfigFile: "title: X\nbase_url: https://x.example/\ncontact: talent@example.com\n"})
	if len(got) != 1 || got[0] != "candor.yaml:3: contact needs a name and an e-mail address, like contact: {name: Talent team, email: talent@example.com}" {
		t.Errorf("contact as text: %q", got)
	}
}
