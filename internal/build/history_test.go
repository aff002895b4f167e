package build

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
)

func TestDayNo(t *testing.T) {
	for _, s := range []string{"", "0000-01-01", "1969-12-31", "1970-01-01", "2026-11-23", "9999-12-31"} {
		d := content.Date{}
		if s != "" {
			d = day(t, s)
		}
		n := dayOf(d)
		if got := n.date(); got != d {
			t.Errorf("%q: recorded as %d, read back as %q", s, n, got.String())
		}
		if (n == 0) != d.IsZero() {
			t.Errorf("%q: recorded as %d", s, n)
		}
	}
}

func TestPageIDOf(t *testing.T) {
	const id = "hl7dapbeigdhx57j6a7bvcyxie"
	got, ok := pageIDOf("f/" + id + "/index.html")
	if !ok || string(got[:]) != id || got.name() != "f/"+id+"/index.html" {
		t.Errorf("pageIDOf: %q, %v", got[:], ok)
	}
	for _, name := range []string{"index.html", "f/" + id + "/other.html", "f/short/index.html", "g/" + id + "/index.html", "f/" + id + "x/index.html"} {
		if _, ok := pageIDOf(name); ok {
			t.Errorf("pageIDOf(%q) took it for a candidate's page", name)
		}
	}
}

// TestStateRoundTrip saves a state of more candidates than one part holds
// and reads it back whole; a damaged file reads as no state.
func TestStateRoundTrip(t *testing.T) {
	s := &state{Epoch: [32]byte{7}, Outputs: map[string]outputRecord{
		"index.html": {Key: [32]byte{1}, Size: 10, MTime: 20},
	}}
	n := 2*stateChunk + 5
	var files content.PathsBuilder
	for i := range n {
		files.Add(fmt.Sprintf("content/feedback/c%06d.md", i))
		var id pageID
		copy(id[:], fmt.Sprintf("%026d", i))
		s.Sources = append(s.Sources, sourceRecord{Size: int64(i), MTime: int64(i) * 3, TokenLine: int32(i % 40), Sealed: i%2 == 0, Expires: dayNo(i), Page: id, PageSize: int64(i) * 7})
	}
	s.Files = files.Paths()
	file := filepath.Join(t.TempDir(), "x.state")
	if err := s.save(file); err != nil {
		t.Fatal(err)
	}
	if got := loadState(file); !reflect.DeepEqual(got, s) {
		t.Fatalf("read back a different state: %d files", got.Files.Len())
	}
	// Cut short, the file is no state at all.
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, data[:len(data)/2], 0o600)
	if got := loadState(file); got != nil {
		t.Errorf("a cut state read as %d files", got.Files.Len())
	}
}
