package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/ledger"
)

// Marker is the file that marks a folder as a candor build, and
// markerText what it holds: a build replaces only an empty folder or one
// so marked. It is .nojekyll, which GitHub Pages reads too.
const (
	Marker     = ".nojekyll"
	markerText = "candor\n"
)

// Load opens the site in dir, refusing links that leave it, and reads it.
func Load(dir string) (*content.Site, error) {
	root, err := openRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return read(root.FS(), content.Load)
}

// openRoot opens the site in dir: every file is read through it, so that
// no link leads out of the site.
func openRoot(dir string) (*os.Root, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open site: %w", err)
	}
	return root, nil
}

// read reads a site with load; with problems, it checks the candidates'
// files a scan leaves for the build too, so that a run reports every
// problem.
func read(fsys fs.FS, load func(fs.FS) (*content.Site, diag.List)) (*content.Site, error) {
	site, errs := load(fsys)
	if len(errs) > 0 {
		errs.Append(checkFeedbackFiles(fsys, site))
		return nil, errs.Sort()
	}
	return site, nil
}

// checkFeedbackFiles checks the files a scan listed, on every core.
func checkFeedbackFiles(fsys fs.FS, site *content.Site) diag.List {
	var (
		mu     sync.Mutex
		errs   diag.List
		tokens []content.TokenUse
		wg     sync.WaitGroup
		next   = make(chan string)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range next {
				fb, line, e := content.ParseFeedbackFile(fsys, p, site)
				mu.Lock()
				errs.Append(e)
				if fb != nil {
					tokens = append(tokens, fb.TokenUse(line))
				}
				mu.Unlock()
			}
		})
	}
	for _, p := range site.FeedbackFiles.All() {
		next <- p
	}
	close(next)
	wg.Wait()
	return append(errs, content.CheckTokens(slices.Values(tokens))...)
}

// Check does everything a build does but write: every file is read and
// checked, and every page rendered and minified, so that a page that
// fails to build fails here too.
func Check(ctx context.Context, dir string, opts Options) (*Result, error) {
	root, err := openRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	site, ledgerErrs, err := scan(root.FS(), opts)
	if err != nil {
		return nil, err
	}
	res, err := Generate(ctx, root.FS(), site, opts, discard{})
	if err != nil {
		return nil, err
	}
	res.Withheld = append(ledgerErrs, res.Withheld...).Sort()
	return res, nil
}

// scan reads the site for a build. With WithholdInvalid, a damaged ledger
// costs the home page its promise record, not the day's rebuild: its
// problems are returned apart, and the site has an empty ledger.
func scan(fsys fs.FS, opts Options) (*content.Site, diag.List, error) {
	var ledgerErrs diag.List
	site, err := read(fsys, func(fsys fs.FS) (*content.Site, diag.List) {
		site, errs := content.Scan(fsys)
		if !opts.WithholdInvalid {
			return site, errs
		}
		var rest diag.List
		for _, e := range errs {
			if e.Path == ledger.File {
				ledgerErrs = append(ledgerErrs, e)
			} else {
				rest = append(rest, e)
			}
		}
		if len(ledgerErrs) > 0 {
			site.Ledger = &ledger.Ledger{}
		}
		return site, rest
	})
	return site, ledgerErrs, err
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// Build builds the site in dir into dest. It writes a fresh folder beside
// dest and puts it in dest's place only when every file is written, so a
// failed or interrupted build leaves the previous output as it was, and a
// successful one leaves exactly what it built: nothing stale, nothing put
// there by hand.
//
// Builds into one dest take turns; a build removes what an earlier one,
// killed, left beside dest.
func Build(ctx context.Context, dir, dest string, opts Options) (*Result, error) {
	root, err := openRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	site, ledgerErrs, err := scan(root.FS(), opts)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(filepath.Clean(dest))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lock(ctx, parent)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := checkDest(dir, dest); err != nil {
		return nil, err
	}
	prefix := tempPrefix(dest)
	removeStale(parent, prefix)
	tmp, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // gone by then when the build succeeded
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	res, err := Generate(ctx, root.FS(), site, opts, dirOutput(tmp))
	if err != nil {
		return nil, err
	}
	res.Withheld = append(ledgerErrs, res.Withheld...).Sort()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := swap(tmp, dest); err != nil {
		return nil, err
	}
	return res, nil
}

// tempPrefix starts the names of the folders a build into dest makes
// beside it: short, whatever dest's length, and dest's own, so that a
// build knows which leftovers are its to remove.
func tempPrefix(dest string) string {
	sum := sha256.Sum256([]byte(filepath.Base(filepath.Clean(dest))))
	return ".candor-" + hex.EncodeToString(sum[:4]) + "-"
}

// removeStale removes the folders that builds into the same dest left
// beside it when they were killed; the caller holds the lock, so no
// build is using them.
func removeStale(parent, prefix string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// checkDest refuses a destination whose replacement would destroy
// something that is not a build: the site itself, a folder holding it, or
// a folder candor did not write.
func checkDest(dir, dest string) error {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(absDest, absDir); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		return fmt.Errorf("refusing to build into %s: it holds the site itself; choose another --dest", dest)
	}
	if rel, err := filepath.Rel(absDir, absDest); err == nil {
		first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		for _, read := range []string{content.ContentDir, content.StaticDir, content.LayoutsDir, content.ThemesDir} {
			if first == read {
				return fmt.Errorf("refusing to build into %s: it is inside the site's %s/ folder, which builds read, so private pages would be published again under it; choose a --dest outside it (the default is public/)", dest, read)
			}
		}
	}
	entries, err := os.ReadDir(dest)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot use %s as the output: %w", dest, err)
	}
	if mark, err := os.ReadFile(filepath.Join(dest, Marker)); err != nil || !bytes.Equal(mark, []byte(markerText)) {
		return fmt.Errorf("refusing to replace %s: it is not empty and is not a candor build (its %s does not say \"candor\"); remove it or choose another --dest", dest, Marker)
	}
	return nil
}

// swap puts the folder tmp in dest's place.
func swap(tmp, dest string) error {
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dest)
	}
	old := tmp + ".old"
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		// Put the previous build back rather than leave nothing.
		_ = os.Rename(old, dest)
		return err
	}
	return os.RemoveAll(old)
}

// dirOutput writes files below a folder.
type dirOutput string

func (d dirOutput) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	// Most files are the only one in a new folder (f/<id>/index.html):
	// one mkdir does, where MkdirAll would stat first.
	if err := os.Mkdir(filepath.Dir(p), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(p, data, 0o644)
}

// Remove takes back a file written, and its folder when that is left
// empty.
func (d dirOutput) Remove(name string) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	os.Remove(filepath.Dir(p)) // only when empty
	return nil
}

// Memory is an Output that keeps the files in memory, for serve.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// NewMemory returns an empty Memory with room for about n files.
func NewMemory(n int) *Memory { return &Memory{Files: make(map[string][]byte, n)} }

func (m *Memory) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Files[name] = data
	return nil
}
