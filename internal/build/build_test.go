package build

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/ledger"
)

// exampleToday is the day the example site in this repository is built
// for (see the Makefile).
const exampleToday = "2026-11-23"

// copySite copies the repository's example site into a new folder.
func copySite(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("..", "..")
	for _, name := range []string{content.ConfigFile, ledger.File, content.ContentDir, content.StaticDir} {
		err := filepath.WalkDir(filepath.Join(src, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// snapshot reads every file below dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func buildExample(t *testing.T, site, dest string, opts Options) {
	t.Helper()
	if opts.Today.IsZero() {
		opts.Today = day(t, exampleToday)
	}
	if _, err := Build(context.Background(), site, dest, opts); err != nil {
		t.Fatal(err)
	}
}

var sealedBox = regexp.MustCompile(`<div id="candor-sealed" hidden>[A-Za-z0-9_-]*</div>`)

var emailAddr = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// TestNoLeaks builds the example site, drafts and all, and looks through
// every byte of the output: no token, no candidate's e-mail address, no
// path id inside any file, and no candidate's name outside their own page.
func TestNoLeaks(t *testing.T) {
	site := copySite(t)
	s, err := Load(site)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Feedback) < 6 {
		t.Fatalf("the example site has %d candidates; the test needs them all", len(s.Feedback))
	}
	// The site's own contacts are the only addresses a page may show.
	allowed := map[string]bool{s.Config.Contact.Email: true}
	for _, fb := range s.Feedback {
		allowed[fb.Recruiter.Email] = true
	}
	for _, drafts := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		buildExample(t, site, dest, Options{Drafts: drafts})
		files := snapshot(t, dest)
		for _, fb := range s.Feedback {
			own := "f/" + fb.PathID() + "/index.html"
			published := fb.Published(day(t, exampleToday), drafts)
			if _, ok := files[own]; ok != published {
				t.Errorf("%s: page built = %v, want %v", fb.ID, ok, published)
			}
			for name, data := range files {
				if bytes.Contains(data, []byte(fb.Token)) || strings.Contains(name, fb.Token) {
					t.Errorf("%s: token of %s in the output", name, fb.ID)
				}
				if fb.Email != "" && bytes.Contains(data, []byte(fb.Email)) {
					t.Errorf("%s: e-mail address of %s in the output", name, fb.ID)
				}
				if bytes.Contains(data, []byte(fb.PathID())) {
					t.Errorf("%s: path id of %s inside a file", name, fb.ID)
				}
				if name == own {
					continue
				}
				// A sealed page's ciphertext is base64, which can spell a
				// short name by chance; the sealed tests hold it free of
				// plaintext.
				text := sealedBox.ReplaceAll(data, nil)
				for _, n := range []string{fb.Candidate, fb.Greeting()} {
					if bytes.Contains(text, []byte(n)) {
						t.Errorf("%s: name %q of %s outside their page", name, n, fb.ID)
					}
				}
			}
		}
		for name, data := range files {
			for _, addr := range emailAddr.FindAll(data, -1) {
				if !allowed[string(addr)] {
					t.Errorf("%s: e-mail address %s is not a contact of the site", name, addr)
				}
			}
			if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".yaml") {
				t.Errorf("%s: a source file in the output", name)
			}
			if strings.HasSuffix(name, ".html") && regexp.MustCompile(`(src|<link[^>]*href)="(https?:)?//`).Match(data) {
				t.Errorf("%s: loads something from another host", name)
			}
		}
	}
}

func TestPrivatePagesTellNothingInTheirHead(t *testing.T) {
	site := copySite(t)
	s, err := Load(site)
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	buildExample(t, site, dest, Options{})
	head := regexp.MustCompile(`(?s)<head>.*</head>`)
	for _, fb := range s.Feedback {
		data, err := os.ReadFile(filepath.Join(dest, "f", fb.PathID(), "index.html"))
		if err != nil {
			continue // not published today
		}
		h := head.Find(data)
		for _, want := range []string{
			`<meta name="robots" content="noindex, nofollow, noarchive">`,
			`<meta name="referrer" content="no-referrer">`,
			"<title>" + s.Config.Title + "</title>",
		} {
			if !bytes.Contains(h, []byte(want)) {
				t.Errorf("%s: head lacks %s", fb.ID, want)
			}
		}
		for _, secret := range []string{fb.Candidate, fb.Greeting(), fb.Role} {
			if bytes.Contains(h, []byte(secret)) {
				t.Errorf("%s: head tells %q", fb.ID, secret)
			}
		}
		for _, a := range regexp.MustCompile(`<a [^>]*href="(https?:|mailto:)[^>]*>`).FindAll(data, -1) {
			if !bytes.Contains(a, []byte(`rel="noopener noreferrer"`)) {
				t.Errorf("%s: outbound link without rel: %s", fb.ID, a)
			}
		}
	}
}

func TestReproducible(t *testing.T) {
	site := copySite(t)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	buildExample(t, site, a, Options{})
	buildExample(t, site, b, Options{})
	sa, sb := snapshot(t, a), snapshot(t, b)
	if !maps.EqualFunc(sa, sb, bytes.Equal) {
		t.Errorf("two builds differ:\n%v\n%v", slices.Sorted(maps.Keys(sa)), slices.Sorted(maps.Keys(sb)))
	}
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildExample(t, site, dest, Options{})
	before := snapshot(t, dest)

	broken := filepath.Join(site, "content", "feedback", "zz-broken.md")
	if err := os.WriteFile(broken, []byte("---\ncandidate: X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), site, dest, Options{Today: day(t, exampleToday)}); err == nil {
		t.Fatal("a broken site built")
	}
	if after := snapshot(t, dest); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("a failed build changed the output")
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("a failed build left %d entries beside the output, want only the output", len(entries))
	}
}

func TestNoStaleFiles(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildExample(t, site, dest, Options{})
	s, err := Load(site)
	if err != nil {
		t.Fatal(err)
	}
	fb := s.Feedback[0]
	oldPage := filepath.Join(dest, "f", fb.PathID())
	if _, err := os.Stat(oldPage); err != nil {
		t.Fatal(err)
	}
	// Revoke a link: a new token, then a rebuild.
	src, _ := os.ReadFile(filepath.Join(site, fb.Path))
	newToken := "ga6pyy77jiyhnsq5g64xsip5a6vl"
	src = bytes.Replace(src, []byte(fb.Token), []byte(newToken), 1)
	os.WriteFile(filepath.Join(site, fb.Path), src, 0o644)
	buildExample(t, site, dest, Options{})
	if _, err := os.Stat(oldPage); err == nil {
		t.Error("the revoked page is still in the output")
	}
	// Long after retention, every private page is gone.
	buildExample(t, site, dest, Options{Today: day(t, "2030-01-01")})
	if entries, err := os.ReadDir(filepath.Join(dest, "f")); err == nil && len(entries) > 0 {
		t.Errorf("%d expired pages are still in the output", len(entries))
	}
}

func TestDestinationSafety(t *testing.T) {
	site := copySite(t)
	// Another tool's output, even one published with a .nojekyll of
	// its own, is not candor's to replace.
	for _, nojekyll := range []bool{false, true} {
		other := t.TempDir()
		keep := filepath.Join(other, "thesis.txt")
		os.WriteFile(keep, []byte("years of work"), 0o644)
		if nojekyll {
			os.WriteFile(filepath.Join(other, ".nojekyll"), nil, 0o644)
		}
		if _, err := Build(context.Background(), site, other, Options{Today: day(t, exampleToday)}); err == nil || !strings.Contains(err.Error(), "is not a candor build") {
			t.Errorf("building over a folder candor did not write (.nojekyll %v): %v", nojekyll, err)
		}
		if _, err := os.Stat(keep); err != nil {
			t.Error("a refused build removed a file")
		}
	}
	for _, dest := range []string{site, filepath.Dir(site)} {
		if _, err := Build(context.Background(), site, dest, Options{Today: day(t, exampleToday)}); err == nil || !strings.Contains(err.Error(), "holds the site itself") {
			t.Errorf("building into %s: %v", dest, err)
		}
	}
	// An empty folder is fine.
	empty := t.TempDir()
	buildExample(t, site, empty, Options{})
}

// TestHugeBodyFailsCleanly: a 10 MiB body of nested brackets is reported,
// and the previous output stays, rather than the build taking gigabytes.
func TestHugeBodyFailsCleanly(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildExample(t, site, dest, Options{})
	before := snapshot(t, dest)
	p := filepath.Join(site, "content", "feedback", "amara-okafor.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, append(src, strings.Repeat("[[[[[[[[](", 1<<20)...), 0o644)
	_, err := Build(context.Background(), site, dest, Options{Today: day(t, exampleToday)})
	if err == nil || !strings.Contains(err.Error(), "content/feedback/amara-okafor.md:28: the text below the front matter is 10.0 MiB") {
		t.Fatalf("err = %v", err)
	}
	if after := snapshot(t, dest); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("the failed build changed the output")
	}
}
