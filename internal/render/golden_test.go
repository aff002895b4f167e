package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/candor-feedback/candor/internal/content"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// A private page as the default theme renders it, before minification.
// Run "go test ./internal/render -run Golden -update" after a deliberate
// change to the theme, and read the diff.
func TestGoldenFeedbackPage(t *testing.T) {
	fsys := fstest.MapFS{
		"candor.yaml":             {Data: []byte("title: Northwind Interview Guide\nbase_url: https://careers.northwind.example/\nrespond_url: https://forms.northwind.example/x\ncontact: {name: Talent Team, email: talent@northwind.example}\n")},
		"content/index.md":        {Data: []byte("---\ntitle: Home\n---\n")},
		"content/guide/stages.md": {Data: []byte("---\ntitle: The stages\nweight: 1\n---\n")},
		"content/feedback/ada.md": {Data: []byte(`---
candidate: Ada Moreno
role: Backend Engineer <Platform>
token: uhfumvgu6h4pq4n4pqglnh7bm3
status: on-hold
decision_by: 2026-03-20
recruiter: {name: Bo Lind, email: bo@northwind.example}
stages:
  - {name: Team day, date: 2026-03-09, interviewers: [Kofi Boateng, Marta Silva, Ana Pereira], duration: 3h}
  - {name: Introductory call, date: 2026-02-27, interviewers: [Bo Lind], duration: 30m}
strengths:
  - Clear reasoning about <b>trade-offs</b>.
improvements:
  - Say more about testing.
concerns:
  - How would you handle on-call?
respond_by: 2026-03-16
next_steps: We will write by 20 March.
---

Thank you, **Ada**. See [our guide](https://careers.northwind.example/guide/).
`)},
	}
	site, errs := content.Load(fsys)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	theme, err := NewTheme(fsys, site.Config.Theme)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(site, theme, Options{Assets: map[string]string{"candor.css": "assets/candor.0123abcd.css"}})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := r.Feedback(&got, site.Feedback[0]); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "feedback.golden.html")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the page differs from %s; if the change is deliberate, run with -update and review the diff.\ngot:\n%s", golden, got.String())
	}
}

// TestNoteNeedsText: a body of HTML comments alone, such as the hint
// "candor new" writes, shows no "A note from the team" card.
func TestNoteNeedsText(t *testing.T) {
	for _, tt := range []struct {
		body string
		note bool
	}{
		{"\n<!-- Optional: a note from the team. -->\n", false},
		{"\n<!-- a hint -->\n\nThank you for your time.\n", true},
		{"\n   \n", false},
	} {
		fsys := fstest.MapFS{
			"candor.yaml": {Data: []byte("title: Northwind\nbase_url: https://careers.northwind.example/\n")},
			"content/feedback/ada.md": {Data: []byte("---\ncandidate: Ada Moreno\nrole: Engineer\ntoken: uhfumvgu6h4pq4n4pqglnh7bm3\nstatus: not-selected\n" +
				"stages: [{name: Call, date: 2026-03-09}]\nimprovements: [Say more about testing.]\n---\n" + tt.body)},
		}
		site, errs := content.Load(fsys)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		theme, _ := NewTheme(fsys, site.Config.Theme)
		r, err := New(site, theme, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var page bytes.Buffer
		if err := r.Feedback(&page, site.Feedback[0]); err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(page.Bytes(), []byte("note-heading")); got != tt.note {
			t.Errorf("body %q: note card shown %v, want %v", tt.body, got, tt.note)
		}
	}
}
