package render

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/i18n"
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

// TestInlinedSentencesAreTheActions: every page, in every shipped
// language, is byte for byte what it is when each {{$.L.key}} runs as an
// action rather than being inlined into the layout.
func TestInlinedSentencesAreTheActions(t *testing.T) {
	fsys := fstest.MapFS{
		"candor.yaml":      {Data: []byte("title: Northwind\nbase_url: https://careers.northwind.example/\nrespond_url: https://forms.northwind.example/x\ncontact: {name: Talent Team, email: talent@northwind.example}\n")},
		"content/index.md": {Data: []byte("---\ntitle: Home\n---\nWelcome.\n")},
	}
	langs := []string{"en", "de", "fr", "es", "pt-BR", "nl", "it", "ar"}
	for i, lang := range langs {
		fsys[fmt.Sprintf("content/feedback/c%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ncandidate: Ada Moreno\nrole: Engineer\ntoken: %s\nstatus: on-hold\nlang: %s\ndecision_by: 2026-03-20\nnext_steps: Soon.\nconcerns: [On-call]\nrespond_by: 2026-03-16\nstages: [{name: Call, date: 2026-03-09, interviewers: [Bo Lind, Kofi Boateng], duration: 90m}]\nstrengths: [Clear]\n---\nA note.\n", []string{"x5tuyabljj2r4v7fmyz5ijkqgb", "vbnuluf2dq6bm3ydy7fd7lfzvk", "rnsuc4oir4mjdawjkdqk3qicgx", "npybcu2e6hdzf3xhr5ozov6t6n", "hz33b6segvsmjmvg2cybaw3xe5", "7apwrtxozfnalozl5tgtjo6jjr", "4wp6eoohcrst7w4nyu36xjvjql", "z2dvq7yiz6dmidutv3r7pji3ag"}[i], lang))}
	}
	site, errs := content.Load(fsys)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	theme, _ := NewTheme(fsys, site.Config.Theme)
	render := func(noInline bool) []string {
		r, err := New(site, theme, Options{})
		if err != nil {
			t.Fatal(err)
		}
		r.noInline = noInline
		r.templates = map[*i18n.Lang]map[string]*template.Template{}
		var pages []string
		for _, fb := range site.Feedback {
			for _, sealed := range []bool{false, true} {
				var b bytes.Buffer
				var err error
				if sealed {
					err = r.Sealed(&b, fb, "box")
				} else {
					err = r.Feedback(&b, fb)
				}
				if err != nil {
					t.Fatal(err)
				}
				pages = append(pages, b.String())
			}
		}
		for _, p := range site.Pages {
			var b bytes.Buffer
			if err := r.Page(&b, p); err != nil {
				t.Fatal(err)
			}
			pages = append(pages, b.String())
		}
		var b bytes.Buffer
		if err := r.NotFound(&b); err != nil {
			t.Fatal(err)
		}
		return append(pages, b.String())
	}
	inlined, run := render(false), render(true)
	if len(inlined) != 2*len(langs)+2 {
		t.Fatalf("%d pages", len(inlined))
	}
	for i := range inlined {
		if inlined[i] != run[i] {
			t.Errorf("page %d differs:\n%s\n----\n%s", i, inlined[i], run[i])
		}
	}
}

// TestUpdatedSubjectFavicon: a page says when it was last updated (the
// file's updated, else the last stage), the reply button writes with a
// subject in the candidate's language, and the icon is the site's own
// when static/ has one.
func TestUpdatedSubjectFavicon(t *testing.T) {
	render := func(files fstest.MapFS) string {
		t.Helper()
		site, errs := content.Load(files)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		theme, _ := NewTheme(files, site.Config.Theme)
		r, err := New(site, theme, Options{Assets: map[string]string{"favicon.svg": "assets/favicon.0123abcd.svg"}})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.Feedback(&b, site.Feedback[0]); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	files := fstest.MapFS{
		"candor.yaml": {Data: []byte("title: Northwind\nbase_url: https://careers.northwind.example/\n")},
		"content/feedback/ada.md": {Data: []byte("---\ncandidate: Ada Moreno\nrole: Engineer\ntoken: x5tuyabljj2r4v7fmyz5ijkqgb\nstatus: on-hold\nlang: de\ndecision_by: 2026-03-20\nnext_steps: Soon.\n" +
			"recruiter: {name: Bo Lind, email: bo@northwind.example}\nconcerns: [On-call]\nrespond_by: 2026-03-16\nstages: [{name: Call, date: 2026-03-09}]\nstrengths: [Clear]\n---\n")},
	}
	page := render(files)
	for _, want := range []string{
		`Zuletzt aktualisiert am <time datetime="2026-03-09">Montag, 9. März 2026</time>.`,
		`href="mailto:bo@northwind.example?subject=Zu%20meinem%20Feedback%20aus%20dem%20Bewerbungsgespr%C3%A4ch"`,
		`<link rel="icon" href="/assets/favicon.0123abcd.svg">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	files["content/feedback/ada.md"].Data = bytes.Replace(files["content/feedback/ada.md"].Data, []byte("lang: de\n"), []byte("lang: de\nupdated: 2026-03-12\n"), 1)
	files["static/favicon.ico"] = &fstest.MapFile{Data: []byte("icon")}
	page = render(files)
	for _, want := range []string{`Zuletzt aktualisiert am <time datetime="2026-03-12">Donnerstag, 12. März 2026</time>.`, `<link rel="icon" href="/favicon.ico">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}
