package build

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/candor-feedback/candor/internal/browsertest"
	"github.com/candor-feedback/candor/internal/token"
	"github.com/candor-feedback/candor/themes"
	"go.yaml.in/yaml/v3"
)

// languageTokens are random tokens, one per shipped language.
var languageTokens = map[string]string{
	"en": "x5tuyabljj2r4v7fmyz5ijkqgb", "de": "vbnuluf2dq6bm3ydy7fd7lfzvk", "fr": "rnsuc4oir4mjdawjkdqk3qicgx",
	"es": "npybcu2e6hdzf3xhr5ozov6t6n", "pt-BR": "hz33b6segvsmjmvg2cybaw3xe5", "nl": "7apwrtxozfnalozl5tgtjo6jjr",
	"it": "4wp6eoohcrst7w4nyu36xjvjql", "ar": "z2dvq7yiz6dmidutv3r7pji3ag",
}

// languageSite writes a site with one candidate per shipped language, on
// hold (so the page shows a decision date), with concerns, a respond link
// and a recruiter: every sentence a page can have.
func languageSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	files := map[string]string{
		"candor.yaml":      "title: Northwind\nbase_url: https://careers.northwind.example/\nrespond_url: https://forms.northwind.example/x\ncontact: {name: Talent Team, email: talent@northwind.example}\n",
		"content/index.md": "---\ntitle: Home\n---\n",
	}
	for lang, tok := range languageTokens {
		files["content/feedback/c-"+strings.ToLower(lang)+".md"] = fmt.Sprintf(`---
candidate: Ada Moreno
role: Backend Engineer
token: %s
status: on-hold
lang: %s
decision_by: 2026-12-04
next_steps: We will call.
recruiter: {name: Hana Novak, email: hana@northwind.example}
stages:
  - {name: Call, date: 2026-11-20, interviewers: [Bruno Ferreira, Yusuf Demir, Lena Berg], duration: 1h30m}
strengths: [Clear reasoning]
improvements: [Tests]
concerns: [On-call]
respond_by: 2026-11-30
---
A note.
`, tok, lang)
	}
	for name, data := range extra {
		files[name] = data
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// englishFragments are the English table's sentences, cut at their
// placeholders, that are long enough to tell apart from a translation.
func englishFragments(t *testing.T) map[string]bool {
	t.Helper()
	src, err := fs.ReadFile(themes.FS, "default/i18n/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var table map[string]any
	if err := yaml.Unmarshal(src, &table); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	add := func(s string) {
		for _, part := range regexp.MustCompile(`\{[a-z]+\}`).Split(s, -1) {
			if part = strings.TrimSpace(part); len(part) >= 12 {
				out[part] = true
			}
		}
	}
	for _, v := range table {
		switch v := v.(type) {
		case string:
			add(v)
		case map[string]any:
			for _, form := range v {
				add(fmt.Sprint(form))
			}
		}
	}
	return out
}

// TestEveryLanguageSpeaksItsOwn: a candidate's page in each shipped
// language carries its lang (as the file writes it), holds none of the
// English theme's sentences, and writes its dates in that language.
func TestEveryLanguageSpeaksItsOwn(t *testing.T) {
	site := languageSite(t, nil)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), site, dest, Options{Today: day(t, "2026-11-23"), NoMinify: true}); err != nil {
		t.Fatal(err)
	}
	english := englishFragments(t)
	if len(english) < 50 {
		t.Fatalf("only %d English sentences to look for", len(english))
	}
	dates := map[string]string{
		"en": "Friday 4 December 2026", "de": "Freitag, 4. Dezember 2026", "fr": "vendredi 4 décembre 2026",
		"es": "viernes, 4 de diciembre de 2026", "pt-BR": "sexta-feira, 4 de dezembro de 2026", "nl": "vrijdag 4 december 2026",
		"it": "venerdì 4 dicembre 2026", "ar": "الجمعة، ٤ ديسمبر ٢٠٢٦",
	}
	for lang, tok := range languageTokens {
		page, err := os.ReadFile(filepath.Join(dest, "f", token.PathID(tok), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		html := string(page)
		dir := ""
		if lang == "ar" {
			dir = ` dir="rtl"`
		}
		if want := `<html lang="` + lang + `"` + dir + `>`; !strings.Contains(html, want) {
			t.Errorf("%s: no %s", lang, want)
		}
		if !strings.Contains(html, dates[lang]) {
			t.Errorf("%s: the decision date is not written %q", lang, dates[lang])
		}
		if lang == "en" {
			continue
		}
		for s := range english {
			if strings.Contains(html, s) {
				t.Errorf("%s: the page holds the English %q", lang, s)
			}
		}
	}
}

// TestSiteOverridesOneLanguage: a site's i18n/de.yaml changes German
// pages only; a key no theme knows is a warning naming it.
func TestSiteOverridesOneLanguage(t *testing.T) {
	site := languageSite(t, map[string]string{"i18n/de.yaml": "strengths_heading: Ihre Stärken\nstrenghts_heading: x\n"})
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), site, dest, Options{Today: day(t, "2026-11-23")})
	if err != nil {
		t.Fatal(err)
	}
	for lang, tok := range languageTokens {
		page, _ := os.ReadFile(filepath.Join(dest, "f", token.PathID(tok), "index.html"))
		if has := strings.Contains(string(page), "Ihre Stärken"); has != (lang == "de") {
			t.Errorf("%s: the German override shown: %v", lang, has)
		}
	}
	found := false
	for _, w := range res.Warnings {
		found = found || strings.HasPrefix(w.Error(), "i18n/de.yaml:2: warning: strenghts_heading is not a key the theme knows")
	}
	if !found {
		t.Errorf("warnings %q", res.Warnings)
	}
}

// TestUnknownLanguage: a lang no table covers is an error at its line,
// naming the languages there are; so is a site language without one.
func TestUnknownLanguage(t *testing.T) {
	site := languageSite(t, nil)
	p := filepath.Join(site, "content", "feedback", "c-de.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(src), "lang: de", "lang: sv", 1)), 0o644)
	cfg := filepath.Join(site, "candor.yaml")
	src, _ = os.ReadFile(cfg)
	os.WriteFile(cfg, append(src, "language: tlh\n"...), 0o644)
	_, err := Build(context.Background(), site, filepath.Join(t.TempDir(), "public"), Options{Today: day(t, "2026-11-23")})
	want := []string{
		"candor.yaml:5: language tlh has no translation table: use one of ar, de, en, es, fr, it, nl, pt, or add i18n/tlh.yaml (the README says how)",
		"content/feedback/c-de.md:6: lang sv has no translation table: use one of ar, de, en, es, fr, it, nl, pt, or add i18n/sv.yaml (the README says how)",
	}
	if fmt.Sprint(err) != strings.Join(want, "\n") {
		t.Errorf("got:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
}

// TestRightToLeftInABrowser opens the Arabic page in Chromium, at a
// phone's width and a desktop's: it reads right to left (the status
// card's bar and the timeline on the right), Latin names and the
// recruiter's text keep their own direction, and nothing scrolls
// sideways. Every language's page is saved for a person to look at.
func TestRightToLeftInABrowser(t *testing.T) {
	ctx := browsertest.New(t)
	site := languageSite(t, nil)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), site, dest, Options{Today: day(t, "2026-11-23")}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	defer srv.Close()
	for _, width := range []int64{390, 1280} {
		for lang, tok := range languageTokens {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800), chromedp.Navigate(srv.URL+"/f/"+token.PathID(tok)+"/")); err != nil {
				t.Fatal(err)
			}
			browsertest.Screenshot(t, ctx, fmt.Sprintf("lang-%s-%d", lang, width))
			if do(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
				t.Errorf("%s at %d: the page scrolls sideways", lang, width)
			}
			if lang != "ar" {
				continue
			}
			got := do(t, ctx, chromedp.Evaluate[map[string]string](`(() => {
				const s = getComputedStyle(document.querySelector(".status"));
				const dot = document.querySelector(".timeline li").getBoundingClientRect();
				const name = document.querySelector(".stage-name").getBoundingClientRect();
				return {
					dir: getComputedStyle(document.body).direction,
					barRight: s.borderRightWidth, barLeft: s.borderLeftWidth,
					nameDir: getComputedStyle(document.querySelector(".stage-name bdi")).direction,
					strength: getComputedStyle(document.querySelector(".strengths li bdi")).direction,
					itemDir: getComputedStyle(document.querySelector(".strengths li")).direction,
					indentRight: String(Math.round(dot.right - name.right)),
				};
			})()`))
			want := map[string]string{"dir": "rtl", "barRight": "6px", "barLeft": "1px", "nameDir": "ltr", "strength": "ltr", "itemDir": "rtl"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("ar at %d: %s is %q, want %q", width, k, got[k], v)
				}
			}
			// The timeline's dots stand at the right, before the stage.
			if got["indentRight"] == "0" || strings.HasPrefix(got["indentRight"], "-") {
				t.Errorf("ar at %d: the timeline is not indented from the right (%s px)", width, got["indentRight"])
			}
		}
	}
}

// TestSealedShellSpeaksTheLanguage: a sealed page's shell, before it
// opens, is in the candidate's language, and its title the site's name.
func TestSealedShellSpeaksTheLanguage(t *testing.T) {
	site := languageSite(t, nil)
	cfg := filepath.Join(site, "candor.yaml")
	src, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(src, "sealed: true\n"...), 0o644)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), site, dest, Options{Today: day(t, "2026-11-23")}); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"de": "Diese Seite ist gesperrt", "ar": "هذه الصفحة مقفلة", "fr": "Cette page est verrouillée"} {
		page, _ := os.ReadFile(filepath.Join(dest, "f", token.PathID(languageTokens[lang]), "index.html"))
		if !strings.Contains(string(page), want) || !strings.Contains(string(page), "<title>Northwind</title>") || strings.Contains(string(page), "This page is locked") {
			t.Errorf("%s: the sealed shell lacks %q or its title, or speaks English", lang, want)
		}
	}
}

// TestPassedDatesInABrowser: built after its dates, an on-hold page says
// the team is late and sorry, and no longer offers a reply date as ahead,
// in every language, as a person reads it in Chromium.
func TestPassedDatesInABrowser(t *testing.T) {
	ctx := browsertest.New(t)
	site := languageSite(t, nil)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), site, dest, Options{Today: day(t, "2026-12-10")})
	if err != nil {
		t.Fatal(err)
	}
	passed := 0
	for _, w := range res.Warnings {
		if strings.Contains(w.Msg, "has passed") {
			passed++
		}
	}
	if passed != 2*len(languageTokens) {
		t.Errorf("%d warnings of passed dates, want %d", passed, 2*len(languageTokens))
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	defer srv.Close()
	late := map[string]string{
		"en": "We are late, and we are sorry", "de": "Wir sind spät dran, und das tut uns leid",
		"fr": "Nous sommes en retard, et nous en sommes désolés", "es": "Vamos con retraso, y lo sentimos",
		"pt-BR": "Estamos atrasados e pedimos desculpa", "nl": "We zijn te laat, en dat spijt ons",
		"it": "Siamo in ritardo, e ci scusiamo", "ar": "تأخرنا، ونعتذر عن ذلك",
	}
	for lang, tok := range languageTokens {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 800), chromedp.Navigate(srv.URL+"/f/"+token.PathID(tok)+"/")); err != nil {
			t.Fatal(err)
		}
		text := do(t, ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if !strings.Contains(text, late[lang]) {
			t.Errorf("%s: the page does not say the team is late:\n%s", lang, text)
		}
		if lang == "en" && (strings.Contains(text, "you’ll hear from us by") || strings.Contains(text, "please reply by")) {
			t.Errorf("en: the page still offers a passed date as ahead:\n%s", text)
		}
		browsertest.Screenshot(t, ctx, "late-"+lang)
	}
}
