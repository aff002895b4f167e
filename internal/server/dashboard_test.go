package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/candor-feedback/candor/internal/browsertest"
	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/token"
)

const dashboardSite = `
-- candor.yaml --
title: Acme Interview Guide
base_url: https://jobs.acme.example/
-- content/index.md --
---
title: Home
---
-- content/feedback/a-published.md --
---
candidate: Ada Moreno-Castellanos de la Vega
role: Backend Engineer
token: x5tuyabljj2r4v7fmyz5ijkqgb
status: withdrawn
stages: [{name: Call, date: 2026-01-05}]
strengths: [Clear reasoning]
---
Thanks <b>Ada</b>!
-- content/feedback/b-overdue-draft-with-a-long-identifier.md --
---
candidate: Bo Lind
role: Designer
token: vbnuluf2dq6bm3ydy7fd7lfzvk
status: advancing
draft: true
stages: [{name: Call, date: 2025-12-01}]
---
-- content/feedback/c-on-hold.md --
---
candidate: Cy Moss
role: Designer
token: rnsuc4oir4mjdawjkdqk3qicgx
status: on-hold
decision_by: 2026-01-20
next_steps: We will call.
stages: [{name: Call, date: 2026-01-06}]
strengths: [Kind]
---
`

// TestDashboardInABrowser: the preview's dashboard lists the most urgent
// candidate first, marks the overdue one, shows each candidate's warnings,
// shows ids whole, and reads at a phone's width and a desktop's with
// nothing cut off or scrolling sideways. A page shows the warnings in a
// note that does not block it.
func TestDashboardInABrowser(t *testing.T) {
	ctx := browsertest.New(t)
	dir := writeSite(t, dashboardSite)
	_, base := start(t, dir, Options{Drafts: true})
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+"/_candor/")); err != nil {
			t.Fatal(err)
		}
		browsertest.Screenshot(t, ctx, fmt.Sprintf("dashboard-%d", width))
		got := do(t, ctx, chromedp.Evaluate[map[string]any](`(() => {
			const cards = [...document.querySelectorAll(".dash > li")];
			const cut = [...document.querySelectorAll(".dash *")].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== "visible");
			return {
				order: cards.map(c => c.querySelector(".id").textContent).join(" "),
				overdue: cards.filter(c => c.classList.contains("overdue")).map(c => c.querySelector(".id").textContent).join(" "),
				warnings: cards.map(c => c.querySelectorAll(".warnings li").length).join(" "),
				sideways: document.documentElement.scrollWidth > window.innerWidth,
				cut: cut.length,
				idsWhole: cards.every(c => c.querySelector(".id").getBoundingClientRect().right <= window.innerWidth),
			};
		})()`))
		if want := "b-overdue-draft-with-a-long-identifier c-on-hold a-published"; got["order"] != want {
			t.Errorf("%d px: order %q, want %q", width, got["order"], want)
		}
		if got["overdue"] != "b-overdue-draft-with-a-long-identifier" {
			t.Errorf("%d px: overdue marked on %q", width, got["overdue"])
		}
		if got["warnings"] != "0 0 1" {
			t.Errorf("%d px: warnings per card %q, want 0 0 1", width, got["warnings"])
		}
		if got["sideways"] == true || got["cut"] != float64(0) || got["idsWhole"] != true {
			t.Errorf("%d px: sideways %v, cut %v, ids whole %v", width, got["sideways"], got["cut"], got["idsWhole"])
		}
	}
	// A page shows the warnings in a note that leaves it readable.
	ada := "/f/" + (&content.Feedback{Token: "x5tuyabljj2r4v7fmyz5ijkqgb"}).PathID() + "/"
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 900), chromedp.Navigate(base+ada)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById("candor-warnings")`)); err != nil {
		t.Fatalf("no warnings note: %v", err)
	}
	summary := do(t, ctx, chromedp.Evaluate[string](`document.querySelector("#candor-warnings summary").textContent`))
	if summary != "candor: 1 warning (the site builds)" {
		t.Errorf("note %q", summary)
	}
	browsertest.Screenshot(t, ctx, "page-with-warning")
}

func do[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDashboardShowsNotices: each published card says whether the
// candidate was told of the page, and serve watches notices.csv: a
// notice recorded while it runs shows at once.
func TestDashboardShowsNotices(t *testing.T) {
	dir := writeSite(t, `
-- candor.yaml --
title: Acme Interview Guide
base_url: https://jobs.acme.example/
-- content/index.md --
---
title: Home
---
-- content/feedback/ada.md --
---
candidate: Ada Moreno
role: Backend Engineer
token: x5tuyabljj2r4v7fmyz5ijkqgb
status: advancing
email: ada@example.org
next_steps: A call.
stages: [{name: Call, date: 2026-01-05}]
strengths: [Clear reasoning]
---
-- content/feedback/bo.md --
---
candidate: Bo Lind
role: Designer
token: vbnuluf2dq6bm3ydy7fd7lfzvk
status: withdrawn
stages: [{name: Call, date: 2026-01-06}]
strengths: [Kind]
---
`)
	_, base := start(t, dir, Options{})
	_, body := get(t, base+"/_candor/")
	if !strings.Contains(body, "not told yet: run candor notify") || !strings.Contains(body, "no notice: no email") {
		t.Fatalf("dashboard before any notice:\n%s", body)
	}
	// The mail notify would send, as its HTML part shows; none for bo.
	if !strings.Contains(body, `href="/_candor/mail/ada"`) || strings.Contains(body, `href="/_candor/mail/bo"`) {
		t.Errorf("mail previews on the dashboard:\n%s", body)
	}
	code, mail := get(t, base+"/_candor/mail/ada")
	if code != 200 || !strings.Contains(mail, "Hi Ada,") || !strings.Contains(mail, "https://jobs.acme.example/f/"+token.PathID("x5tuyabljj2r4v7fmyz5ijkqgb")+"/") || strings.Contains(mail, "Clear reasoning") {
		t.Errorf("mail preview: %d\n%s", code, mail)
	}
	if code, _ := get(t, base+"/_candor/mail/bo"); code != 404 {
		t.Errorf("a mail preview for a candidate without an email: %d", code)
	}
	line := "2026-01-09,ada,advancing," + token.PathID("x5tuyabljj2r4v7fmyz5ijkqgb") + ",2026-01-05,,smtp\n"
	if err := os.WriteFile(filepath.Join(dir, "notices.csv"), []byte("date,id,status,path_id,last_stage,decision_by,channel\n"+line), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the dashboard to show the notice", func() bool {
		_, body := get(t, base+"/_candor/")
		return strings.Contains(body, "told 2026-01-09") && !strings.Contains(body, "not told yet")
	})
}
