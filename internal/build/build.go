// Package build turns a loaded site into its published files: it plans
// every output, renders and minifies pages in parallel, and hands each
// file to an Output.
package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/render"
)

// Options say what to build. The zero value builds the published site
// with minification, as of the zero date (so give Today).
type Options struct {
	// Today is the day the build is for: it decides publish_after and
	// expires.
	Today content.Date
	// Drafts builds draft pages too, marked as previews.
	Drafts bool
	// NoMinify leaves HTML, CSS and JS as the templates wrote them.
	NoMinify bool
	// Reuse, when set, carries pages from one Generate to the next: a
	// page whose inputs did not change is not rendered again.
	Reuse *Reuse
	// StateDir, when set, is where Build keeps what it wrote, so that the
	// next build into the same folder updates only what changed.
	StateDir string
}

// Reuse remembers the pages of the last successful Generate.
type Reuse struct {
	mu   sync.Mutex
	prev map[string]reused
	next map[string]reused
	// pages remembers each candidate's page by the Feedback it was made
	// from: serve's unchanged files give the same Feedback at every
	// rebuild, and a candidate's page then costs one map lookup, not a
	// hash of the candidate and three locked maps (at 10,000 candidates
	// those were half of a one-file rebuild). gen counts the Generates,
	// so that pages whose Feedback is gone can be dropped.
	pages map[*content.Feedback]*memo
	gen   int
}

// memo is a candidate's page, as made from one Feedback.
type memo struct {
	epoch, key [32]byte
	name       string
	data       []byte // nil until made
	gen        int    // the last Generate that wanted it
}

type reused struct {
	key  [32]byte
	data []byte
}

// take returns the bytes of j's output when an earlier Generate made them
// from the same inputs, and keeps them for the next; r may be nil.
func (r *Reuse) take(j job) ([]byte, bool) {
	if j.memo != nil {
		return j.memo.data, j.memo.data != nil
	}
	if r == nil || j.key == ([32]byte{}) {
		return nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.prev[j.name]
	if !ok || p.key != j.key {
		return nil, false
	}
	r.next[j.name] = p
	return p.data, true
}

// remember keeps the bytes made for j for the next Generate; r may be
// nil.
func (r *Reuse) remember(j job, data []byte) {
	switch {
	case j.memo != nil:
		j.memo.data = data // no other job has this memo
	case r != nil && j.key != ([32]byte{}):
		r.mu.Lock()
		defer r.mu.Unlock()
		r.next[j.name] = reused{j.key, data}
	}
}

// Output receives the built files. WriteFile is called from several
// goroutines at once, each name once. data is never modified afterwards,
// so an Output may keep it.
type Output interface {
	WriteFile(name string, data []byte) error
}

// Result says what a build published and left out.
type Result struct {
	Public  int // public pages
	Private int // candidates' pages
	Sealed  int // of which sealed
	Files   int // everything written, pages included
	// Left out: candidates whose page was not published today.
	Drafts    int
	Scheduled int
	Expired   int
	// Rendered counts the pages rendered; the rest were reused.
	Rendered int
	// Kept counts the files a build left in place, unchanged.
	Kept int
	// Made names every output made anew rather than reused, sorted; only
	// with Options.Reuse, since a cold build makes everything.
	Made []string
}

// job is one output file.
type job struct {
	name   string // path in the output
	source string // what it is made from, for messages
	make   func(*bytes.Buffer) error
	// resolve, when set, stands for the whole job: it reads the source
	// (or the last build's record of it) and returns the job to run, or
	// false for nothing to write.
	resolve func(*history) (job, bool, error)
	mime    string // minified as this type; "" for as-is
	// key, when not zero, identifies the output: see Reuse.
	key [32]byte
	// file is 1 + the index of the scanned candidate's file whose page
	// this is, or 0.
	file int
	// memo, with Reuse, is where a candidate's page is remembered.
	memo *memo
}

// Generate renders the site into out. site must have loaded without
// errors. The error is a diag.List for problems in the site's files.
func Generate(fsys fs.FS, site *content.Site, opts Options, out Output) (*Result, error) {
	p, err := newPlan(fsys, site, opts)
	if err != nil {
		return nil, err
	}
	return p.run(out, nil)
}

// plan is every job of a build, before any has run.
type plan struct {
	g    *generator
	fsys fs.FS
	site *content.Site
	// jobs are the jobs known before any file is read; a scanned site's
	// candidates are added by all.
	jobs  []job
	clash diag.List
	min   *minify.M // nil without minification
	// epoch covers what every page depends on but its own file.
	epoch [32]byte
}

func newPlan(fsys fs.FS, site *content.Site, opts Options) (*plan, error) {
	theme, err := render.NewTheme(fsys, site.Config.Theme)
	if err != nil {
		return nil, diag.List{{Path: content.ConfigFile, Line: 1, Msg: err.Error()}}
	}
	min := newMinifier()
	res := &Result{}
	var jobs []job

	assets, err := theme.Assets()
	if err != nil {
		return nil, err
	}
	hashed := map[string]string{}
	for _, a := range assets {
		data := a.Data
		mime := mimeOf(a.Name)
		if mime != "" && !opts.NoMinify {
			if data, err = min.Bytes(mime, data); err != nil {
				return nil, diag.List{{Path: "assets/" + a.Name, Line: 1, Msg: "cannot minify: " + err.Error()}}
			}
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(a.Name)
		name := "assets/" + strings.TrimSuffix(a.Name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		hashed[a.Name] = name
		jobs = append(jobs, job{name: name, source: "theme asset " + a.Name, make: bytesOf(data)})
	}

	r, err := render.New(site, theme, render.Options{Assets: hashed, Drafts: opts.Drafts})
	if err != nil {
		return nil, err
	}

	// One token per candidate, room made at once: growing the list
	// would hold two copies at a time.
	g := &generator{r: r, opts: opts, res: res, site: site}
	g.epoch = g.key(r.Sum())
	if !opts.NoMinify {
		g.min = min
	}
	var sitemap []string
	for _, p := range site.Pages {
		if p.Draft && !opts.Drafts {
			continue
		}
		res.Public++
		jobs = append(jobs, job{name: p.URL + "index.html", source: p.Path, mime: "text/html", key: g.key(r.PageKey(p)),
			make: func(b *bytes.Buffer) error { return r.Page(b, p) }})
		if !p.Draft {
			sitemap = append(sitemap, site.Config.BaseURL+p.URL)
		}
	}
	if !hasHome(site, opts) {
		home := &content.Page{Path: "content/index.md", Title: site.Config.Title}
		jobs = append(jobs, job{name: "index.html", source: "home page", mime: "text/html",
			make: func(b *bytes.Buffer) error { return r.Page(b, home) }})
		sitemap = append([]string{site.Config.BaseURL}, sitemap...)
	}
	jobs = append(jobs,
		job{name: "404.html", source: "404 page", mime: "text/html", key: g.key(r.NotFoundKey()), make: func(b *bytes.Buffer) error { return r.NotFound(b) }},
		job{name: "robots.txt", source: "robots.txt", make: bytesOf(robots(&site.Config))},
		job{name: "sitemap.xml", source: "sitemap.xml", make: bytesOf(sitemapXML(sitemap))},
		job{name: "_headers", source: "_headers", make: bytesOf(headers(&site.Config))},
		job{name: ".nojekyll", source: ".nojekyll", make: bytesOf(nil)},
	)
	for _, f := range site.Files {
		jobs = append(jobs, job{name: strings.TrimPrefix(f, content.ContentDir+"/"), source: f, make: fileOf(fsys, f)})
	}
	for _, f := range site.Static {
		jobs = append(jobs, job{name: strings.TrimPrefix(f, content.StaticDir+"/"), source: f, make: fileOf(fsys, f)})
	}
	// Collisions fail the build, but the jobs still run: their files'
	// problems belong in the same report.
	p := &plan{g: g, fsys: fsys, site: site, jobs: jobs, clash: collisions(jobs), min: g.min}
	h := sha256.New()
	sum := r.Sum()
	h.Write(sum[:])
	fmt.Fprintf(h, "%v %s", opts.NoMinify, binaryID())
	copy(p.epoch[:], h.Sum(nil))
	return p, nil
}

// all yields every job: the plan's, then one per candidate. Those are
// made as the workers take them rather than held, so that a build keeps
// nothing per candidate but what it must (measured at 100,000
// candidates: jobs held 15 MB of live heap, which the collector then
// scanned again and again).
func (p *plan) all(yield func(job) bool) {
	for _, j := range p.jobs {
		if !yield(j) {
			return
		}
	}
	for _, fb := range p.site.Feedback {
		if j, ok := p.g.feedbackJob(fb); ok && !yield(j) {
			return
		}
	}
	for i, f := range p.site.FeedbackFiles.All() {
		j := job{source: f, resolve: func(h *history) (job, bool, error) {
			return p.g.resolveFeedback(p.fsys, i, f, h)
		}}
		if !yield(j) {
			return
		}
	}
}

// run runs the plan's jobs into out, recording into hist when set.
func (p *plan) run(out Output, hist *history) (*Result, error) {
	g, res := p.g, p.g.res
	reuse := g.opts.Reuse
	if reuse != nil {
		reuse.next = make(map[string]reused, len(reuse.prev))
		reuse.gen++
		defer reuse.forget()
	}
	rendered, written, made, err := run(p.all, p.min, out, reuse, hist)
	var errs diag.List
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	errs.Append(p.clash)
	errs.Append(content.CheckTokens(p.tokens(hist)))
	if err := errs.Err(); err != nil {
		return nil, err
	}
	res.Made = made
	if reuse != nil {
		reuse.prev, reuse.next = reuse.next, nil
	}
	res.Files = written
	res.Rendered = rendered
	if hist != nil {
		res.Kept = int(hist.kept.Load())
	}
	return res, nil
}

// generator holds what the jobs of one Generate share.
type generator struct {
	r    *render.Renderer
	min  *minify.M // nil without minification
	opts Options
	// epoch is the renderer's sum, as a page key covers it.
	epoch [32]byte
	site  *content.Site

	mu     sync.Mutex // guards res's counts and tokens: workers add to them
	res    *Result
	tokens []content.TokenUse
}

// key makes a page's key cover the choice to minify: minified and plain
// pages differ.
func (g *generator) key(k [32]byte) [32]byte {
	if g.opts.NoMinify {
		k[0] ^= 1
	}
	return k
}

// tokens are every candidate's token: those the generator was given, and
// with a history, those recorded in it, which the generator then was not.
func (p *plan) tokens(hist *history) iter.Seq[content.TokenUse] {
	return func(yield func(content.TokenUse) bool) {
		for _, u := range p.g.tokens {
			if !yield(u) {
				return
			}
		}
		if hist == nil {
			return
		}
		for i, rec := range hist.next.Sources {
			if rec.Token != ([32]byte{}) && !yield(content.TokenUse{Path: hist.next.Files.At(i), Line: int(rec.TokenLine), Sum: rec.Token}) {
				return
			}
		}
	}
}

func (g *generator) useToken(u content.TokenUse) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.tokens = append(g.tokens, u)
}

// publish decides whether a candidate's page is published today, and
// counts it either way.
func (g *generator) publish(draft, sealed bool, publishAfter, expires content.Date) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	fb := content.Feedback{Draft: draft, PublishAfter: publishAfter, Expires: expires}
	published := fb.Published(g.opts.Today, g.opts.Drafts)
	switch {
	case published:
		g.res.Private++
		if sealed {
			g.res.Sealed++
		}
	case draft && !g.opts.Drafts:
		g.res.Drafts++
	case !publishAfter.IsZero() && g.opts.Today.Before(publishAfter):
		g.res.Scheduled++
	default:
		g.res.Expired++
	}
	return published
}

// feedbackJob is the job of a candidate's page, or false when the page is
// not published today; either way it is counted.
func (g *generator) feedbackJob(fb *content.Feedback) (job, bool) {
	if !g.publish(fb.Draft, fb.Sealed, fb.PublishAfter, fb.Expires) {
		return job{}, false
	}
	return g.pageOf(fb), true
}

// pageOf is the job that makes a candidate's page.
func (g *generator) pageOf(fb *content.Feedback) job {
	name, key, m := g.pageName(fb)
	if m != nil && m.data != nil {
		return job{name: name, source: fb.Path, key: key, memo: m}
	}
	r := g.r
	if fb.Sealed {
		// Minified inside: the script's hash is taken last.
		return job{name: name, source: fb.Path, key: key, memo: m,
			make: func(b *bytes.Buffer) error { return sealedPage(r, g.min, fb, b) }}
	}
	return job{name: name, source: fb.Path, mime: "text/html", key: key, memo: m,
		make: func(b *bytes.Buffer) error { return r.Feedback(b, fb) }}
}

// pageName is the output name and the key of fb's page and, with Reuse,
// where its bytes are remembered.
func (g *generator) pageName(fb *content.Feedback) (string, [32]byte, *memo) {
	reuse, epoch := g.opts.Reuse, g.epoch
	if reuse == nil {
		return "f/" + fb.PathID() + "/index.html", g.key(g.r.FeedbackKey(fb)), nil
	}
	reuse.mu.Lock()
	defer reuse.mu.Unlock()
	m, ok := reuse.pages[fb]
	if !ok || m.epoch != epoch {
		m = &memo{epoch: epoch, name: "f/" + fb.PathID() + "/index.html", key: g.key(g.r.FeedbackKey(fb))}
		if reuse.pages == nil {
			reuse.pages = map[*content.Feedback]*memo{}
		}
		reuse.pages[fb] = m
	}
	m.gen = reuse.gen
	return m.name, m.key, m
}

// forget drops the pages of Feedback the last Generate did not ask for:
// a file edited or removed, a candidate no longer published.
func (r *Reuse) forget() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for fb, m := range r.pages {
		if m.gen != r.gen {
			delete(r.pages, fb)
		}
	}
}

// resolveFeedback is the work of the i'th scanned candidate's file, p:
// from the last build's record when the file has not changed and its
// page is in place, else by reading it.
func (g *generator) resolveFeedback(fsys fs.FS, i int, p string, h *history) (job, bool, error) {
	// The file's token counts once, from the record with a history (see
	// plan.tokens), else here; a file with problems has no record.
	rec, known := h.source(fsys, p)
	var fb *content.Feedback
	if !known {
		readAt := time.Now()
		var line int
		var st content.Stamp
		var errs diag.List
		fb, line, st, errs = content.ParseFeedbackFile(fsys, p, &g.site.Config)
		if fb != nil && (h == nil || len(errs) > 0) {
			g.useToken(fb.TokenUse(line))
		}
		if len(errs) > 0 {
			return job{}, false, errs
		}
		rec = record(fb, line, st, readAt)
	}
	if !g.publish(rec.Draft, rec.Sealed, rec.PublishAfter.date(), rec.Expires.date()) {
		rec.dropPage()
		h.recordSource(i, rec)
		return job{}, false, nil
	}
	if known && h.keepPage(p, &rec) {
		h.recordSource(i, rec)
		return job{}, false, nil
	}
	if fb == nil {
		// Published, but its page is missing or was changed: make it.
		var errs diag.List
		if fb, _, _, errs = content.ParseFeedbackFile(fsys, p, &g.site.Config); len(errs) > 0 {
			return job{}, false, errs
		}
	}
	j := g.pageOf(fb)
	j.file = i + 1
	rec.Page, _ = pageIDOf(j.name)
	rec.Key = j.key
	// A file touched but not changed still has its page in place.
	kept := !known && h.keepPage(p, &rec)
	h.recordSource(i, rec)
	return j, !kept, nil
}

func hasHome(site *content.Site, opts Options) bool {
	for _, p := range site.Pages {
		if p.IsHome() && (!p.Draft || opts.Drafts) {
			return true
		}
	}
	return false
}

// collisions reports two sources that would write one output file, such
// as static/robots.txt and the generated robots.txt.
func collisions(jobs []job) diag.List {
	var errs diag.List
	seen := map[string]string{}
	for _, j := range jobs {
		if j.resolve != nil || strings.HasPrefix(j.source, content.FeedbackDir+"/") {
			// A candidate's page, f/<id>/index.html: it cannot meet
			// another file (nothing else may be published under f/) and
			// two candidates meet only with one token, which
			// CheckTokens reports.
			continue
		}
		name := strings.ToLower(j.name) // case-insensitive hosts and file systems
		if first, ok := seen[name]; ok {
			src, other := j.source, first
			if !strings.Contains(src, "/") {
				src, other = first, j.source
			}
			errs.Add(src, 1, "would be published as %s, which %s is published as already", j.name, other)
			continue
		}
		seen[name] = j.source
		if strings.HasPrefix(name, "f/") && !strings.HasSuffix(j.source, ".md") {
			errs.Add(j.source, 1, "would be published under f/, which is reserved for private pages")
		}
	}
	return errs
}

// run makes every job on all cores and writes it. It returns how many
// pages it rendered rather than reused, how many files it wrote, and,
// with reuse (serve), the names of all it made anew.
func run(jobs iter.Seq[job], min *minify.M, out Output, reuse *Reuse, hist *history) (int, int, []string, error) {
	var (
		mu       sync.Mutex
		errs     diag.List
		made     []string
		next     = make(chan job)
		wg       sync.WaitGroup
		rendered atomic.Int64
		written  atomic.Int64
	)
	fail := func(j job, err error) {
		mu.Lock()
		defer mu.Unlock()
		var dl diag.List
		if errors.As(err, &dl) {
			errs.Append(dl)
			return
		}
		errs.Add(j.source, 1, "%v", err)
	}
	for range workers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if j.resolve != nil {
					resolved, ok, err := j.resolve(hist)
					if err != nil {
						fail(j, err)
						continue
					}
					if !ok {
						continue
					}
					j = resolved
				}
				if j.file == 0 && j.key != ([32]byte{}) && hist.keep(j.name, j.key) {
					continue // left in place by the last build, as it was
				}
				written.Add(1)
				if data, ok := reuse.take(j); ok {
					if err := out.WriteFile(j.name, data); err != nil {
						fail(j, err)
					}
					continue
				}
				if strings.HasSuffix(j.name, ".html") {
					rendered.Add(1)
				}
				if reuse != nil {
					mu.Lock()
					made = append(made, j.name)
					mu.Unlock()
				}
				// A buffer of its own for every file: the Output may keep it.
				var buf bytes.Buffer
				if err := j.make(&buf); err != nil {
					fail(j, err)
					continue
				}
				data := buf.Bytes()
				if min != nil && j.mime != "" {
					var small bytes.Buffer
					small.Grow(len(data))
					if err := min.Minify(j.mime, &small, bytes.NewReader(data)); err != nil {
						fail(j, fmt.Errorf("cannot minify %s: %w", j.name, err))
						continue
					}
					data = small.Bytes()
				}
				reuse.remember(j, data)
				key := j.key
				if hist != nil && key == ([32]byte{}) {
					// Files made from no page (robots.txt, the sitemap,
					// static files) are known by their bytes.
					key = sha256.Sum256(data)
					if hist.keep(j.name, key) {
						written.Add(-1)
						continue
					}
				}
				if hist != nil {
					s, err := hist.out.writeStamped(j.name, data)
					if err != nil {
						fail(j, err)
						continue
					}
					hist.wrote(j.name, j.file, key, s)
					continue
				}
				if err := out.WriteFile(j.name, data); err != nil {
					fail(j, err)
				}
			}
		}()
	}
	for j := range jobs {
		// A page reused as it was needs no worker: handing it over here
		// spares the pool a job and its locks (serve, at 10,000
		// candidates, reuses all but one page).
		if j.resolve == nil {
			if data, ok := reuse.take(j); ok {
				written.Add(1)
				if err := out.WriteFile(j.name, data); err != nil {
					fail(j, err)
				}
				continue
			}
		}
		next <- j
	}
	close(next)
	wg.Wait()
	slices.Sort(made)
	return int(rendered.Load()), int(written.Load()), made, errs.Err()
}

func bytesOf(data []byte) func(*bytes.Buffer) error {
	return func(b *bytes.Buffer) error {
		b.Write(data)
		return nil
	}
}

func fileOf(fsys fs.FS, name string) func(*bytes.Buffer) error {
	return func(b *bytes.Buffer) error {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		b.Write(data)
		return nil
	}
}

func mimeOf(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css"
	case ".js", ".mjs":
		return "text/javascript"
	case ".html":
		return "text/html"
	}
	return ""
}

func newMinifier() *minify.M {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	// Quotes, document tags and end tags stay, so the output reads the
	// way the templates do and tools that look for exact tags find them.
	m.Add("text/html", &html.Minifier{
		KeepQuotes:          true,
		KeepDocumentTags:    true,
		KeepEndTags:         true,
		KeepDefaultAttrVals: true,
	})
	return m
}

// workers is how many pages are made at once: twice the cores, so that a
// worker waiting on the file system does not leave a core idle.
func workers() int { return 2 * runtime.GOMAXPROCS(0) }
