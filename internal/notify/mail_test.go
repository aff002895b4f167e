package notify

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/candor-feedback/candor/internal/browsertest"
	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/ledger"
	"github.com/candor-feedback/candor/internal/sitetest"
)

const mailSite = `
-- candor.yaml --
title: Northwind Interview Guide
company: Northwind & Sons
base_url: https://careers.northwind.example/
contact: {name: Northwind Talent Team, email: talent@northwind.example}
-- content/index.md --
---
title: Home
---
-- content/feedback/ada.md --
---
candidate: Ada Moreno
role: Backend Engineer <Platform>
token: uhfumvgu6h4pq4n4pqglnh7bm3
status: advancing
email: ada.moreno@ok.example
recruiter: {name: Noor Haddad, email: noor.haddad@northwind.example}
stages: [{name: Technical interview, date: 2026-11-20}]
strengths: [SECRET-STRENGTH]
improvements: [SECRET-IMPROVEMENT]
concerns: [SECRET-CONCERN]
respond_by: 2026-11-30
next_steps: SECRET-NEXT
---
SECRET-BODY
`

func loadSite(t *testing.T, archive string) *content.Site {
	t.Helper()
	site, errs := content.Load(os.DirFS(sitetest.Write(t, archive)))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return site
}

var whys = []Why{First, Stage, Status, Delay, Link}

// TestComposeEveryLanguage writes every kind of mail in every shipped
// language: each sentence found (no key left showing), the company and
// role in it, escaped in the HTML part, and none of the feedback.
func TestComposeEveryLanguage(t *testing.T) {
	site := loadSite(t, mailSite)
	fb := site.Feedback[0]
	for _, tag := range site.Tables.Languages() {
		for _, sealed := range []bool{false, true} {
			for _, why := range whys {
				fb.Lang, fb.Sealed = tag, sealed
				m, err := Compose(site, Notice{Feedback: fb, Key: KeyOf(fb), Why: why, NewLink: why == Stage})
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("%s/%s/sealed=%v", tag, why, sealed)
				for part, body := range map[string]string{"subject": m.Subject, "text": m.Text, "html": m.HTML} {
					if strings.Contains(body, "mail_") || strings.Contains(body, "{") {
						t.Errorf("%s: %s has a sentence missing: %q", name, part, body)
					}
					if strings.Contains(body, "SECRET") {
						t.Errorf("%s: %s holds feedback", name, part)
					}
				}
				if !strings.Contains(m.Subject, "Northwind & Sons") {
					t.Errorf("%s: subject %q names no company", name, m.Subject)
				}
				if !strings.Contains(m.Text, "Backend Engineer <Platform>") || !strings.Contains(m.HTML, "Backend Engineer &lt;Platform&gt;") {
					t.Errorf("%s: the role is not in both parts, escaped in HTML", name)
				}
				link := fb.Link(site.Config.BaseURL)
				if label := text(lang(site, fb.Lang).Format("mail_link_text")); !strings.Contains(m.Text, label+"\n"+link+"\n") {
					t.Errorf("%s: the text part does not give the link on its own line after %q", name, label)
				}
				if strings.Contains(link, "#k=") != sealed || !strings.Contains(m.Text, link) || !strings.Contains(m.HTML, `href="`+link+`"`) {
					t.Errorf("%s: link %q missing from a part", name, link)
				}
				if m.ReplyTo != "noor.haddad@northwind.example" || m.To != "ada.moreno@ok.example" {
					t.Errorf("%s: to %q, reply to %q", name, m.To, m.ReplyTo)
				}
				if rtl := strings.Contains(m.HTML, `dir="rtl"`); rtl != (tag == "ar") {
					t.Errorf("%s: dir=rtl is %v", name, rtl)
				}
			}
		}
	}
}

// TestComposeSaysWhy: the subject follows the reason, and a mail after a
// new link says the old one no longer works.
func TestComposeSaysWhy(t *testing.T) {
	site := loadSite(t, mailSite)
	fb := site.Feedback[0]
	subjects := map[string]bool{}
	for _, why := range whys {
		m, _ := Compose(site, Notice{Feedback: fb, Key: KeyOf(fb), Why: why})
		subjects[m.Subject] = true
	}
	if len(subjects) != len(whys) {
		t.Errorf("%d subjects for %d reasons: %v", len(subjects), len(whys), subjects)
	}
	old := "The link we sent you before no longer works."
	m, _ := Compose(site, Notice{Feedback: fb, Key: KeyOf(fb), Why: Status, NewLink: true})
	if !strings.Contains(m.Text, old) {
		t.Errorf("a decision with a new link does not say the old one is gone:\n%s", m.Text)
	}
	m, _ = Compose(site, Notice{Feedback: fb, Key: KeyOf(fb), Why: Status})
	if strings.Contains(m.Text, old) {
		t.Error("a mail with the same link says it changed")
	}
}

// TestDue holds Due to SPEC.md: published, with an address, not held
// back, and no notice with the same key; the reason from the last
// notice that told the candidate.
func TestDue(t *testing.T) {
	site := loadSite(t, mailSite)
	today, _, _ := content.ParseDate("2026-11-23")
	fb := site.Feedback[0]
	k := KeyOf(fb)
	due, _ := Due(site, today, nil)
	if len(due) != 1 || due[0].Why != First {
		t.Fatalf("due %+v", due)
	}
	for _, tc := range []struct {
		change func(*ledger.Key)
		want   Why
	}{
		{func(k *ledger.Key) { k.Status = "on-hold" }, Status},
		{func(k *ledger.Key) { k.LastStage = "2026-11-01" }, Stage},
		{func(k *ledger.Key) { k.PathID = strings.Repeat("a", 26) }, Link},
	} {
		prev := k
		tc.change(&prev)
		site.Ledger, _ = ledger.Parse(ledger.File, []byte(ledger.Header+"\n2026-11-02,"+prev.ID+","+prev.Status+","+prev.PathID+","+prev.LastStage+","+prev.DecisionBy+",smtp\n"))
		due, _ := Due(site, today, nil)
		if len(due) != 1 || due[0].Why != tc.want {
			t.Errorf("after %+v: due %+v, want %s", prev, due, tc.want)
		}
	}
	site.Ledger, _ = ledger.Parse(ledger.File, []byte(ledger.Header+"\n2026-11-22,"+k.ID+","+k.Status+","+k.PathID+","+k.LastStage+",,refused\n"))
	if due, _ := Due(site, today, nil); len(due) != 0 {
		t.Errorf("a refused notice is due again without --retry: %+v", due)
	}
	if due, _ := Due(site, today, []string{"ada"}); len(due) != 1 || !due[0].Retry {
		t.Errorf("--retry ada: %+v", due)
	}
	site.Ledger = &ledger.Ledger{}
	fb.Notify = false
	if due, skipped := Due(site, today, nil); len(due) != 0 || len(skipped.Held) != 1 {
		t.Errorf("notify: false: due %+v, skipped %+v", due, skipped)
	}
}

// TestMailInABrowser renders the HTML part as a mail program shows it, at
// a phone's width and a desktop's, in English, German and Arabic: nothing
// scrolls sideways, the button is whole and the text runs the language's
// way.
func TestMailInABrowser(t *testing.T) {
	ctx := browsertest.New(t)
	site := loadSite(t, mailSite)
	fb := site.Feedback[0]
	dir := t.TempDir()
	for _, lang := range []string{"ar", "en", "de"} {
		fb.Lang, fb.Sealed = lang, lang == "de"
		m, err := Compose(site, Notice{Feedback: fb, Key: KeyOf(fb), Why: First})
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, lang+".html")
		if err := os.WriteFile(file, []byte(m.HTML), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{375, 800} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate("file://"+file)); err != nil {
				t.Fatal(err)
			}
			browsertest.Screenshot(t, ctx, fmt.Sprintf("mail-%s-%d", lang, width))
			got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
				const a = document.querySelector("a");
				const r = a.getBoundingClientRect();
				return {
					sideways: document.documentElement.scrollWidth > window.innerWidth,
					button: r.left >= 0 && r.right <= window.innerWidth && r.height > 30,
					dir: getComputedStyle(document.querySelector("td")).direction,
				};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			wantDir := "ltr"
			if lang == "ar" {
				wantDir = "rtl"
			}
			if got["sideways"] == true || got["button"] != true || got["dir"] != wantDir {
				t.Errorf("%s at %d px: %v", lang, width, got)
			}
		}
	}
}
