// Package ledger reads and appends notices.csv, the record of every
// notice candor notify sent (or wrote, or was told was sent by hand), and
// works out the public promise record from it.
//
// The ledger holds no name and no e-mail address: a candidate is its
// file's id and the page's path id, which only the team can tie to a
// person. It is committed with the content and never published.
package ledger

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/candor-feedback/candor/internal/diag"
)

// File is the ledger's name, at the root of a site.
const File = "notices.csv"

// Header is the ledger's first line.
const Header = "date,id,status,path_id,last_stage,decision_by,channel"

// Channels: how a notice reached the candidate, or that it did not.
const (
	SMTP    = "smtp"    // the SMTP server accepted the mail
	Outbox  = "outbox"  // written as a draft for the recruiter to send
	Manual  = "manual"  // the team says it told the candidate itself
	Refused = "refused" // the server refused the address for good
)

var channels = []string{SMTP, Outbox, Manual, Refused}

// Statuses a candidate may have, as feedback files write them.
var statuses = []string{"advancing", "offer", "not-selected", "on-hold", "withdrawn"}

// Key is what makes a notice the same notice: a candidate told of the same
// status, page and stage (and, on hold, decision date) is not told again.
type Key struct {
	ID, Status, PathID, LastStage, DecisionBy string
}

// Notice is one line of the ledger. Dates are YYYY-MM-DD.
type Notice struct {
	Date    string
	Key     Key
	Channel string
	// Line is the notice's line in the file, 0 for one not read from it.
	Line int
}

// Told reports whether the notice reached the candidate (or the team's
// own mail did): everything but a refusal.
func (n Notice) Told() bool { return n.Channel != Refused }

// Ledger is a site's notices, in the order they were recorded.
type Ledger struct {
	Notices []Notice
	last    map[Key]int // key -> index of its last notice
}

// Last is the last notice recorded with key k.
func (l *Ledger) Last(k Key) (Notice, bool) {
	if l == nil {
		return Notice{}, false
	}
	i, ok := l.last[k]
	if !ok {
		return Notice{}, false
	}
	return l.Notices[i], true
}

// LastTold is the last notice that told candidate id, if any.
func (l *Ledger) LastTold(id string) (Notice, bool) {
	if l == nil {
		return Notice{}, false
	}
	for i := len(l.Notices) - 1; i >= 0; i-- {
		if n := l.Notices[i]; n.Key.ID == id && n.Told() {
			return n, true
		}
	}
	return Notice{}, false
}

func (l *Ledger) add(n Notice) {
	if l.last == nil {
		l.last = map[Key]int{}
	}
	l.Notices = append(l.Notices, n)
	l.last[n.Key] = len(l.Notices) - 1
}

var (
	dateForm = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	idForm   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	pathForm = regexp.MustCompile(`^[a-z2-7]{26}$`)
)

// Parse reads a ledger's bytes; name is the path its problems are
// reported at. A ledger with problems is not to be sent from: it might
// no longer say who was told.
func Parse(name string, data []byte) (*Ledger, diag.List) {
	var errs diag.List
	l := &Ledger{}
	if len(bytes.TrimSpace(data)) == 0 {
		return l, nil
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			errs.Add(name, line, "this line is not a ledger line: it must be the seven values of %s, separated by commas", Header)
			if pe == nil {
				break
			}
			continue
		}
		if first {
			first = false
			if strings.Join(rec, ",") != Header {
				errs.Add(name, line, "the ledger must start with the line %s", Header)
				return l, errs
			}
			continue
		}
		if n, msg := parseLine(rec, line); msg != "" {
			errs.Add(name, line, "%s", msg)
		} else {
			l.add(n)
		}
	}
	return l, errs
}

func parseLine(rec []string, line int) (Notice, string) {
	if len(rec) != 7 {
		return Notice{}, fmt.Sprintf("a ledger line has seven values (%s), this one %d", Header, len(rec))
	}
	n := Notice{Date: rec[0], Key: Key{ID: rec[1], Status: rec[2], PathID: rec[3], LastStage: rec[4], DecisionBy: rec[5]}, Channel: rec[6], Line: line}
	switch {
	case !isDate(n.Date):
		return n, fmt.Sprintf("date must be a day like 2026-03-02, not %q", n.Date)
	case !idForm.MatchString(n.Key.ID):
		return n, fmt.Sprintf("id must be a feedback file's name without .md, not %q", n.Key.ID)
	case !slices.Contains(statuses, n.Key.Status):
		return n, fmt.Sprintf("status must be one of %s, not %q", strings.Join(statuses, ", "), n.Key.Status)
	case !pathForm.MatchString(n.Key.PathID):
		return n, fmt.Sprintf("path_id must be the 26 characters after f/ in the page's address, not %q", n.Key.PathID)
	case !isDate(n.Key.LastStage):
		return n, fmt.Sprintf("last_stage must be a day like 2026-03-02, not %q", n.Key.LastStage)
	case n.Key.DecisionBy != "" && !isDate(n.Key.DecisionBy):
		return n, fmt.Sprintf("decision_by must be empty or a day like 2026-03-02, not %q", n.Key.DecisionBy)
	case !slices.Contains(channels, n.Channel):
		return n, fmt.Sprintf("channel must be one of %s, not %q", strings.Join(channels, ", "), n.Channel)
	}
	return n, ""
}

func isDate(s string) bool {
	if !dateForm.MatchString(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// Read reads the ledger of the site in dir; a site without one has an
// empty ledger.
func Read(dir string) (*Ledger, diag.List) {
	data, err := os.ReadFile(filepath.Join(dir, File))
	if errors.Is(err, os.ErrNotExist) {
		return &Ledger{}, nil
	}
	if err != nil {
		return nil, diag.List{{Path: File, Line: 1, Msg: fmt.Sprintf("cannot read: %v", err)}}
	}
	return Parse(File, data)
}

// Writer appends notices to a ledger file, each on disk before Append
// returns.
type Writer struct {
	f *os.File
}

// Open opens the ledger of the site in dir for appending, creating it
// with its header when there is none.
func Open(dir string) (*Writer, error) {
	p := filepath.Join(dir, File)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	w := &Writer{f: f}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	switch {
	case info.Size() == 0:
		err = w.write(Header + "\n")
		if err == nil {
			err = syncDir(dir) // the new file's name, too, is on disk
		}
	default:
		// A file edited by hand may lack its last line break: a line
		// appended to it must not run on from that line.
		last := make([]byte, 1)
		if _, err = f.ReadAt(last, info.Size()-1); err == nil && last[0] != '\n' {
			err = w.write("\n")
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// Append writes n as one line and waits until it is on disk.
func (w *Writer) Append(n Notice) error {
	k := n.Key
	return w.write(strings.Join([]string{n.Date, k.ID, k.Status, k.PathID, k.LastStage, k.DecisionBy, n.Channel}, ",") + "\n")
}

func (w *Writer) write(s string) error {
	if _, err := w.f.WriteString(s); err != nil {
		return err
	}
	return w.f.Sync()
}

// Close closes the file.
func (w *Writer) Close() error { return w.f.Close() }

// syncDir puts a new file's name on disk. Windows cannot open a folder
// to sync it (NTFS journals names itself), so there it does nothing.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
