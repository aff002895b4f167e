package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/token"
)

// Each archive in testdata/sites is a whole site and what building it
// must give. Its comment holds options, one per line ("today 2026-01-10",
// "drafts", "nominify"). Files under site/ are the site. Then:
//
//	errors         the exact problems, one a line, when the build fails
//	files          the exact list of files in the output
//	contains/PATH  lines that must each appear in the output file PATH
//	lacks/PATH     lines that must not appear in it
//
// In those sections, ${path:TOKEN} stands for TOKEN's path id.
func TestSites(t *testing.T) {
	archives, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no test sites")
	}
	for _, a := range archives {
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		t.Run(name, func(t *testing.T) {
			if runtime.GOOS == "windows" && (name == "page-names" || name == "reserved-f") {
				t.Skip("its files have names Windows cannot hold side by side or at all (a '?', both f and F)")
			}
			ar, err := txtar.ParseFile(a)
			if err != nil {
				t.Fatal(err)
			}
			runSite(t, ar)
		})
	}
}

var pathVar = regexp.MustCompile(`\$\{path:([a-z2-7]+)\}`)

func expand(s string) string {
	return pathVar.ReplaceAllStringFunc(s, func(m string) string {
		return token.PathID(pathVar.FindStringSubmatch(m)[1])
	})
}

func lines(data []byte) []string {
	var out []string
	for _, l := range strings.Split(expand(string(data)), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func runSite(t *testing.T, ar *txtar.Archive) {
	dir := t.TempDir()
	opts := Options{Today: day(t, "2026-01-10")}
	for _, l := range lines(ar.Comment) {
		f := strings.Fields(l)
		switch f[0] {
		case "today":
			opts.Today = day(t, f[1])
		case "drafts":
			opts.Drafts = true
		case "nominify":
			opts.NoMinify = true
		default:
			t.Fatalf("unknown option %q", l)
		}
	}
	var wantErrs, wantFiles []string
	checks := map[string][]string{}
	for _, f := range ar.Files {
		switch {
		case strings.HasPrefix(f.Name, "site/"):
			p := filepath.Join(dir, "site", f.Name[len("site/"):])
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		case f.Name == "errors":
			wantErrs = lines(f.Data)
		case f.Name == "files":
			wantFiles = lines(f.Data)
			slices.Sort(wantFiles) // path ids sort differently from tokens
		default:
			checks[expand(f.Name)] = lines(f.Data)
		}
	}
	dest := filepath.Join(dir, "public")
	_, err := Build(context.Background(), filepath.Join(dir, "site"), dest, opts)
	if wantErrs != nil {
		var got []string
		if list, ok := err.(diag.List); ok {
			for _, e := range list {
				got = append(got, e.Error())
			}
		} else if err != nil {
			got = []string{err.Error()}
		}
		if !slices.Equal(got, wantErrs) {
			t.Errorf("errors:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(wantErrs, "\n\t"))
		}
		if _, err := os.Stat(dest); err == nil {
			t.Error("a failed build wrote output")
		}
		return
	}
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	if wantFiles != nil {
		got := listFiles(t, dest)
		if !slices.Equal(got, wantFiles) {
			t.Errorf("files:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(wantFiles, "\n\t"))
		}
	}
	for name, want := range checks {
		kind, p, _ := strings.Cut(name, "/")
		data, err := os.ReadFile(filepath.Join(dest, p))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, w := range want {
			has := bytes.Contains(data, []byte(w))
			switch kind {
			case "contains":
				if !has {
					t.Errorf("%s lacks %q; it is:\n%s", p, w, data)
				}
			case "lacks":
				if has {
					t.Errorf("%s has %q", p, w)
				}
			default:
				t.Fatalf("unknown section %q", name)
			}
		}
	}
}

func day(t testing.TB, s string) content.Date {
	t.Helper()
	d, form, real := content.ParseDate(s)
	if !form || !real {
		t.Fatalf("bad date %q", s)
	}
	return d
}

// listFiles returns every file below dir, slash-separated and sorted, with
// assets' content hashes replaced by HASH.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	hash := regexp.MustCompile(`\.[0-9a-f]{8}\.`)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, hash.ReplaceAllString(filepath.ToSlash(rel), ".HASH."))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}
