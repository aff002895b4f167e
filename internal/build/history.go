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
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/token"
)

// state is what a build remembers of the output it left, so that the next
// build into the same folder need not make again what did not change. It
// is kept in the user's cache folder: never in the output, never in the
// site.
//
// What it holds per candidate is one record, free of pointers, in a slice
// by the file's index: a build holds it for every candidate while it
// runs, and the garbage collector need not scan it (string-keyed records
// at 100,000 candidates made collecting half the work of a build).
type state struct {
	// Epoch covers all that every page depends on but its own file: the
	// renderer (layouts, assets, config), the options, and candor itself.
	Epoch [32]byte
	// Files are the candidates' files, sorted, and Sources what the build
	// saw of each and the page it left, index for index.
	Files   content.Paths
	Sources []sourceRecord
	// Outputs are the other files written, by output name.
	Outputs map[string]outputRecord
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
	TokenLine           int32
	Draft, Sealed       bool
	PublishAfter        dayNo
	Expires             dayNo
	// Page is the path id of the page the file gave, zero when it was
	// not published; Key is what the page was made from, and PageSize
	// and PageMTime what it was as written.
	Page                pageID
	Key                 [32]byte
	PageSize, PageMTime int64
}

// dropPage records that the file gave no page.
func (r *sourceRecord) dropPage() {
	r.Page, r.Key, r.PageSize, r.PageMTime = pageID{}, [32]byte{}, 0, 0
}

// pageID is a candidate's path id: the folder of its page, f/<id>/.
type pageID [token.PathIDLen]byte

// pageIDOf tells the path id of a candidate's page from the page's
// output name, f/<id>/index.html, and whether name is one.
func pageIDOf(name string) (pageID, bool) {
	var id pageID
	rest, ok := strings.CutPrefix(name, "f/")
	if !ok {
		return id, false
	}
	rest, ok = strings.CutSuffix(rest, "/index.html")
	if !ok || len(rest) != len(id) {
		return id, false
	}
	copy(id[:], rest)
	return id, true
}

func (id pageID) name() string { return "f/" + string(id[:]) + "/index.html" }

// dayNo is a content.Date in a record: the days since 0000-01-01, the
// earliest day YYYY-MM-DD can say, plus one, so that the zero Date is 0.
type dayNo int32

// firstDay is 0000-01-01 in days since 1970-01-01.
var firstDay = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400

func dayOf(d content.Date) dayNo {
	if d.IsZero() {
		return 0
	}
	return dayNo(d.Time().Unix()/86400 - firstDay + 1)
}

func (d dayNo) date() content.Date {
	if d == 0 {
		return content.Date{}
	}
	return content.DateOf(time.Unix((int64(d)-1+firstDay)*86400, 0))
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

	mu   sync.Mutex // guards next.Outputs; next.Sources is by index
	next state
	kept atomic.Int64
}

// newHistory starts the record of a build of the candidates' files files.
func newHistory(prev *state, dest string, out dirOutput, epoch [32]byte, files content.Paths) *history {
	return &history{prev: prev, dest: dest, out: out, next: state{
		Epoch:   epoch,
		Files:   files,
		Sources: make([]sourceRecord, files.Len()),
		Outputs: map[string]outputRecord{},
	}}
}

// keep reports whether the last build left name, made from the same key
// and unchanged since; if so it stays as it is, and is recorded. It is
// for files other than candidates' pages: see keepPage.
func (h *history) keep(name string, key [32]byte) bool {
	if h == nil || h.prev == nil {
		return false
	}
	rec, ok := h.prev.Outputs[name]
	if !ok || rec.Key != key || !h.inPlace(name, rec.Size, rec.MTime) {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next.Outputs[name] = rec
	h.kept.Add(1)
	return true
}

// keepPage reports whether the last build left the page rec names (its
// Page and Key), from the same file p and unchanged since; if so, rec
// takes the page's size and time, and the page stays as it is.
func (h *history) keepPage(p string, rec *sourceRecord) bool {
	if h == nil || h.prev == nil || rec.Page == (pageID{}) {
		return false
	}
	i, ok := h.prev.Files.Search(p)
	if !ok {
		return false
	}
	old := h.prev.Sources[i]
	if old.Page != rec.Page || old.Key != rec.Key || !h.inPlace(rec.Page.name(), old.PageSize, old.PageMTime) {
		return false
	}
	rec.PageSize, rec.PageMTime = old.PageSize, old.PageMTime
	h.kept.Add(1)
	return true
}

// inPlace reports whether the output name is as the last build wrote it.
func (h *history) inPlace(name string, size, mtime int64) bool {
	info, err := os.Stat(filepath.Join(h.dest, filepath.FromSlash(name)))
	return err == nil && info.Size() == size && info.ModTime().UnixNano() == mtime
}

// wrote records a file this build wrote: file is 1 + the index of the
// candidate's file whose page it is, or 0.
func (h *history) wrote(name string, file int, key [32]byte, s content.Stamp) {
	if file > 0 {
		// The worker that resolved the file writes its page: no lock.
		rec := &h.next.Sources[file-1]
		rec.PageSize, rec.PageMTime = s.Size, s.MTime
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next.Outputs[name] = outputRecord{Key: key, Size: s.Size, MTime: s.MTime}
}

// source returns the last build's record of a candidate's file, when the
// file is surely unchanged: the same size and time, and that time older
// than the reading by more than racy. A cold build does not look.
func (h *history) source(fsys fs.FS, p string) (sourceRecord, bool) {
	if h == nil || h.prev == nil {
		return sourceRecord{}, false
	}
	i, ok := h.prev.Files.Search(p)
	if !ok {
		return sourceRecord{}, false
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return sourceRecord{}, false
	}
	rec, st := h.prev.Sources[i], content.StampOf(info)
	return rec, rec.Size == st.Size && rec.MTime == st.MTime && rec.MTime < rec.ReadAt-racy
}

// recordSource records what the build saw of the i'th candidate's file.
// Each index is recorded by one worker only, so this takes no lock.
func (h *history) recordSource(i int, rec sourceRecord) {
	if h == nil {
		return
	}
	h.next.Sources[i] = rec
}

// record describes a candidate's file just read.
func record(fb *content.Feedback, line int, st content.Stamp, readAt time.Time) sourceRecord {
	return sourceRecord{
		Size:         st.Size,
		MTime:        st.MTime,
		ReadAt:       readAt.UnixNano(),
		Token:        fb.TokenUse(line).Sum,
		TokenLine:    int32(line),
		Draft:        fb.Draft,
		Sealed:       fb.Sealed,
		PublishAfter: dayOf(fb.PublishAfter),
		Expires:      dayOf(fb.Expires),
	}
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

// The state is written as a head and then parts of at most stateChunk
// candidates, each a gob value of its own: gob holds a whole value in memory
// before writing it, and the state of 100,000 candidates as one value
// would add its whole size (28 MB) to a build's peak.
const stateChunk = 4096

type stateHead struct {
	Epoch   [32]byte
	Outputs map[string]outputRecord
	Files   int // how many the parts that follow hold
}

type filesPart struct {
	Files   content.Paths
	Sources []sourceRecord
}

// loadState reads a state that save wrote, or returns nil: a build
// without a state is a cold one, so a missing, old or damaged state only
// costs time.
func loadState(file string) *state {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReader(f))
	var head stateHead
	if dec.Decode(&head) != nil || head.Files < 0 {
		return nil
	}
	s := &state{Epoch: head.Epoch, Outputs: head.Outputs}
	if s.Outputs == nil {
		s.Outputs = map[string]outputRecord{}
	}
	var files content.PathsBuilder
	for len(s.Sources) < head.Files {
		var part filesPart
		if dec.Decode(&part) != nil || part.Files.Len() != len(part.Sources) || len(part.Sources) == 0 {
			return nil
		}
		files.AddAll(part.Files)
		s.Sources = append(s.Sources, part.Sources...)
	}
	s.Files = files.Paths()
	if s.Files.Len() != head.Files || !s.Files.IsSorted() {
		return nil
	}
	return s
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
	err = s.encode(gob.NewEncoder(w))
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

func (s *state) encode(enc *gob.Encoder) error {
	n := s.Files.Len()
	err := enc.Encode(stateHead{Epoch: s.Epoch, Outputs: s.Outputs, Files: n})
	for i := 0; i < n && err == nil; i += stateChunk {
		j := min(i+stateChunk, n)
		err = enc.Encode(filesPart{Files: s.Files.Slice(i, j), Sources: s.Sources[i:j]})
	}
	return err
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
