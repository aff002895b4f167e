package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/candor-feedback/candor/internal/browsertest"
	"github.com/candor-feedback/candor/internal/token"
)

// TestSealedPageInABrowser opens a sealed page, served as a static file
// over HTTP, every way a candidate might, and some ways an attacker
// would. Only the right key shows the feedback; every other way shows a
// message that says what to do, and none of the content.
func TestSealedPageInABrowser(t *testing.T) {
	browser := browsertest.New(t)
	dest, page := buildSealed(t, Options{})
	pageFile := filepath.Join(dest, "f", token.PathID(sealedToken), "index.html")

	// Variants of the page file, each served at the page's own address.
	box := regexp.MustCompile(`(<div id="candor-sealed" hidden>)([A-Za-z0-9_-]+)(</div>)`)
	flipped := box.ReplaceAllStringFunc(string(page), func(m string) string {
		// One byte of the ciphertext, in its base64url text.
		parts := box.FindStringSubmatch(m)
		b := []byte(parts[2])
		i := len(b) / 2
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return parts[1] + string(b) + parts[3]
	})
	script, _ := InlineScript(page)
	changedScript := strings.Replace(string(page), string(script), strings.Replace(string(script), "use strict", "use strict ", 1), 1)
	variant := map[string][]byte{"": page, "flipped": []byte(flipped), "script": []byte(changedScript)}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v, ok := variant[r.URL.Query().Get("variant")]; ok && strings.HasPrefix(r.URL.Path, "/f/") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(v)
			return
		}
		http.FileServer(http.Dir(dest)).ServeHTTP(w, r)
	}))
	defer srv.Close()
	if _, err := os.Stat(pageFile); err != nil {
		t.Fatal(err)
	}
	address := srv.URL + "/f/" + token.PathID(sealedToken) + "/"
	key := "#" + token.Fragment(sealedToken)
	other := "#" + token.Fragment("6twh5fhnuhgalv4sky377i7xyy")

	tests := []struct {
		name    string
		url     string
		noJS    bool
		want    string // in the visible text
		content bool   // the feedback shows
	}{
		{"the whole link", address + key, false, "Traced the packet loss to the right interface in minutes", true},
		{"no key", address, false, "This link is incomplete", false},
		{"an empty key", address + "#k=", false, "This link is incomplete", false},
		{"another candidate's key", address + other, false, "This page could not be unlocked", false},
		{"a key cut short", address + key[:len(key)-6], false, "This page could not be unlocked", false},
		{"one ciphertext byte flipped", address + "?variant=flipped" + key, false, "This page could not be unlocked", false},
		{"one script byte changed: CSP blocks it", address + "?variant=script" + key, false, "needs JavaScript", false},
		{"JavaScript off", address + key, true, "needs JavaScript", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := chromedp.NewContext(browser) // a tab of its own
			defer cancel()
			if tt.noJS {
				err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
					return err
				}))
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 800), chromedp.Navigate(tt.url)); err != nil {
				t.Fatal(err)
			}
			var text string
			for range 100 {
				text, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
				if strings.Contains(text, tt.want) && !strings.Contains(text, "Unlocking") {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			browsertest.Screenshot(t, ctx, "sealed-"+strings.ReplaceAll(tt.name, " ", "-"))
			if !strings.Contains(text, tt.want) {
				t.Fatalf("the page shows:\n%s\nwant %q", text, tt.want)
			}
			for _, s := range secrets {
				if strings.Contains(text, s) != tt.content && (s == "Ada" || s == "Platform Engineer" || s == "packet loss") {
					t.Errorf("%q shown = %v, want %v", s, !tt.content, tt.content)
				}
			}
			if !tt.content {
				for _, s := range secrets {
					if strings.Contains(text, s) {
						t.Errorf("shows %q without the key", s)
					}
				}
				if !strings.Contains(text, "talent@acme.example") {
					t.Error("no contact to ask for a new link")
				}
			}
		})
	}
}
