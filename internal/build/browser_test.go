package build

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"context"
	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"

	"github.com/candor-feedback/candor/internal/browsertest"
	"github.com/candor-feedback/candor/internal/token"
)

// TestPagesInABrowser opens the example site's pages, served as static
// files over HTTP, in headless Chromium at a phone's width and a
// desktop's, and checks what a person would notice.
func TestPagesInABrowser(t *testing.T) {
	ctx := browsertest.New(t)
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildExample(t, site, dest, Options{})
	s, err := Load(site)
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var served []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served = append(served, r.URL.Path)
		mu.Unlock()
		http.FileServer(http.Dir(dest)).ServeHTTP(w, r)
	}))
	defer srv.Close()
	origin, _ := url.Parse(srv.URL)

	// Every Content-Security-Policy violation a page reports, from the
	// browser's log: a page must work within its own policy.
	var violations []string
	chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*cdplog.EventEntryAdded); ok && strings.Contains(e.Entry.Text, "Content Security Policy") {
			mu.Lock()
			violations = append(violations, e.Entry.URL+": "+e.Entry.Text)
			mu.Unlock()
		}
	})
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}

	var requests []string
	type page struct{ name, path, h1 string }
	pages := []page{{"home", "/", "How we interview at Northwind"}, {"stages", "/guide/stages/", "The stages"}}
	for _, fb := range s.Feedback {
		if fb.Published(day(t, exampleToday), false) {
			link := "/f/" + fb.PathID() + "/"
			if fb.Sealed {
				link += "#" + token.Fragment(fb.Token) // the whole link, as sent
			}
			pages = append(pages, page{"feedback-" + fb.ID, link, "Hi " + fb.Greeting() + ","})
		}
	}
	for _, width := range []int64{375, 1280} {
		for _, p := range pages {
			t.Run(fmt.Sprintf("%s-%d", p.name, width), func(t *testing.T) {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800), chromedp.Navigate(srv.URL+p.path)); err != nil {
					t.Fatal(err)
				}
				// A sealed page shows its h1 once it has opened itself.
				h1 := waitH1(t, ctx, p.h1)
				overflow := do(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
				fontSize := do(t, ctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.querySelector("main p:not(.eyebrow):not(.badge)")).fontSize)`))
				smallTargets := do(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".button")].filter(b => b.getBoundingClientRect().height < 44).map(b => b.textContent)`))
				// Every resource the page loaded, to see that none came from
				// another origin.
				loaded := do(t, ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(e => e.name)`))
				mu.Lock()
				requests = append(requests, loaded...)
				mu.Unlock()
				browsertest.Screenshot(t, ctx, fmt.Sprintf("%s-%d", p.name, width))
				if strings.TrimSpace(h1) != p.h1 {
					t.Errorf("h1 = %q, want %q", h1, p.h1)
				}
				if overflow {
					t.Error("the page scrolls sideways")
				}
				if fontSize < 16 {
					t.Errorf("body text is %.1fpx, too small to read comfortably", fontSize)
				}
				if len(smallTargets) > 0 {
					t.Errorf("buttons under 44px high, hard to tap: %q", smallTargets)
				}
			})
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, v := range violations {
		t.Errorf("a page broke its own Content-Security-Policy: %s", v)
	}
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || u.Host != origin.Host && u.Scheme != "data" {
			t.Errorf("a page asked another origin for %s", r)
		}
	}
	cssLoaded := false
	for _, p := range served {
		cssLoaded = cssLoaded || strings.HasPrefix(p, "/assets/candor.")
	}
	if !cssLoaded {
		t.Error("the stylesheet was never loaded")
	}
}

func waitH1(t *testing.T, ctx context.Context, want string) string {
	t.Helper()
	var h1 string
	for range 100 {
		h1 = do(t, ctx, chromedp.Evaluate[string](`(document.querySelector("h1:not([hidden] h1)") || {}).textContent || ""`))
		if strings.TrimSpace(h1) == want {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return h1
}

func do[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
