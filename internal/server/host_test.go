package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/candor-feedback/candor/internal/browsertest"
	"github.com/candor-feedback/candor/internal/token"
)

// TestHostCheck: the preview answers only requests that name the address
// it listens on.
func TestHostCheck(t *testing.T) {
	dir := writeSite(t, site)
	_, base := start(t, dir, Options{})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(base, "http://"))
	tests := []struct {
		host string
		want int
	}{
		{"127.0.0.1:" + port, http.StatusOK},
		{"localhost:" + port, http.StatusOK},
		{"LOCALHOST:" + port, http.StatusOK},
		{"[::1]:" + port, http.StatusOK},
		{"rebind.attacker.test:" + port, http.StatusMisdirectedRequest},
		{"127.0.0.1.nip.example:" + port, http.StatusMisdirectedRequest},
		{"127.0.0.1:1", http.StatusMisdirectedRequest},
		{"127.0.0.1", http.StatusMisdirectedRequest},
	}
	for _, tt := range tests {
		for _, path := range []string{"/_candor/", adaPath, "/_candor/events"} {
			req, _ := http.NewRequest("GET", base+path, nil)
			req.Host = tt.host
			ctx, cancel := context.WithCancel(context.Background())
			resp, err := http.DefaultClient.Do(req.WithContext(ctx))
			if err != nil {
				cancel()
				t.Fatal(err)
			}
			if resp.StatusCode != tt.want {
				t.Errorf("Host %q, %s: status %d, want %d", tt.host, path, resp.StatusCode, tt.want)
			}
			if tt.want != http.StatusOK {
				body, _ := io.ReadAll(resp.Body)
				if strings.Contains(string(body), "Ada") {
					t.Errorf("Host %q, %s: the answer names a candidate", tt.host, path)
				}
			}
			resp.Body.Close()
			cancel()
		}
	}
}

// TestRedirectsStayOnTheSite: a folder asked for without its slash is
// redirected within the site, whatever slashes the request doubled.
func TestRedirectsStayOnTheSite(t *testing.T) {
	dir := writeSite(t, site)
	_, base := start(t, dir, Options{})
	host := strings.TrimPrefix(base, "http://")
	for _, path := range []string{"/guide/stages", "//guide/stages", "/guide//stages", "/./guide/stages"} {
		// Written by hand, so that the path goes as it is.
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		conn.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusMovedPermanently || loc != "/guide/stages/" {
			t.Errorf("%s: %d to %q, want 301 to /guide/stages/", path, resp.StatusCode, loc)
		}
	}
	// Private pages are never kept by a cache.
	resp, err := http.Get(base + adaPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("a private page's Cache-Control is %q", cc)
	}
}

// TestRebindingPageGetsNothing: a page served under another name that
// resolves to this computer (as DNS rebinding makes it) reads nothing of
// a running preview, in a real browser.
func TestRebindingPageGetsNothing(t *testing.T) {
	ctx := browsertest.New(t, chromedp.Flag("host-resolver-rules", "MAP rebind.attacker.test 127.0.0.1"))
	dir := writeSite(t, site)
	_, base := start(t, dir, Options{Drafts: true})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(base, "http://"))
	for _, path := range []string{"/_candor/", adaPath} {
		if err := chromedp.Do(ctx, chromedp.Navigate("http://rebind.attacker.test:"+port+path)); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(text, "Ada") || strings.Contains(text, "Bo Lind") || !strings.Contains(text, "only requests addressed to it") {
			t.Errorf("%s under a rebound name shows:\n%s", path, text)
		}
	}
	// The same page by the preview's own address works.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/_candor/")); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Ada Moreno") {
		t.Errorf("the preview's index by its own address shows:\n%s", text)
	}
}

const sealedSite = `
-- candor.yaml --
title: Acme Interview Guide
base_url: https://jobs.acme.example/
sealed: true
-- content/feedback/ada.md --
---
candidate: Ada Moreno
role: Backend Engineer
token: uhfumvgu6h4pq4n4pqglnh7bm3
status: withdrawn
stages: [{name: Call, date: 2026-01-05}]
strengths: [Clear reasoning about trade-offs]
---
`

// TestSealedPageOpensInPreview: the index links a sealed page with its
// key, and the page, opened from that link, decrypts in Chromium with the
// preview's reload script allowed beside its own.
func TestSealedPageOpensInPreview(t *testing.T) {
	ctx := browsertest.New(t)
	dir := writeSite(t, sealedSite)
	_, base := start(t, dir, Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/_candor/")); err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".dash a.open").getAttribute("href")`))
	if err != nil {
		t.Fatal(err)
	}
	if want := adaPath + "#" + token.Fragment("uhfumvgu6h4pq4n4pqglnh7bm3"); href != want {
		t.Fatalf("the index links %q, want %q", href, want)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+href)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.innerText.includes("Clear reasoning about trade-offs")`)); err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("the sealed page did not open: %v; it shows:\n%s", err, text)
	}
	// And the live reload still runs in it.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.candorLive === "open"`)); err != nil {
		t.Errorf("the reload script did not run on the sealed page: %v", err)
	}
	browsertest.Screenshot(t, ctx, "serve-sealed")
}
