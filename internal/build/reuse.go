package build

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/render"
)

// Reuse remembers the outputs of the last successful Generate, by name
// and key, for the next: serve's rebuild after a save then renders the
// pages of the file saved, not all 10,000. Its zero value is ready; use it
// for one Generate at a time.
type Reuse struct {
	mu         sync.Mutex
	prev, next map[string]output
}

type output struct {
	key  [32]byte
	data []byte
}

// begin starts a Generate; r may be nil.
func (r *Reuse) begin() {
	if r != nil {
		r.next = make(map[string]output, len(r.prev))
	}
}

// end finishes a Generate that succeeded: what it made or took is what
// the next one may take. Outputs it did not ask for are let go.
func (r *Reuse) end() {
	if r != nil {
		r.prev, r.next = r.next, nil
	}
}

// take returns the bytes the last Generate made for name from the inputs
// key names; r may be nil.
func (r *Reuse) take(name string, key [32]byte) ([]byte, bool) {
	if r == nil || key == ([32]byte{}) {
		return nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	o, ok := r.prev[name]
	if !ok || o.key != key {
		return nil, false
	}
	r.next[name] = o
	return o.data, true
}

// keep remembers data, made for name from the inputs key names; r may be
// nil.
func (r *Reuse) keep(name string, key [32]byte, data []byte) {
	if r == nil || key == ([32]byte{}) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next[name] = output{key, data}
}

// keys name what a page is made from: its own file, and what every page
// shares. Equal keys, equal bytes. The zero keys name nothing, so a build
// without Reuse computes none.
type keys struct {
	// private covers what a candidate's page depends on but its file: the
	// config, the layouts, the assets' names and the options; public
	// adds the navigation, which every public page shows.
	private, public [32]byte
}

func newKeys(site *content.Site, theme *render.Theme, assets map[string]string, opts Options) keys {
	h := sha256.New()
	h.Write(site.ConfigSum[:])
	if site.Tables != nil {
		h.Write(site.Tables.Sum[:])
	}
	fmt.Fprintf(h, "drafts=%v nominify=%v today=%s\n", opts.Drafts, opts.NoMinify, opts.Today)
	for _, name := range render.Layouts() {
		text, _, _ := theme.Layout(name)
		fmt.Fprintf(h, "%s %q\n", name, text)
	}
	for _, name := range slices.Sorted(maps.Keys(assets)) {
		fmt.Fprintf(h, "%s %s\n", name, assets[name])
	}
	var k keys
	copy(k.private[:], h.Sum(nil))
	for _, p := range site.Pages {
		fmt.Fprintf(h, "%q %q %q %d %v\n", p.URL, p.Title, p.Description, p.Weight, p.Draft)
	}
	copy(k.public[:], h.Sum(nil))
	return k
}

func (k keys) page(p *content.Page) [32]byte          { return k.of(k.public, p.Sum, p.URL) }
func (k keys) notFound() [32]byte                     { return k.of(k.public, [32]byte{}, "404") }
func (k keys) feedback(fb *content.Feedback) [32]byte { return k.of(k.private, fb.Sum, fb.Path) }

// with is key k for an output that is also made from what s says; zero
// for zero keys.
func (k keys) with(key [32]byte, s string) [32]byte {
	return k.of(key, sha256.Sum256([]byte(s)), "with")
}

func (k keys) of(shared, file [32]byte, name string) [32]byte {
	if k == (keys{}) {
		return [32]byte{}
	}
	h := sha256.New()
	h.Write(shared[:])
	h.Write(file[:])
	h.Write([]byte(name))
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}
