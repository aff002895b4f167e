package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/seal"
	"github.com/candor-feedback/candor/internal/sitetest"
	"github.com/candor-feedback/candor/internal/token"
)

const sealedToken = "uhfumvgu6h4pq4n4pqglnh7bm3"

var sealedSite = `
-- candor.yaml --
title: Acme Interview Guide
base_url: https://jobs.acme.example/
contact: {name: Acme Talent, email: talent@acme.example}
-- content/index.md --
---
title: Home
---
-- content/feedback/ada.md --
---
candidate: Ada Moreno
role: Platform Engineer
token: ` + sealedToken + `
status: advancing
sealed: true
email: ada.moreno@mail.example
stages: [{name: Skills conversation, date: 2026-01-05, interviewers: [Kofi Boateng]}]
strengths: [Traced the packet loss to the right interface in minutes]
improvements: [Say what you see while you debug]
next_steps: A team day on 12 January.
---
Thank you for a thoughtful conversation.
`

// secrets are what a sealed page must not show to anyone without its key.
var secrets = []string{"Ada", "Moreno", "Platform Engineer", "packet loss", "Say what you see", "team day", "thoughtful", "Kofi Boateng", "ada.moreno@mail.example", sealedToken}

func buildSealed(t *testing.T, opts Options) (dest string, page []byte) {
	t.Helper()
	dir := sitetest.Write(t, sealedSite)
	dest = filepath.Join(t.TempDir(), "public")
	opts.Today = day(t, "2026-01-10")
	res, err := Build(context.Background(), dir, dest, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sealed != 1 {
		t.Fatalf("%d sealed pages", res.Sealed)
	}
	page, err = os.ReadFile(filepath.Join(dest, "f", token.PathID(sealedToken), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	return dest, page
}

func TestSealedPageHoldsNoPlaintext(t *testing.T) {
	for _, nominify := range []bool{false, true} {
		dest, page := buildSealed(t, Options{NoMinify: nominify})
		box := regexp.MustCompile(`<div id="candor-sealed" hidden>([A-Za-z0-9_-]+)</div>`).FindSubmatch(page)
		if box == nil {
			t.Fatal("no sealed box in the page")
		}
		// Outside the box (where letters are random) no word of it.
		shell := bytes.Replace(page, box[1], nil, 1)
		for _, s := range secrets {
			if bytes.Contains(bytes.ToLower(shell), bytes.ToLower([]byte(s))) {
				t.Errorf("minify=%v: the sealed page holds %q", !nominify, s)
			}
		}
		if !bytes.Contains(page, []byte("<title>Acme Interview Guide</title>")) || !bytes.Contains(page, []byte(`<meta name="robots" content="noindex, nofollow, noarchive">`)) {
			t.Error("the shell lacks the generic title or the robots tag")
		}
		// And it opens, with its key, to the page a plain build gives.
		raw, err := base64.RawURLEncoding.DecodeString(string(box[1]))
		if err != nil {
			t.Fatal(err)
		}
		body, err := seal.Open(token.SealKey(sealedToken), token.PathID(sealedToken), raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"Hi Ada,", "Traced the packet loss", "A team day on 12 January."} {
			if !bytes.Contains(body, []byte(s)) {
				t.Errorf("the opened page lacks %q", s)
			}
		}
		if bytes.Contains(page, []byte(token.PathID(sealedToken))) {
			t.Error("the page holds its own path id")
		}
		_ = dest
	}
}

func TestSealedBuildsAreReproducible(t *testing.T) {
	_, a := buildSealed(t, Options{})
	_, b := buildSealed(t, Options{})
	if !bytes.Equal(a, b) {
		t.Error("two builds of a sealed page differ")
	}
}

// TestScriptHash: the page's CSP allows its inline script by hash, and
// by nothing else: one changed byte of the script no longer matches.
func TestScriptHash(t *testing.T) {
	_, page := buildSealed(t, Options{})
	script, err := InlineScript(page)
	if err != nil {
		t.Fatal(err)
	}
	hash := func(s []byte) string {
		sum := sha256.Sum256(s)
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`).FindSubmatch(page)
	if csp == nil {
		t.Fatal("no CSP")
	}
	policy := strings.ReplaceAll(string(csp[1]), "&#39;", "'")
	if !strings.Contains(policy, "script-src "+hash(script)) {
		t.Errorf("CSP %q does not allow the script %s", policy, hash(script))
	}
	if strings.Contains(policy, "unsafe-inline") || bytes.Count(page, []byte("<script")) != 1 {
		t.Error("the page allows or holds more than its one hashed script")
	}
	changed := bytes.Clone(script)
	changed[len(changed)/2] ^= 1
	if strings.Contains(policy, hash(changed)) {
		t.Error("a changed script still matches the CSP")
	}
}

func TestPlainPagesHaveNoScript(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildExample(t, site, dest, Options{})
	for name, data := range snapshot(t, dest) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if bytes.Contains(data, []byte("<script")) != bytes.Contains(data, []byte("candor-sealed")) {
			t.Errorf("%s: a script on a page that is not sealed, or none on one that is", name)
		}
		if !bytes.Contains(data, []byte(`http-equiv="Content-Security-Policy"`)) {
			t.Errorf("%s: no Content-Security-Policy", name)
		}
	}
}
