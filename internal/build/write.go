package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
)

// Load opens the site in dir, refusing links that leave it, and reads it.
func Load(dir string) (fs.FS, *content.Site, error) {
	return open(dir, content.Load)
}

// scan opens the site in dir but leaves its candidates' files for the
// build's workers to read.
func scan(dir string) (fs.FS, *content.Site, error) {
	return open(dir, content.Scan)
}

func open(dir string, read func(fs.FS) (*content.Site, diag.List)) (fs.FS, *content.Site, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open site: %w", err)
	}
	fsys := root.FS()
	site, errs := read(fsys)
	if len(errs) > 0 {
		// Every problem in one run: the candidates' files too, which a
		// scan leaves for the build.
		errs.Append(checkFeedbackFiles(fsys, site))
		return nil, nil, errs.Sort()
	}
	return fsys, site, nil
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
				fb, line, e := content.ParseFeedbackFile(fsys, p, &site.Config)
				mu.Lock()
				errs.Append(e)
				if fb != nil {
					tokens = append(tokens, fb.TokenUse(line))
				}
				mu.Unlock()
			}
		})
	}
	for _, p := range site.FeedbackFiles {
		next <- p
	}
	close(next)
	wg.Wait()
	return append(errs, content.CheckTokens(tokens)...)
}

// Check does everything a build does but write: the files are read and
// checked, and every page is rendered, so that a layout that fails on
// some page fails here too.
func Check(dir string, opts Options) (*Result, error) {
	fsys, site, err := scan(dir)
	if err != nil {
		return nil, err
	}
	opts.NoMinify = true
	return Generate(fsys, site, opts, discard{})
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// Build builds the site in dir into dest. It writes a temporary folder
// beside dest and puts it in dest's place only when every file is
// written, so a failed build leaves the previous output as it was and a
// successful one leaves no stale file.
func Build(dir, dest string, opts Options) (*Result, error) {
	if err := checkDest(dir, dest); err != nil {
		return nil, err
	}
	fsys, site, err := scan(dir)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(filepath.Clean(dest))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // gone by then when the build succeeded
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	res, err := Generate(fsys, site, opts, dirOutput(tmp))
	if err != nil {
		return nil, err
	}
	return res, swap(tmp, dest)
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
	entries, err := os.ReadDir(dest)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot use %s as the output: %w", dest, err)
	}
	if _, err := os.Stat(filepath.Join(dest, ".nojekyll")); err != nil {
		return fmt.Errorf("refusing to replace %s: it is not empty and does not look like a candor build (it has no .nojekyll); remove it or choose another --dest", dest)
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

// Memory is an Output that keeps the files in memory, for serve.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{Files: map[string][]byte{}} }

func (m *Memory) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Files[name] = data
	return nil
}
