package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/sitetest"
	"github.com/candor-feedback/candor/internal/token"
)

const withholdSite = `
-- candor.yaml --
title: Northwind
base_url: https://careers.northwind.example/
-- content/index.md --
---
title: Home
---
-- content/feedback/ada.md --
---
candidate: Ada Moreno
role: Analyst
token: x5tuyabljj2r4v7fmyz5ijkqgb
status: withdrawn
stages: [{name: Call, date: 2026-11-20}]
strengths: [Clear]
---
-- content/feedback/bo.md --
---
candidate: Bo Lind
role: Analyst
token: vbnuluf2dq6bm3ydy7fd7lfzvk
status: withdrawn
stages: [{name: Call, date: 2026-11-20}]
strengths: [Clear]
---
-- content/feedback/cy.md --
---
candidate: Cy Moss
role: Analyst
token: rnsuc4oir4mjdawjkdqk3qicgx
status: withdrawn
stages: [{name: Call, date: 2026-11-20}]
strengths: [Clear]
---
-- content/feedback/ed.md --
---
candidate: Ed Stone
role: Analyst
token: npybcu2e6hdzf3xhr5ozov6t6n
status: withdrawn
expires: 2026-11-23
stages: [{name: Call, date: 2026-11-20}]
strengths: [Clear]
---
`

// TestWithholdInvalid: a daily rebuild with files in error leaves out
// exactly those pages, still takes an expired page down, and publishes
// neither page of two files that share a token; without the option the
// same build fails and leaves the output as it was.
func TestWithholdInvalid(t *testing.T) {
	dir := sitetest.Write(t, withholdSite)
	dest := filepath.Join(t.TempDir(), "public")
	page := func(tok string) string { return filepath.Join(dest, "f", token.PathID(tok), "index.html") }
	if _, err := Build(context.Background(), dir, dest, Options{Today: day(t, "2026-11-22")}); err != nil {
		t.Fatal(err)
	}
	// bo breaks; dy copies cy, token and all; ed expires.
	edit(t, filepath.Join(dir, "content/feedback/bo.md"), "status: withdrawn", "status: maybe")
	cy, _ := os.ReadFile(filepath.Join(dir, "content/feedback/cy.md"))
	os.WriteFile(filepath.Join(dir, "content/feedback/dy.md"), []byte(strings.Replace(string(cy), "Cy Moss", "Dy Moss", 1)), 0o644)

	today := day(t, "2026-11-23")
	if _, err := Build(context.Background(), dir, dest, Options{Today: today}); err == nil {
		t.Fatal("a build without --withhold-invalid passed")
	}
	if _, err := os.Stat(page("npybcu2e6hdzf3xhr5ozov6t6n")); err != nil {
		t.Fatal("a failed build changed the output")
	}
	res, err := Build(context.Background(), dir, dest, Options{Today: today, WithholdInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	var withheld []string
	for _, p := range res.Withheld {
		withheld = append(withheld, p.Path)
	}
	if got := strings.Join(withheld, " "); got != "content/feedback/bo.md content/feedback/dy.md" {
		t.Errorf("withheld %q", got)
	}
	for tok, want := range map[string]bool{
		"x5tuyabljj2r4v7fmyz5ijkqgb": true,  // ada
		"vbnuluf2dq6bm3ydy7fd7lfzvk": false, // bo, in error
		"rnsuc4oir4mjdawjkdqk3qicgx": false, // cy and dy, one token
		"npybcu2e6hdzf3xhr5ozov6t6n": false, // ed, expired
	} {
		_, err := os.Stat(page(tok))
		if (err == nil) != want {
			t.Errorf("page of %s published: %v, want %v", tok, err == nil, want)
		}
	}
	if res.Private != 1 {
		t.Errorf("%d private pages counted, want 1", res.Private)
	}

	// A damaged ledger loses the home page its record, not the rebuild.
	os.WriteFile(filepath.Join(dir, "notices.csv"), []byte("date,id\n"), 0o644)
	res, err = Build(context.Background(), dir, dest, Options{Today: today, WithholdInvalid: true})
	if err != nil || len(res.Withheld) != 3 || res.Withheld[2].Path != "notices.csv" {
		t.Errorf("a damaged ledger: %v, withheld %v", err, res.Withheld)
	}
	if _, err := Build(context.Background(), dir, dest, Options{Today: today}); err == nil {
		t.Error("a damaged ledger passed a build without --withhold-invalid")
	}
	os.Remove(filepath.Join(dir, "notices.csv"))

	// Errors elsewhere still fail it.
	edit(t, filepath.Join(dir, "content/index.md"), "title: Home", "titel: Home")
	if _, err := Build(context.Background(), dir, dest, Options{Today: today, WithholdInvalid: true}); err == nil {
		t.Error("an error in a public page was withheld")
	}
}
