package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/candor-feedback/candor/internal/browsertest"
)

// TestPageUpdatesItself: a page open in Chromium shows an edit, then the
// problems of a broken edit over the last good page, then the fix, with
// no navigation by the test.
func TestPageUpdatesItself(t *testing.T) {
	ctx := browsertest.New(t)
	dir := writeSite(t, site)
	_, base := start(t, dir, Options{})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 800), chromedp.Navigate(base+adaPath)); err != nil {
		t.Fatal(err)
	}
	text := func() string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			return ""
		}
		return s
	}
	waitText := func(what string, ok func(string) bool) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			s := text()
			if ok(s) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the page never showed %s; it shows:\n%s", what, s)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitText("the first version", func(s string) bool { return strings.Contains(s, "First version.") })
	// Edits count once the page's script is listening.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.candorLive === "open"`)); err != nil {
		t.Fatal(err)
	}

	p := filepath.Join(dir, "content", "feedback", "ada.md")
	good, _ := os.ReadFile(p)
	write(t, p, strings.Replace(string(good), "First version.", "Edited while open.", 1))
	waitText("the edit", func(s string) bool { return strings.Contains(s, "Edited while open.") })
	browsertest.Screenshot(t, ctx, "serve-edited")

	write(t, p, strings.Replace(string(good), "status: withdrawn", "status: maybe", 1))
	waitText("the problems", func(s string) bool {
		return strings.Contains(s, `content/feedback/ada.md:5: status must be one of`) && strings.Contains(s, "Edited while open.")
	})
	browsertest.Screenshot(t, ctx, "serve-problems")

	write(t, p, strings.Replace(string(good), "First version.", "Fixed.", 1))
	waitText("the fix, without the problems", func(s string) bool {
		return strings.Contains(s, "Fixed.") && !strings.Contains(s, "status must be one of")
	})
}
