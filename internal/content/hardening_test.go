package content

import (
	"slices"
	"strings"
	"testing"
)

// secret is a value that may be a token, an address or a name: no message
// may repeat it.
const secret = "qwertyqwertyq7zx2v6npk4mda"

// TestErrorsNeverEchoValues puts a token-like value, an address and a
// name where each parser and each rule fails, and holds every message
// free of them (CI logs are read by more people than the content is).
func TestErrorsNeverEchoValues(t *testing.T) {
	values := []string{secret, "ada.moreno@mail.example", "Ada Moreno"}
	for _, v := range values {
		files := map[string]string{
			// TOML: a bare value, and a value where a table goes.
			"content/feedback/t1.md": "+++\ncandidate = \"x\"\ntoken = " + v + "\n+++\n",
			"content/feedback/t2.md": "+++\ncandidate = \"x\"\n[" + v + "\n+++\n",
			"content/feedback/t3.md": "+++\ncandidate = '" + v + "\n+++\n",
			// YAML: a value that breaks the syntax after it.
			"content/feedback/y1.md": "---\ncandidate: \"" + v + "\" x\n---\n",
			"content/feedback/y2.md": "---\ncandidate: " + v + "\n  - x\n---\n",
			"content/feedback/y3.md": "---\n" + v + "\n: x\n---\n",
			// JSON: a bare value, and one cut short.
			"content/feedback/j1.md": "{\n\"candidate\": " + v + "\n}\n",
			"content/feedback/j2.md": "{\n\"candidate\": \"" + v + "\" \"x\"\n}\n",
			// Rules: a value of the wrong form in every checked field.
			"content/feedback/r1.md": strings.NewReplacer(
				"status: advancing", "status: "+v,
				"date: 2026-01-05", "date: "+v,
				"Introductory call", "Introductory call\n    duration: "+v,
			).Replace(good) + "",
			"content/feedback/r2.md": edit("token:", "token: "+v+"x\nlang: "+v+"\nrespond_by: "+v+"\nemail: "+v),
		}
		_, got := load(t, files)
		if len(got) < len(files) {
			t.Errorf("%q: %d problems for %d broken files:\n%s", v, len(got), len(files), strings.Join(got, "\n"))
		}
		for _, msg := range got {
			if strings.Contains(msg, v) || strings.Contains(msg, "qwerty") {
				t.Errorf("a message repeats the value %q: %s", v, msg)
			}
		}
	}
}

func TestControlCharactersRefused(t *testing.T) {
	// Written as YAML escapes, so that YAML itself lets them through.
	for _, c := range []string{`\e]0;pwned\a`, `\e[2J`, `\u202E`, `\0`, `\N`, `\x7f`} {
		_, got := load(t, map[string]string{"content/feedback/ada.md": edit("candidate:", "candidate: \"Ad"+c+"a\"")})
		if len(got) != 1 || !strings.Contains(got[0], "content/feedback/ada.md:2: candidate holds an invisible control character") {
			t.Errorf("%q: %q", c, got)
		}
	}
}

func TestWeakTokensRefused(t *testing.T) {
	for _, tok := range []string{"aaaaaaaaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrstuvwxyz", "revokedrevokedrevokedrevoked"} {
		_, got := load(t, map[string]string{"content/feedback/ada.md": edit("token:", "token: "+tok)})
		want := `content/feedback/ada.md:4: token is too easy to guess (a pattern, not a random draw), so the page's address would be too: run "candor token ada" to make a random one`
		if len(got) != 1 || got[0] != want {
			t.Errorf("%s: %q", tok, got)
		}
	}
}

// TestWorstShapesRefused feeds the front matter and Markdown shapes that
// cost a parser more than linear time, each just under the size limits,
// and expects a clear error at its line rather than a stalled build. The
// count of values and nesting the TOML decoder and the renderer are
// handed is the bound; BenchmarkWorstShapes times what is accepted.
func TestWorstShapesRefused(t *testing.T) {
	toml := func(body string) string { return "+++\n" + body + "\n+++\n" }
	tests := []struct {
		name, src, want string
	}{
		{"nested inline tables", toml("a = " + strings.Repeat("{b = ", 20000) + "1" + strings.Repeat("}", 20000)), "content/feedback/ada.md:2: front matter is too large or too deeply nested"},
		{"nested arrays", toml("a = " + strings.Repeat("[", 60000)), "content/feedback/ada.md:2: front matter is too large or too deeply nested"},
		{"dotted keys", toml("a" + strings.Repeat(".a", 40000) + " = 1"), "content/feedback/ada.md:2: front matter is too large or too deeply nested"},
		{"many keys", toml(strings.Repeat("a = 1\n", 20000)), "content/feedback/ada.md:10002: front matter is too large or too deeply nested"},
		{"nested quotes", good + "\n" + strings.Repeat(">", 200000), "content/feedback/ada.md:13: this line opens 200000 quotes or lists inside each other"},
		{"nested lists", good + "\n" + strings.Repeat("1. ", 100000), "content/feedback/ada.md:13: this line opens 100000 quotes or lists"},
		{"brackets", good + "\n" + strings.Repeat("[](", 100000), "content/feedback/ada.md:13: the text has more than 2000 square brackets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, map[string]string{"content/feedback/ada.md": tt.src})
			if len(got) == 0 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("got %q, want a message starting %q", got, tt.want)
			}
		})
	}
}

func TestImplausibleDatesWarn(t *testing.T) {
	src := strings.Replace(good, "date: 2026-01-05", "date: 0026-01-05", 1) + ""
	src = strings.Replace(src, "next_steps:", "expires: 9999-12-31\nnext_steps:", 1)
	site, got := load(t, map[string]string{"content/feedback/ada.md": src})
	if len(got) > 0 {
		t.Fatalf("a warning is not an error: %q", got)
	}
	today, _, _ := ParseDate("2026-01-10")
	var warnings []string
	for _, w := range site.Feedback[0].Warnings(today) {
		warnings = append(warnings, w.Error())
	}
	want := []string{
		"content/feedback/ada.md:8: warning: stage 1: date 0026-01-05 is before 2000: is the year right?",
		"content/feedback/ada.md:10: warning: expires 9999-12-31 is more than two years ahead: is the year right?",
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}

// TestGuardrails: feedback about a protected characteristic is an error
// at its line in a published file, a warning in a draft, nothing in a
// category the file allows; names are never read; a language without
// rules gets a warning.
func TestGuardrails(t *testing.T) {
	today, _, _ := ParseDate("2026-01-10")
	src := strings.Replace(good, "strengths: [Clear reasoning]", "strengths:\n  - Clear reasoning\n  - At your age, learning Go this fast is rare.", 1)
	src = strings.Replace(src, "candidate: Ada Moreno", "candidate: Christian Young", 1) + "\nThe codebase is young, and we were not a culture fit for each other.\n"
	_, got := load(t, map[string]string{"content/feedback/ada.md": src})
	if len(got) != 2 || !strings.HasPrefix(got[0], `content/feedback/ada.md:11: "At your age" speaks of the candidate's age, not of the job (guardrail age-direct).`) ||
		!strings.HasPrefix(got[1], `content/feedback/ada.md:15: "culture fit" speaks of the candidate's fit, without a job-related reason, not of the job`) ||
		!strings.HasSuffix(got[1], "(If a reviewer accepted it, add allow: [fit] to this file.)") {
		t.Fatalf("got:\n%s", strings.Join(got, "\n"))
	}
	site, got := load(t, map[string]string{"content/feedback/ada.md": strings.Replace(src, "status: advancing", "status: advancing\ndraft: true", 1)})
	if len(got) != 0 {
		t.Fatalf("a draft's findings are errors: %q", got)
	}
	if w := site.Feedback[0].Warnings(today); len(w) != 2 || !w[0].Warning {
		t.Errorf("a draft's findings: %q", w)
	}
	site, got = load(t, map[string]string{"content/feedback/ada.md": strings.Replace(src, "status: advancing", "status: advancing\nallow: [age, fit]", 1)})
	if len(got) != 0 || !slices.Equal(site.Feedback[0].Allow, []string{"age", "fit"}) {
		t.Errorf("allowed categories: %q, allow %q", got, site.Feedback[0].Allow)
	}
	_, got = load(t, map[string]string{"content/feedback/ada.md": strings.Replace(good, "status: advancing", "status: advancing\nallow: [ages]", 1)})
	if len(got) != 1 || got[0] != "content/feedback/ada.md:6: allow takes guardrail categories (age, family, gender, origin, religion, health, appearance, fit); did you mean age?" {
		t.Errorf("an unknown category: %q", got)
	}
	site, _ = load(t, map[string]string{"content/feedback/ada.md": strings.Replace(good, "status: advancing", "status: advancing\nlang: de", 1)})
	if w := site.Feedback[0].Warnings(today); len(w) != 1 || !strings.Contains(w[0].Error(), "content/feedback/ada.md:6: warning: candor has no guardrail rules for de (it has them for en)") {
		t.Errorf("a language without rules: %q", w)
	}
}

// TestWarnings: what will likely come out wrong builds, with a warning at
// its line saying why.
func TestWarnings(t *testing.T) {
	day := func(s string) Date { d, _, _ := ParseDate(s); return d }
	warnings := func(src, today string) []string {
		t.Helper()
		site, errs := load(t, map[string]string{"content/feedback/ada.md": src})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		var out []string
		for _, w := range site.Feedback[0].Warnings(day(today)) {
			out = append(out, strings.TrimPrefix(w.Error(), "content/feedback/ada.md:"))
		}
		return out
	}
	tests := []struct {
		name, src, today string
		want             []string
	}{
		{"points run together", strings.Replace(good, "strengths: [Clear reasoning]", "strengths:\n  - Clear reasoning.\n     -Good tests for the retry logic.\n  - Kind - and patient with questions.\n  - Owned the on-call rota", 1), "2026-01-10",
			[]string{"10: warning: this point of strengths looks like several run together (a '-' inside it): start each point on a line of its own with '- ', lined up with the others",
				"12: warning: this point of strengths looks like several run together (a '-' inside it): start each point on a line of its own with '- ', lined up with the others"}},
		{"HTML in the note", good + "\nThanks <b>Ada</b>!<br>See you soon.\n\nUse `<div>` for it, or <https://example.com> and <ada@mail.example>.\n", "2026-01-10",
			[]string{"13: warning: this line holds HTML (b), which candor leaves out of the page: write it in Markdown instead, like **bold**, or a blank line for a new paragraph"}},
		{"a reply date passed", strings.Replace(good, "strengths: [Clear reasoning]", "strengths: [Clear reasoning]\nconcerns: [On-call]\nrespond_by: 2026-01-08", 1), "2026-01-10",
			[]string{"11: warning: respond_by 2026-01-08 has passed: the page now says so and still invites an answer; give a new date if you want one"}},
		{"a decision date passed", strings.Replace(good, "status: advancing", "status: on-hold\ndecision_by: 2026-01-09", 1), "2026-01-10",
			[]string{"6: warning: decision_by 2026-01-09 has passed: the page now says the team is late and sorry; decide, or give the candidate a new date"}},
		{"expired", good, "2026-08-01",
			[]string{`1: warning: not published: the page expired on 2026-07-04 (retention_days after the last stage); delete the file, see "Erasing a candidate" in the README`}},
		{"scheduled", strings.Replace(good, "status: advancing", "status: advancing\npublish_after: 2026-01-20", 1), "2026-01-10",
			[]string{"6: warning: not published yet: publish_after holds it back until 2026-01-20"}},
		{"nothing wrong", good, "2026-01-10", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := warnings(tt.src, tt.today); !slices.Equal(got, tt.want) {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestRunTogether(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"Clear reasoning. -Good tests", true},
		{"Kind - and patient", true},
		{"Clear.\n- Good tests", true},
		{"Clear.\n  * Good tests", true},
		{"Clear.\n• Good tests", true},
		{"Owned the on-call rota", false},
		{"You computed 5 * 3 quickly", false},
		{"Latency fell by -5% after your change", false},
		{"A well-known trade-off", false},
	} {
		if got := runTogether(tt.s); got != tt.want {
			t.Errorf("runTogether(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
