package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

const testConfig = `title: Test Guide
base_url: https://careers.test.example/
contact: {name: Talent, email: talent@test.example}
`

// load builds a site of testConfig and the given files, and returns its
// problems as "path:line: message" lines.
func load(t *testing.T, files map[string]string) (*Site, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	if _, ok := files[ConfigFile]; !ok {
		fsys[ConfigFile] = &fstest.MapFile{Data: []byte(testConfig)}
	}
	if _, ok := files["content/index.md"]; !ok {
		fsys["content/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Home\n---\n")}
	}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	site, errs := Load(fsys)
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	return site, got
}

// good is a feedback file that passes every rule; its lines are
// 1 ---, 2 candidate, 3 role, 4 token, 5 status, 6 stages, 7 name,
// 8 date, 9 strengths, 10 next_steps, 11 ---.
const good = `---
candidate: Ada Moreno
role: Backend Engineer
token: uhfumvgu6h4pq4n4pqglnh7bm3
status: advancing
stages:
  - name: Introductory call
    date: 2026-01-05
strengths: [Clear reasoning]
next_steps: A team day on 12 January.
---
`

// edit returns good with the line holding old replaced by new (which may
// be several lines or none).
func edit(old, new string) string {
	lines := strings.Split(good, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, old) {
			if new == "" {
				return strings.Join(slices.Delete(lines, i, i+1), "\n")
			}
			lines[i] = new
			return strings.Join(lines, "\n")
		}
	}
	panic("no line starts with " + old)
}

func TestFeedbackRules(t *testing.T) {
	const path = "content/feedback/ada.md:"
	tests := []struct {
		name string
		file string
		want []string // without the path
	}{
		{"good", good, nil},
		{"missing candidate", edit("candidate:", ""), []string{"1: candidate is required"}},
		{"empty candidate", edit("candidate:", "candidate: ''"), []string{"2: candidate is empty"}},
		{"missing role", edit("role:", ""), []string{"1: role is required"}},
		{"missing token", edit("token:", ""), []string{"1: token is required"}},
		{"short token", edit("token:", "token: abcdefghijklmnopqrstuvwxy"),
			[]string{`4: token must be at least 26 characters from a-z and 2-7 (run "candor token ada" to make a new one)`}},
		{"upper-case token", edit("token:", "token: ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
			[]string{`4: token must be at least 26 characters from a-z and 2-7 (run "candor token ada" to make a new one)`}},
		{"token with 0 and 1", edit("token:", "token: abcdefghijklmnopqrstuvwx01"),
			[]string{`4: token must be at least 26 characters from a-z and 2-7 (run "candor token ada" to make a new one)`}},
		{"missing status", edit("status:", ""), []string{"1: status is required"}},
		{"unknown status", edit("status:", "status: rejected"),
			[]string{`5: status must be one of advancing, offer, not-selected, on-hold or withdrawn`}},
		{"missing stages", strings.Replace(good, "stages:", "stage:", 1), []string{"1: stages is required", `6: unknown key "stage"; did you mean stages?`}},
		{"no stages", strings.Replace(edit("    date:", ""), "  - name: Introductory call\n", "", 1),
			[]string{"1: stages is required"}},
		{"empty stage list", strings.Replace(good, "stages:\n  - name: Introductory call\n    date: 2026-01-05\n", "stages: []\n", 1),
			[]string{"6: stages needs at least one stage, with a name and a date"}},
		{"stages not a list", strings.Replace(good, "stages:\n  - name: Introductory call\n    date: 2026-01-05\n", "stages: Introductory call\n", 1),
			[]string{"6: stages must be a list, not text"}},
		{"stage without date", edit("    date:", ""), []string{"7: stage 1: date is required"}},
		{"stage without name", edit("  - name:", "  - duration: 30m"), []string{"7: stage 1: name is required"}},
		{"stage key set twice", edit("  - name:", "  - date: 2026-01-05"), []string{"8: date is set twice (first on line 7)"}},
		{"stage date not a date", edit("    date:", "    date: next week"),
			[]string{`8: stage 1: date must be a date written YYYY-MM-DD, like 2026-03-02`}},
		{"stage date not a day", edit("    date:", "    date: 2026-02-30"), []string{"8: stage 1: date 2026-02-30 is not a real day"}},
		{"stage date quoted", edit("    date:", "    date: '2026-01-05'"), nil},
		{"stage unknown key", edit("    date:", "    date: 2026-01-05\n    interviewer: [Bo]"),
			[]string{`9: stage 1: unknown key "interviewer"; did you mean interviewers?`}},
		{"stage duration", edit("    date:", "    date: 2026-01-05\n    duration: an hour"),
			[]string{`9: stage 1: duration must be written like 45m or 1h30m`}},
		{"stage duration good", edit("    date:", "    date: 2026-01-05\n    duration: 1h30m"), nil},
		{"stage not a map", strings.Replace(good, "  - name: Introductory call\n    date: 2026-01-05\n", "  - Introductory call\n", 1),
			[]string{"7: stage 1 must have a name and a date, like {name: Technical interview, date: 2026-03-02}"}},
		{"misspelt key", edit("strengths:", "strenghts: [Clear reasoning]"),
			[]string{`9: unknown key "strenghts"; did you mean strengths?`}},
		{"unknown key far from any", edit("strengths:", "strengths: [Good]\nsalary: 100"), []string{`10: unknown key "salary"`}},
		{"key in wrong case", edit("role:", "Role: Backend Engineer"),
			[]string{"1: role is required", `3: unknown key "Role"; did you mean role?`}},
		{"key set twice", edit("role:", "role: A\nrole: B"), []string{"4: role is set twice (first on line 3)"}},
		{"strengths not a list of text", edit("strengths:", "strengths: [[a, b]]"),
			[]string{"9: point 1 of strengths must be text, not a list"}},
		{"strengths as one text", edit("strengths:", "strengths: Clear reasoning"), nil},
		{"no feedback at all", edit("strengths:", ""),
			[]string{"1: no feedback written yet: add strengths, improvements or a few sentences below the front matter (or set draft: true while you write)"}},
		{"body is feedback", edit("strengths:", "") + "Thank you for your time.\n", nil},
		{"comment is not feedback", edit("strengths:", "") + "<!-- to do -->\n",
			[]string{"1: no feedback written yet: add strengths, improvements or a few sentences below the front matter (or set draft: true while you write)"}},
		{"advancing without next_steps", edit("next_steps:", ""),
			[]string{"1: next_steps is required when status is advancing: tell the candidate what happens next"}},
		{"on-hold without decision_by", edit("status:", "status: on-hold"),
			[]string{"1: decision_by is required when status is on-hold: the date the candidate will hear by"}},
		{"on-hold complete", edit("status:", "status: on-hold\ndecision_by: 2026-01-20"), nil},
		{"on-hold without next_steps", strings.Replace(edit("next_steps:", "decision_by: 2026-01-20"), "status: advancing", "status: on-hold", 1),
			[]string{"1: next_steps is required when status is on-hold: tell the candidate what happens next"}},
		{"not-selected without improvements", edit("status:", "status: not-selected"),
			[]string{"1: improvements is required when status is not-selected (or a few sentences below the front matter): say what would have made the difference"}},
		{"not-selected with improvements", edit("status:", "status: not-selected\nimprovements: [Testing]"), nil},
		{"not-selected with body", edit("status:", "status: not-selected") + "We chose someone with more testing experience.\n", nil},
		{"concerns without respond_by", edit("strengths:", "strengths: [Good]\nconcerns: [Is testing a gap]"),
			[]string{"1: respond_by is required with concerns: the date until which the candidate may answer them"}},
		{"concerns with respond_by", edit("strengths:", "strengths: [Good]\nconcerns: [Is testing a gap]\nrespond_by: 2026-01-09"), nil},
		{"respond_by not a date", edit("strengths:", "strengths: [Good]\nrespond_by: 9 January"),
			[]string{`10: respond_by must be a date written YYYY-MM-DD, like 2026-03-02`}},
		{"email", edit("strengths:", "strengths: [Good]\nemail: ada@mail.example"), nil},
		{"bad email", edit("strengths:", "strengths: [Good]\nemail: ada at mail"),
			[]string{"10: email does not look like an e-mail address (write it as name@example.com)"}},
		{"recruiter", edit("strengths:", "strengths: [Good]\nrecruiter: {name: Bo, email: bo@test.example}"), nil},
		{"recruiter unknown key", edit("strengths:", "strengths: [Good]\nrecruiter:\n  name: Bo\n  mail: bo@test.example"),
			[]string{`12: recruiter unknown key "mail"; did you mean email?`}},
		{"recruiter not a map", edit("strengths:", "strengths: [Good]\nrecruiter: Bo"),
			[]string{"10: recruiter must be a set of keys, not text"}},
		{"draft not a bool", edit("strengths:", "strengths: [Good]\ndraft: maybe"),
			[]string{"10: draft must be true or false, not text"}},
		{"sealed", edit("strengths:", "strengths: [Good]\nsealed: true"), nil},
		{"lang", edit("strengths:", "strengths: [Good]\nlang: pt-BR"), nil},
		{"bad lang", edit("strengths:", "strengths: [Good]\nlang: Portuguese!"),
			[]string{`10: lang must be a language tag like en or en-GB`}},
		{"publish_after and expires", edit("strengths:", "strengths: [Good]\npublish_after: 2026-01-06\nexpires: 2026-07-01"), nil},
		{"expires not a date", edit("strengths:", "strengths: [Good]\nexpires: never"),
			[]string{`10: expires must be a date written YYYY-MM-DD, like 2026-03-02`}},
		// A draft is exempt from completeness, never from identity and format.
		{"draft incomplete", edit("strengths:", "draft: true\nconcerns: [x]") + "", nil},
		{"draft not-selected", strings.Replace(edit("strengths:", "draft: true"), "status: advancing", "status: not-selected", 1), nil},
		{"draft on-hold", strings.Replace(edit("strengths:", "draft: true"), "status: advancing", "status: on-hold", 1), nil},
		{"draft still needs a token", strings.Replace(edit("token:", ""), "strengths:", "draft: true\nstrengths:", 1),
			[]string{"1: token is required"}},
		{"draft still needs real dates", edit("strengths:", "draft: true\nrespond_by: soon"),
			[]string{`10: respond_by must be a date written YYYY-MM-DD, like 2026-03-02`}},
		{"draft still checks keys", edit("strengths:", "draft: true\nstrenghts: [x]"),
			[]string{`10: unknown key "strenghts"; did you mean strengths?`}},
		{"leading blank lines move the fence", "\n\n" + edit("role:", ""), []string{"3: role is required"}},
		{"no front matter", "Just text.\n",
			[]string{"1: has no front matter: start the file with a line ---, then keys such as title: ..., then another line ---"}},
		{"unterminated fence", "---\ncandidate: Ada\n",
			[]string{`1: front matter opened here is never closed: add a line "---" after it`}},
		{"yaml syntax", edit("role:", "role: [unclosed"),
			[]string{"3: a list in brackets is never closed, or its items lack commas between them: write [first, second] and close it with ']'"}},
		{"list as front matter", "---\n- a\n- b\n---\n",
			[]string{"2: front matter must be a list of keys and values, like title: Stages"}},
		{"binary", "\x00\x01\x02garbage\xff",
			[]string{"1: is not a text file: save it as UTF-8 text"}},
		{"BOM and CRLF", "\ufeff" + strings.ReplaceAll(edit("role:", ""), "\n", "\r\n"), []string{"1: role is required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, map[string]string{"content/feedback/ada.md": tt.file})
			var want []string
			for _, w := range tt.want {
				want = append(want, path+w)
			}
			if !slices.Equal(got, want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}

func TestFeedbackFormats(t *testing.T) {
	toml := `+++
candidate = "Ada Moreno"
role = "Backend Engineer"
token = "uhfumvgu6h4pq4n4pqglnh7bm3"
status = "advancing"
strenghts = ["Clear"]
next_steps = "Team day"

[[stages]]
name = "Call"
date = 2026-01-05

[[stages]]
name = "Team day"
date = "2026-02-30"
+++
`
	json := `{
  "candidate": "Ada Moreno",
  "role": "Backend Engineer",
  "token": "uhfumvgu6h4pq4n4pqglnh7bm3",
  "status": "advancing",
  "strenghts": ["Clear"],
  "next_steps": "Team day",
  "stages": [
    {"name": "Call", "date": "2026-01-05"},
    {"name": "Team day", "date": "2026-02-30"}
  ]
}
`
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"toml", toml, []string{
			`6: unknown key "strenghts"; did you mean strengths?`,
			"15: stage 2: date 2026-02-30 is not a real day",
		}},
		{"json", json, []string{
			`6: unknown key "strenghts"; did you mean strengths?`,
			"10: stage 2: date 2026-02-30 is not a real day",
		}},
		{"toml bare date that is no day", "+++\ncandidate = \"Ada\"\n[[stages]]\nname = \"Call\"\ndate = 2026-02-30\n+++\n", []string{
			`5: a date here is not a real day: write it YYYY-MM-DD, like 2026-03-02`,
		}},
		{"toml syntax", "+++\ncandidate = \"Ada\"\nrole = \n+++\n", []string{
			"3: a value here is not one TOML knows: put text in double quotes, like role = \"Backend Engineer\"",
		}},
		{"json syntax", "{\n  \"candidate\": \"Ada\",\n  \"role\": \n}\n", []string{
			"4: a value is missing after the last ':'",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, map[string]string{"content/feedback/ada.md": tt.file})
			var want []string
			for _, w := range tt.want {
				want = append(want, "content/feedback/ada.md:"+w)
			}
			if !slices.Equal(got, want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}
