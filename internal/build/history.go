package build

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/candor-feedback/candor/internal/content"
)

// state is what a build remembers of the output it left, so that the next
// build into the same folder need not make again what did not change. It
// is kept in the user's cache folder: never in the output, never in the
// site.
type state struct {
	// Epoch covers all that every page depends on but its own file: the
	// renderer (layouts, assets, config), the options, and candor itself.
	Epoch   [32]byte
	Outputs map[string]outputRecord // by output name
	Sources map[string]sourceRecord // candidates' files, by path
}

// outputRecord is a file the build wrote: what it was made from, and its
// size and time as written, to see that nobody has changed it since.
type outputRecord struct {
	Key   [32]byte
	Size  int64
	MTime int64
}

// sourceRecord is what a build needs of a candidate's file that has not
// changed: enough to count, check and place its page without reading it.
type sourceRecord struct {
	Size, MTime, ReadAt int64
	Token               [32]byte
	TokenLine           int
	Draft, Sealed       bool
	PublishAfter        string
	Expires             string
	Name                string
	Key                 [32]byte
}

// racy is the coarsest file time in use (FAT's two seconds): a file whose
// time is this close to when it was read may have changed since without
// its time changing (git's "racily clean" rule).
const racy = int64(2 * time.Second)

// history records this build, and knows the last build's state when the
// output it left can be updated in place.
type history struct {
	prev *state // nil: a cold build
	dest string // where prev's outputs are
	out  dirOutput

	mu   sync.Mutex
	next state
	kept int
}

func newHistory(prev *state, dest string, out dirOutput, epoch [32]byte) *history {
	return &history{prev: prev, dest: dest, out: out, next: state{
		Epoch: epoch, Outputs: map[string]outputRecord{}, Sources: map[string]sourceRecord{},
	}}
}

// keep reports whether the last build left name, made from the same key
// and unchanged since; if so it stays as it is, and is recorded.
func (h *history) keep(name string, key [32]byte) bool {
	if h == nil || h.prev == nil {
		return false
	}
	rec, ok := h.prev.Outputs[name]
	if !ok || rec.Key != key {
		return false
	}
	info, err := os.Stat(filepath.Join(h.dest, filepath.FromSlash(name)))
	if err != nil || info.Size() != rec.Size || info.ModTime().UnixNano() != rec.MTime {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next.Outputs[name] = rec
	h.kept++
	return true
}

// wrote records a file this build wrote.
func (h *history) wrote(name string, key [32]byte, s stamp) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next.Outputs[name] = outputRecord{Key: key, Size: s.size, MTime: s.mtime}
}

// source returns the last build's record of a candidate's file, when the
// file is surely unchanged: the same size and time, and that time older
// than the reading by more than racy.
func (h *history) source(p string, info fs.FileInfo) (sourceRecord, bool) {
	if h == nil || h.prev == nil || info == nil {
		return sourceRecord{}, false
	}
	rec, ok := h.prev.Sources[p]
	return rec, ok && rec.Size == info.Size() && rec.MTime == info.ModTime().UnixNano() && rec.MTime < rec.ReadAt-racy
}

func (h *history) recordSource(p string, rec sourceRecord) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next.Sources[p] = rec
}

// record describes a candidate's file just read.
func record(fb *content.Feedback, line int, info fs.FileInfo, readAt time.Time) sourceRecord {
	rec := sourceRecord{
		ReadAt:       readAt.UnixNano(),
		Token:        fb.TokenUse(line).Sum,
		TokenLine:    line,
		Draft:        fb.Draft,
		Sealed:       fb.Sealed,
		PublishAfter: fb.PublishAfter.String(),
		Expires:      fb.Expires.String(),
	}
	if info != nil {
		rec.Size, rec.MTime = info.Size(), info.ModTime().UnixNano()
	}
	return rec
}

// stateFile is where the state of builds from dir into dest is kept,
// below cacheDir.
func stateFile(cacheDir, dir, dest string) (string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(absDir + "\x00" + absDest))
	return filepath.Join(cacheDir, hex.EncodeToString(sum[:16])+".state"), nil
}

func loadState(file string) *state {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	var s state
	if gob.NewDecoder(bufio.NewReader(f)).Decode(&s) != nil {
		return nil
	}
	return &s
}

// save writes the state through a temporary file, readable by its owner
// only: it names every private page's address.
func (s *state) save(file string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return err
	}
	tmp := file + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = gob.NewEncoder(w).Encode(s)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, file)
}

// forget removes a state that no longer matches the output; should that
// fail, the next build finds the output changed and makes it anew.
func forget(file string) { _ = os.Remove(file) }

// binaryID identifies the running candor, so that a new one never
// reuses pages an old one made.
func binaryID() []byte {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	info, err := os.Stat(exe)
	if err != nil {
		return nil
	}
	return fmt.Appendf(nil, "%s %d %d", exe, info.ModTime().UnixNano(), info.Size())
}
