package build

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/candor-feedback/candor/internal/browsertest"
	"github.com/candor-feedback/candor/internal/ledger"
	"github.com/candor-feedback/candor/internal/sitetest"
)

// promiseSite has one candidate still waiting past the deadline (late)
// and one within it; the ledger comes from promiseLedger.
const promiseSite = `
-- candor.yaml --
title: Northwind Interview Guide
base_url: https://careers.northwind.example/
language: %s
feedback_sla_days: 5
promise_min_count: %d
-- content/index.md --
---
title: Working at Northwind
---
We interview with care.
-- content/feedback/late.md --
---
candidate: Lena Waiting
role: Analyst
token: x5tuyabljj2r4v7fmyz5ijkqgb
status: advancing
draft: true
stages: [{name: Call, date: 2026-11-01}]
---
-- content/feedback/soon.md --
---
candidate: Sam Soon
role: Analyst
token: vbnuluf2dq6bm3ydy7fd7lfzvk
status: advancing
draft: true
stages: [{name: Call, date: 2026-11-21}]
---
`

// promiseLedger tells nine candidates, told 1, 2, 2, 3, 4, 5, 6, 8 and 9
// days after a stage on 2026-11-02 (six on time), and one candidate
// whose stage lies outside a 90-day window.
func promiseLedger() string {
	var b strings.Builder
	b.WriteString(ledger.Header + "\n")
	for i, d := range []int{1, 2, 2, 3, 4, 5, 6, 8, 9} {
		fmt.Fprintf(&b, "2026-11-%02d,past-%d,not-selected,abcdefghijklmnopqrstuvwxyz,2026-11-02,,smtp\n", 2+d, i)
	}
	b.WriteString("2026-07-01,older,offer,abcdefghijklmnopqrstuvwxyz,2026-06-20,,smtp\n")
	return b.String()
}

func buildHome(t *testing.T, dir string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), dir, dest, Options{Today: day(t, "2026-11-23")}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, ledger.File)); err == nil {
		t.Error("the ledger was published")
	}
	return string(data)
}

// TestPromiseRecord: from the ledger and the candidates still waiting,
// the home page shows how many candidates, the share on time and the
// median days, in the site's language; below promise_min_count it shows
// nothing, byte for byte the page without a ledger.
func TestPromiseRecord(t *testing.T) {
	// Ten candidates: the nine told and "late", past its deadline; "soon"
	// is within it and "older" outside the window, so neither counts.
	dir := sitetest.Write(t, fmt.Sprintf(promiseSite, "en", 10))
	without := buildHome(t, dir)
	if strings.Contains(without, "record") {
		t.Fatal("a site without a ledger shows a record")
	}
	os.WriteFile(filepath.Join(dir, ledger.File), []byte(promiseLedger()), 0o644)
	home := buildHome(t, dir)
	for _, want := range []string{
		`<span>60%</span> on time`,
		"10 candidates were owed feedback in the last 90 days.",
		"60% of that feedback arrived within 5 days of the interview.",
		"Half of it arrived within 4 days.",
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q:\n%s", want, home)
		}
	}
	for _, never := range []string{"past-", "late", "Lena", "older"} {
		if strings.Contains(home, never) {
			t.Errorf("the record names %q", never)
		}
	}

	// Eleven needed: nothing, and the page is the one without a ledger.
	edit(t, filepath.Join(dir, "candor.yaml"), "promise_min_count: 10", "promise_min_count: 11")
	below := buildHome(t, dir)
	os.Remove(filepath.Join(dir, ledger.File))
	if want := buildHome(t, dir); below != want {
		t.Error("below promise_min_count the home page differs from the one without a ledger")
	}
}

// TestPromiseRecordSpeaksTheSiteLanguage: the record in German and in
// Arabic (its digits, its percent sign), and how it looks at a phone's
// width and a desktop's.
func TestPromiseRecordSpeaksTheSiteLanguage(t *testing.T) {
	want := map[string][]string{
		"de": {"<span>60\u00a0%</span> pünktlich", "Wir schuldeten in den letzten 90 Tagen 10 Personen eine Rückmeldung.", "Die Hälfte kam innerhalb von 4 Tagen."},
		"ar": {"<span>٦٠٪</span> في الموعد", "انتظر ١٠ أشخاص ملاحظاتنا خلال آخر ٩٠ يومًا.", "وصل نصفها خلال ٤ أيام أو أقل."},
	}
	ctx := browsertest.New(t)
	for lang, sentences := range want {
		dir := sitetest.Write(t, fmt.Sprintf(promiseSite, lang, 10))
		os.WriteFile(filepath.Join(dir, ledger.File), []byte(promiseLedger()), 0o644)
		home := buildHome(t, dir)
		for _, s := range sentences {
			if !strings.Contains(home, s) {
				t.Errorf("%s: home page lacks %q", lang, s)
			}
		}
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), dir, dest, Options{Today: day(t, "2026-11-23")}); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(srv.URL+"/")); err != nil {
				t.Fatal(err)
			}
			browsertest.Screenshot(t, ctx, fmt.Sprintf("promise-%s-%d", lang, width))
			got := do(t, ctx, chromedp.Evaluate[map[string]any](`(() => {
				const card = document.querySelector(".promise-card").getBoundingClientRect();
				const rec = document.querySelector(".record").getBoundingClientRect();
				return {
					sideways: document.documentElement.scrollWidth > window.innerWidth,
					inside: rec.left >= card.left && rec.right <= card.right + 0.5 && rec.bottom <= card.bottom + 0.5,
				};
			})()`))
			if got["sideways"] == true || got["inside"] != true {
				t.Errorf("%s at %d px: %v", lang, width, got)
			}
		}
		srv.Close()
	}
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil || !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s holds no %q (%v)", file, old, err)
	}
	os.WriteFile(file, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
}
