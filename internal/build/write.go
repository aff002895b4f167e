package build

import (
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
				fb, line, _, e := content.ParseFeedbackFile(fsys, p, &site.Config)
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
//
// With opts.StateDir, it also records what it wrote there, and the next
// build into the same folder, by the same candor with the same layouts,
// config and options, leaves in place every file it would write the
// same: it writes new and changed files into a folder beside dest, and
// moves them in and removes what is gone only when every file is made.
// The output is byte for byte what a cold build gives.
func Build(dir, dest string, opts Options) (*Result, error) {
	if err := checkDest(dir, dest); err != nil {
		return nil, err
	}
	fsys, site, err := scan(dir)
	if err != nil {
		return nil, err
	}
	p, err := newPlan(fsys, site, opts)
	if err != nil {
		return nil, err
	}
	var file string
	var prev *state
	if opts.StateDir != "" {
		if file, err = stateFile(opts.StateDir, dir, dest); err != nil {
			return nil, err
		}
		if s := loadState(file); s != nil && s.Epoch == p.epoch {
			if info, err := os.Stat(dest); err == nil && info.IsDir() {
				prev = s
			}
		}
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
	var hist *history
	if file != "" {
		hist = newHistory(prev, dest, dirOutput(tmp), p.epoch, site.FeedbackFiles)
	}
	res, err := p.run(dirOutput(tmp), hist)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		err = apply(tmp, dest, prev, &hist.next)
	} else {
		err = swap(tmp, dest)
	}
	if err != nil {
		if file != "" {
			forget(file)
		}
		return nil, err
	}
	if file != "" {
		if err := hist.next.save(file); err != nil {
			forget(file) // the next build is cold; nothing else is lost
		}
	}
	return res, nil
}

// apply moves the files of an in-place build from staging into dest and
// removes the files the last build wrote that this one did not.
func apply(staging, dest string, prev, next *state) error {
	err := filepath.WalkDir(staging, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(staging, p)
		to := filepath.Join(dest, rel)
		if err := os.Rename(p, to); err != nil {
			if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
				return err
			}
			return os.Rename(p, to)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for name := range prev.Outputs {
		if _, ok := next.Outputs[name]; !ok {
			if err := remove(dest, name); err != nil {
				return err
			}
		}
	}
	pages := make(map[pageID]bool, len(next.Sources))
	for _, rec := range next.Sources {
		pages[rec.Page] = true
	}
	for _, rec := range prev.Sources {
		if rec.Page != (pageID{}) && !pages[rec.Page] {
			if err := remove(dest, rec.Page.name()); err != nil {
				return err
			}
		}
	}
	return nil
}

// remove removes the output file name from dest, and its folder too when
// it was its only file (f/<id>/).
func remove(dest, name string) error {
	p := filepath.Join(dest, filepath.FromSlash(name))
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for dir := filepath.Dir(p); dir != filepath.Clean(dest); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
	return nil
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
	p, err := d.place(name)
	if err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// place returns where name goes, its folder made.
func (d dirOutput) place(name string) (string, error) {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	// Most files are the only one in a new folder (f/<id>/index.html):
	// one mkdir does, where MkdirAll would stat first.
	if err := os.Mkdir(filepath.Dir(p), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
	}
	return p, nil
}

// writeStamped is WriteFile that also tells the file's time, from the
// open file rather than another walk of its path.
func (d dirOutput) writeStamped(name string, data []byte) (content.Stamp, error) {
	p, err := d.place(name)
	if err != nil {
		return content.Stamp{}, err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return content.Stamp{}, err
	}
	_, err = f.Write(data)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return content.Stamp{}, err
	}
	return content.StampOf(info), nil
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
