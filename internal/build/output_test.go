package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestOutputIsWhatAFreshBuildWrites runs a sequence of builds into one
// folder, the site changing between them, and holds the folder after each
// to a build into an empty one: a deleted candidate's page, and a file put
// into the output by hand, are gone.
func TestOutputIsWhatAFreshBuildWrites(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	check := func(step string) {
		t.Helper()
		buildExample(t, site, dest, Options{})
		fresh := filepath.Join(t.TempDir(), "fresh")
		buildExample(t, site, fresh, Options{})
		got, want := snapshot(t, dest), snapshot(t, fresh)
		if !maps.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("after %s, the output holds %d files where a fresh build writes %d:\n%v\n%v",
				step, len(got), len(want), slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
	}
	check("a first build")
	extra := filepath.Join(site, "content", "feedback", "zoe-extra.md")
	src, err := os.ReadFile(filepath.Join(site, "content", "feedback", "amara-okafor.md"))
	if err != nil {
		t.Fatal(err)
	}
	// A name with a letter base64 lacks, so that no sealed page's
	// ciphertext can hold it by chance.
	copied := strings.Replace(string(src), "Amara", "Zoë", -1)
	copied = strings.Replace(copied, "token: ", "token: zzzz", 1)
	os.WriteFile(extra, []byte(copied), 0o644)
	check("a candidate added")
	os.WriteFile(filepath.Join(dest, "by-hand.html"), []byte("<p>Hi Zoë</p>"), 0o644)
	os.MkdirAll(filepath.Join(dest, "f", "handmade"), 0o755)
	os.WriteFile(filepath.Join(dest, "f", "handmade", "index.html"), []byte("Hi Zoë"), 0o644)
	os.Remove(extra)
	check("the candidate deleted, and files put into the output by hand")
	for name, data := range snapshot(t, dest) {
		if bytes.Contains(data, []byte("Zoë")) {
			t.Errorf("%s still names the deleted candidate", name)
		}
	}
}

// TestLeftoversOfAKilledBuildAreRemoved: a build killed with SIGKILL
// leaves its fresh tree (and the previous output, mid-swap) beside dest;
// the next build into dest removes them, and leaves nothing of its own.
func TestLeftoversOfAKilledBuildAreRemoved(t *testing.T) {
	site := copySite(t)
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	buildExample(t, site, dest, Options{})
	other := filepath.Join(parent, ".notes") // not candor's: stays
	for _, dir := range []string{
		filepath.Join(parent, tempPrefix(dest)+"123456"),
		filepath.Join(parent, tempPrefix(dest)+"123456.old"),
		other,
	} {
		os.MkdirAll(filepath.Join(dir, "f", "x"), 0o755)
		os.WriteFile(filepath.Join(dir, "f", "x", "index.html"), []byte("Hi Amara"), 0o644)
	}
	buildExample(t, site, dest, Options{})
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".notes", "public"}; !slices.Equal(names, want) {
		t.Errorf("beside dest: %q, want %q", names, want)
	}
}

// TestConcurrentBuildsTakeTurns: builds into one folder at the same time
// all succeed, and the folder holds one whole build.
func TestConcurrentBuildsTakeTurns(t *testing.T) {
	site := copySite(t)
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	fresh := filepath.Join(t.TempDir(), "fresh")
	buildExample(t, site, fresh, Options{})
	want := snapshot(t, fresh)
	for round := range 10 {
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = Build(context.Background(), site, dest, Options{Today: day(t, exampleToday)})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, build %d: %v", round, i, err)
			}
		}
		if got := snapshot(t, dest); !maps.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("round %d: the output is not one whole build", round)
		}
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("%d entries beside the output, want only it", len(entries))
	}
}

// TestLongDestName: a folder name near the system's limit builds, since
// the temporary names beside it do not grow with it.
func TestLongDestName(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), strings.Repeat("d", 240))
	buildExample(t, site, dest, Options{})
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Error(err)
	}
}

// TestCheckFailsWhereBuildFails: check minifies as a build does, so an
// asset that cannot be minified fails both, with one message.
func TestCheckFailsWhereBuildFails(t *testing.T) {
	site := copySite(t)
	assets := filepath.Join(site, "themes", "default", "assets")
	os.MkdirAll(assets, 0o755)
	os.WriteFile(filepath.Join(assets, "broken.js"), []byte("function ( {\n"), 0o644)
	opts := Options{Today: day(t, exampleToday)}
	_, checkErr := Check(context.Background(), site, opts)
	_, buildErr := Build(context.Background(), site, filepath.Join(t.TempDir(), "public"), opts)
	if buildErr == nil {
		t.Fatal("the build of a broken script succeeded")
	}
	if fmt.Sprint(checkErr) != fmt.Sprint(buildErr) {
		t.Errorf("check said %v; build said %v", checkErr, buildErr)
	}
}

// TestLinksToFeedbackRefused: a link anywhere in the site that leads to
// a candidate's file is refused, so the file (token and address inside)
// is never published.
func TestLinksToFeedbackRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links: Windows makes them only in Developer Mode or as administrator, and Wine makes them its own way; candor's handling of links is tested on Linux")
	}
	site := copySite(t)
	os.Symlink("../content/feedback/amara-okafor.md", filepath.Join(site, "static", "notes.txt"))
	os.Symlink("feedback/../feedback/amara-okafor.md", filepath.Join(site, "content", "amara.txt"))
	dest := filepath.Join(t.TempDir(), "public")
	_, err := Build(context.Background(), site, dest, Options{Today: day(t, exampleToday)})
	want := []string{
		"content/amara.txt:1: is a link to content/feedback/amara-okafor.md, a candidate's file, which must never be published: remove the link",
		"static/notes.txt:1: is a link to content/feedback/amara-okafor.md, a candidate's file, which must never be published: remove the link",
	}
	if fmt.Sprint(err) != strings.Join(want, "\n") {
		t.Errorf("got:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("the build wrote output")
	}
}

// TestDestInsideTheSiteRefused: an output folder inside a folder builds
// read would publish private pages again below it, at every build.
func TestDestInsideTheSiteRefused(t *testing.T) {
	site := copySite(t)
	for _, dir := range []string{"content/out", "static/site", "layouts/x", "themes/t/out"} {
		_, err := Build(context.Background(), site, filepath.Join(site, dir), Options{Today: day(t, exampleToday)})
		if err == nil || !strings.Contains(err.Error(), "is inside the site's "+strings.Split(dir, "/")[0]+"/ folder") {
			t.Errorf("--dest %s: %v", dir, err)
		}
	}
	buildExample(t, site, filepath.Join(site, "public"), Options{}) // the default is fine
}

// TestCRLFSiteBuildsTheSame: the example site saved with Windows line
// endings (CRLF) in every file, candor.yaml and the ledger included,
// builds byte for byte what it builds with LF.
func TestCRLFSiteBuildsTheSame(t *testing.T) {
	lf := copySite(t)
	crlf := copySite(t)
	err := filepath.WalkDir(crlf, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, ".yaml") && !strings.HasSuffix(p, ".csv") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(t.TempDir(), "lf"), filepath.Join(t.TempDir(), "crlf")
	buildExample(t, lf, a, Options{})
	buildExample(t, crlf, b, Options{})
	want, got := snapshot(t, a), snapshot(t, b)
	if len(got) != len(want) {
		t.Fatalf("%d files from CRLF, %d from LF", len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs when the site is saved with CRLF", name)
		}
	}
}
