package server

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/ledger"
)

// watched are the parts of a site that a rebuild reads.
var watched = []string{content.ConfigFile, ledger.File, content.ContentDir, content.I18nDir, content.LayoutsDir, content.ThemesDir, content.StaticDir}

// relevant reports whether a change at rel (slash-separated, relative to
// the site) can change the build.
func relevant(rel string) bool {
	for _, w := range watched {
		if rel == w || strings.HasPrefix(rel, w+"/") {
			return true
		}
	}
	return false
}

// Watching is closed once Watch sees every change to the site's files.
func (s *Server) Watching() <-chan struct{} { return s.watching }

// Watch rebuilds whenever the site's files change, until ctx ends: the
// watcher (or the poller) signals, the batcher waits for a burst to
// pause, then one rebuild runs and its news goes to every open page.
func (s *Server) Watch(ctx context.Context) error {
	changes := make(chan struct{}, 1)
	signal := func() {
		select {
		case changes <- struct{}{}:
		default: // a rebuild is pending already
		}
	}
	if s.opts.Poll {
		go s.poll(ctx, s.fingerprint(), signal)
	} else if w, err := s.newWatcher(); err != nil {
		s.opts.Logf("cannot watch the site's files (%v): looking for changes every %v instead", err, s.opts.PollEvery)
		go s.poll(ctx, s.fingerprint(), signal)
	} else {
		s.seen.watch()
		go s.watch(ctx, w, signal)
	}
	close(s.watching)
	for {
		select {
		case <-ctx.Done():
			s.hub.close()
			return nil
		case <-changes:
		}
		s.settle(ctx, changes)
		s.report(s.Rebuild(ctx))
	}
}

// settle waits until no change has come for opts.Quiet, so that an
// editor's save (or a git checkout) is one rebuild, not twenty; it waits
// at most ten times as long.
func (s *Server) settle(ctx context.Context, changes chan struct{}) {
	limit := time.After(10 * s.opts.Quiet)
	for {
		select {
		case <-changes:
		case <-time.After(s.opts.Quiet):
			return
		case <-limit:
			return
		case <-ctx.Done():
			return
		}
	}
}

func (s *Server) report(res *Result, err error) {
	if err != nil {
		var list diag.List
		if errors.As(err, &list) {
			s.opts.Logf("rebuild failed; still serving the last good build:\n%s", list.Error())
		} else {
			s.opts.Logf("rebuild failed; still serving the last good build: %v", err)
		}
		return
	}
	s.opts.Logf("rebuilt in %v: %s changed, %d rendered", res.Took.Round(time.Millisecond), pages(len(res.Changed)), res.Rendered)
}

// watchTree watches every folder of the site that a build reads.
func (s *Server) watchTree() (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := s.addTree(w, s.opts.Source); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// addTree watches dir and every folder below it that a build reads.
// Folders, not files: editors that save by writing a new file and
// renaming it over the old one replace the file, and a watch on the old
// file would see nothing more.
func (s *Server) addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // gone since: the next event says so
		}
		if !d.IsDir() {
			return nil
		}
		if p != s.opts.Source {
			rel, _ := filepath.Rel(s.opts.Source, p)
			if !relevant(filepath.ToSlash(rel)) {
				return filepath.SkipDir
			}
		}
		if err := w.Add(p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		return nil
	})
}

func (s *Server) watch(ctx context.Context, w *fsnotify.Watcher, signal func()) {
	defer w.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			// An overflowed queue lost events; a rebuild catches up.
			s.opts.Logf("watching files: %v", err)
			s.seen.lose()
			signal()
		case e, ok := <-w.Events:
			if !ok {
				return
			}
			if e.Op == fsnotify.Chmod {
				continue
			}
			rel, err := filepath.Rel(s.opts.Source, e.Name)
			if err != nil || !relevant(filepath.ToSlash(rel)) {
				continue
			}
			if e.Has(fsnotify.Create) {
				if info, err := os.Stat(e.Name); err == nil && info.IsDir() {
					// A new folder: watch it, and whatever was written in
					// it before the watch began is picked up by the
					// rebuild this signal starts.
					if err := s.addTree(w, e.Name); err != nil {
						s.opts.Logf("cannot watch %s: %v", e.Name, err)
					}
					s.seen.lose()
				}
			}
			s.seen.add(filepath.ToSlash(rel))
			signal()
		}
	}
}

// poll looks at every watched file's size and time once per PollEvery.
// last is the files' fingerprint when the watch began.
func (s *Server) poll(ctx context.Context, last [32]byte, signal func()) {
	t := time.NewTicker(s.opts.PollEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if now := s.fingerprint(); now != last {
				last = now
				signal()
			}
		}
	}
}

func (s *Server) fingerprint() [32]byte {
	h := sha256.New()
	for _, w := range watched {
		filepath.WalkDir(filepath.Join(s.opts.Source, w), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			fmt.Fprintf(h, "%s %d %d %v\n", p, info.Size(), info.ModTime().UnixNano(), info.IsDir())
			return nil
		})
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func pages(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}
