// Package build turns a loaded site into its published files: it plans
// every output, renders and minifies pages in parallel, and hands each
// file to an Output.
package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/ledger"
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
	// Reuse, when set, carries outputs from one Generate to the next: an
	// output made from the same inputs is not made again (serve).
	Reuse *Reuse
	// WithholdInvalid leaves out the page of every candidate file with
	// errors, reporting them in Result.Withheld, instead of failing: a
	// daily rebuild then still takes expired and revoked pages down. Two
	// files with one token both lose their page. Errors anywhere else
	// still fail the build.
	WithholdInvalid bool
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
	// Made names every output made anew rather than reused, sorted; only
	// with Options.Reuse, since a build without it makes everything.
	Made []string
	// Warnings are what will likely come out wrong, sorted; they do not
	// stop the build.
	Warnings diag.List
	// Withheld are the errors of the candidate files whose pages were
	// left out (Options.WithholdInvalid), sorted.
	Withheld diag.List
}

// job is one output file.
type job struct {
	name   string // path in the output
	source string // what it is made from, for messages
	mime   string // minified as this type; "" for as it is
	// key names everything the output is made from (see keys); zero for
	// an output made at every build.
	key  [32]byte
	make func(*bytes.Buffer) error
	// last is made after every candidate: the home page, when it shows
	// the promise record, which counts them.
	last bool
}

// task is one piece of a build's work: a job known when the build was
// planned, a loaded candidate, or a candidate's file still to be read.
type task struct {
	job  job
	fb   *content.Feedback
	file string
}

// Generate renders the site into out. site must have loaded without
// errors. The error is a diag.List for problems in the site's files, or
// ctx's error when it ended first.
func Generate(ctx context.Context, fsys fs.FS, site *content.Site, opts Options, out Output) (*Result, error) {
	b, err := newBuilder(fsys, site, opts)
	if err != nil {
		return nil, err
	}
	return b.run(ctx, out)
}

// builder holds what the workers of one Generate share.
type builder struct {
	fsys fs.FS
	site *content.Site
	opts Options
	r    *render.Renderer
	min  *minify.M // nil without minification
	keys keys      // with Reuse only
	// jobs are the outputs known before any candidate's file is read;
	// clash, the ones left out of them because they would overwrite
	// another or claim f/.
	jobs  []job
	clash diag.List

	mu     sync.Mutex // guards what the workers add to
	res    Result
	tokens []content.TokenUse
	errs   diag.List
	// stages are the latest stages of the candidates whose feedback the
	// promise record counts (with a ledger only); promise is the record,
	// worked out once every candidate was seen.
	stages  []ledger.Stage
	promise *ledger.Promise
	// owners are the files whose page each path id is, with
	// WithholdInvalid; shared, the path ids two files claim.
	owners map[string]string
	shared map[string]bool
}

func newBuilder(fsys fs.FS, site *content.Site, opts Options) (*builder, error) {
	theme, err := render.NewTheme(fsys, site.Config.Theme)
	if err != nil {
		return nil, diag.List{{Path: content.ConfigFile, Line: site.Config.ThemeLine, Msg: err.Error()}}
	}
	b := &builder{fsys: fsys, site: site, opts: opts}
	b.res.Warnings = slices.Clone(site.Warnings)
	if !opts.NoMinify {
		b.min = newMinifier()
	}
	hashed, err := b.planAssets(theme)
	if err != nil {
		return nil, err
	}
	if b.r, err = render.New(site, theme, render.Options{Assets: hashed, Drafts: opts.Drafts, Today: opts.Today}); err != nil {
		return nil, err
	}
	if opts.Reuse != nil {
		b.keys = newKeys(site, theme, hashed, opts)
	}
	b.planPages()
	b.planFiles()
	b.jobs, b.clash = collisions(b.jobs)
	return b, nil
}

// planAssets adds a job per theme asset, published under a name that
// holds a hash of its bytes, and returns those names by asset.
func (b *builder) planAssets(theme *render.Theme) (map[string]string, error) {
	assets, err := theme.Assets()
	if err != nil {
		return nil, err
	}
	hashed := map[string]string{}
	for _, a := range assets {
		data := a.Data
		if typ := mimeOf(a.Name); typ != "" && b.min != nil {
			if data, err = b.min.Bytes(typ, data); err != nil {
				return nil, diag.List{{Path: "assets/" + a.Name, Line: 1, Msg: "cannot minify: " + err.Error()}}
			}
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(a.Name)
		name := "assets/" + strings.TrimSuffix(a.Name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		hashed[a.Name] = name
		b.jobs = append(b.jobs, job{name: name, source: "theme asset " + a.Name, make: bytesOf(data)})
	}
	return hashed, nil
}

// planPages adds the public pages, the home page when the site has none,
// the 404 page, and the files that describe the site to crawlers and
// hosts.
func (b *builder) planPages() {
	site, r := b.site, b.r
	var sitemap []string
	home := false
	for _, p := range site.Pages {
		if p.Draft && !b.opts.Drafts {
			continue
		}
		b.res.Public++
		home = home || p.IsHome()
		b.jobs = append(b.jobs, job{name: p.URL + "index.html", source: p.Path, mime: "text/html", key: b.keys.page(p),
			make: func(w *bytes.Buffer) error { return r.Page(w, p) }})
		if !p.Draft {
			sitemap = append(sitemap, site.Config.BaseURL+(&url.URL{Path: p.URL}).EscapedPath())
		}
	}
	if !home {
		p := &content.Page{Path: "content/index.md", Title: site.Config.Title}
		b.jobs = append(b.jobs, job{name: "index.html", source: "home page", mime: "text/html", key: b.keys.page(p),
			make: func(w *bytes.Buffer) error { return r.Page(w, p) }})
		sitemap = append([]string{site.Config.BaseURL}, sitemap...)
	}
	if b.recording() {
		// The home page shows the promise record, which needs every
		// candidate: it is made last.
		for i, j := range b.jobs {
			if j.name == "index.html" {
				p := b.homePage()
				b.jobs[i].last = true
				b.jobs[i].make = func(w *bytes.Buffer) error { return r.Home(w, p, b.promise) }
			}
		}
	}
	b.jobs = append(b.jobs,
		job{name: "404.html", source: "404 page", mime: "text/html", key: b.keys.notFound(),
			make: func(w *bytes.Buffer) error { return r.NotFound(w) }},
		job{name: "robots.txt", source: "robots.txt", make: bytesOf(robots(&site.Config))},
		job{name: "sitemap.xml", source: "sitemap.xml", make: bytesOf(sitemapXML(sitemap))},
		job{name: "_headers", source: "_headers", make: bytesOf(headers(&site.Config))},
		job{name: Marker, source: Marker, make: bytesOf([]byte(markerText))},
	)
}

// recording reports whether the home page may show a promise record:
// whether the site has a ledger with notices in it.
func (b *builder) recording() bool {
	return b.site.Ledger != nil && len(b.site.Ledger.Notices) > 0
}

// homePage is the site's home page: its content/index.md, else one with
// the site's title.
func (b *builder) homePage() *content.Page {
	for _, p := range b.site.Pages {
		if p.IsHome() {
			return p
		}
	}
	return &content.Page{Path: "content/index.md", Title: b.site.Config.Title}
}

// planFiles adds the files published as they are.
func (b *builder) planFiles() {
	for _, f := range b.site.Files {
		b.jobs = append(b.jobs, job{name: strings.TrimPrefix(f, content.ContentDir+"/"), source: f, make: fileOf(b.fsys, f)})
	}
	for _, f := range b.site.Static {
		b.jobs = append(b.jobs, job{name: strings.TrimPrefix(f, content.StaticDir+"/"), source: f, make: fileOf(b.fsys, f)})
	}
}

// tasks yields the planned jobs, then one task per candidate: loaded, or
// listed by a scan and read by the worker that takes it, so that a build
// holds no more candidates' files than it has workers.
func (b *builder) tasks(yield func(task) bool) {
	for _, j := range b.jobs {
		if j.last {
			continue
		}
		if !yield(task{job: j}) {
			return
		}
	}
	for _, fb := range b.site.Feedback {
		if !yield(task{fb: fb}) {
			return
		}
	}
	for _, f := range b.site.FeedbackFiles.All() {
		if !yield(task{file: f}) {
			return
		}
	}
}

// run does every task on all cores, writing into out.
func (b *builder) run(ctx context.Context, out Output) (*Result, error) {
	reuse := b.opts.Reuse
	reuse.begin()
	next := make(chan task)
	var wg sync.WaitGroup
	for range workers() {
		wg.Go(func() {
			for t := range next {
				b.do(t, out)
			}
		})
	}
	b.feed(ctx, next)
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.errs.Append(b.clash)
	if tokens := content.CheckTokens(slices.Values(b.tokens)); b.opts.WithholdInvalid {
		b.res.Withheld.Append(tokens)
		if err := b.unpublishShared(out); err != nil {
			return nil, err
		}
	} else {
		b.errs.Append(tokens)
	}
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	if err := b.finish(out); err != nil {
		return nil, err
	}
	reuse.end()
	slices.Sort(b.res.Made)
	b.res.Warnings = b.res.Warnings.Sort()
	b.res.Withheld = b.res.Withheld.Sort()
	return &b.res, nil
}

// remover is an Output that can take back a file it wrote.
type remover interface {
	Remove(name string) error
}

// unpublishShared takes back the page of every path id two files claimed
// (one token in two files): whichever was written, it may be the wrong
// candidate's.
func (b *builder) unpublishShared(out Output) error {
	for id := range b.shared {
		r, ok := out.(remover)
		if !ok {
			return fmt.Errorf("two files share the page %s, and the output cannot take it back", content.PagePath(id))
		}
		if err := r.Remove(content.PagePath(id) + "index.html"); err != nil {
			return err
		}
		b.res.Private--
	}
	return nil
}

// finish makes the jobs left for last, once every candidate was seen:
// the promise record is worked out, and the home page made with it.
func (b *builder) finish(out Output) error {
	if !b.recording() {
		return nil
	}
	cfg := &b.site.Config
	if p, ok := b.site.Ledger.Record(b.stages, b.opts.Today.String(), cfg.PromiseWindow, cfg.SLADays, cfg.PromiseMin); ok {
		b.promise = &p
	}
	for _, j := range b.jobs {
		if j.last {
			j.key = b.keys.with(j.key, fmt.Sprintf("%+v", b.promise))
			b.do(task{job: j}, out)
		}
	}
	return b.errs.Err()
}

// feed hands the tasks to the workers until they are done or ctx ends.
func (b *builder) feed(ctx context.Context, next chan<- task) {
	for t := range b.tasks {
		select {
		case next <- t:
		case <-ctx.Done():
			return
		}
	}
}

// do is one task: resolve it to an output, produce the output's bytes,
// write them.
func (b *builder) do(t task, out Output) {
	j, ok := b.resolve(t)
	if !ok {
		return
	}
	data, err := b.produce(j)
	if err == nil {
		err = out.WriteFile(j.name, data)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.fail(j.source, err)
		return
	}
	b.res.Files++
}

// resolve turns a task into the job of its output, or false when it has
// none: a candidate whose page is not published today, or whose file has
// problems (recorded).
func (b *builder) resolve(t task) (job, bool) {
	switch {
	case t.file != "":
		fb, line, errs := content.ParseFeedbackFile(b.fsys, t.file, b.site)
		b.mu.Lock()
		if fb != nil {
			b.tokens = append(b.tokens, fb.TokenUse(line))
		}
		if b.opts.WithholdInvalid {
			b.res.Withheld.Append(errs)
		} else {
			b.errs.Append(errs)
		}
		b.mu.Unlock()
		if fb == nil || len(errs) > 0 {
			return job{}, false
		}
		return b.candidate(fb)
	case t.fb != nil:
		return b.candidate(t.fb)
	}
	return t.job, true
}

// candidate counts fb by its publication today, and returns the job of
// its page when it is published.
func (b *builder) candidate(fb *content.Feedback) (job, bool) {
	state := fb.Publication(b.opts.Today, b.opts.Drafts)
	warnings := fb.Warnings(b.opts.Today)
	b.mu.Lock()
	b.res.Warnings.Append(warnings)
	if b.recording() && fb.Owed(b.opts.Today) {
		b.stages = append(b.stages, ledger.Stage{ID: fb.ID, LastStage: fb.LastStage().String()})
	}
	if b.opts.WithholdInvalid && state == content.Published {
		// One token in two files: neither page may be trusted.
		if b.owners == nil {
			b.owners, b.shared = map[string]string{}, map[string]bool{}
		}
		if _, taken := b.owners[fb.PathID()]; taken {
			b.shared[fb.PathID()] = true
			b.mu.Unlock()
			return job{}, false
		}
		b.owners[fb.PathID()] = fb.Path
	}
	switch state {
	case content.Published:
		b.res.Private++
		if fb.Sealed {
			b.res.Sealed++
		}
	case content.Drafted:
		b.res.Drafts++
	case content.Scheduled:
		b.res.Scheduled++
	case content.Expired:
		b.res.Expired++
	}
	b.mu.Unlock()
	if state != content.Published {
		return job{}, false
	}
	r, min := b.r, b.min
	j := job{name: fb.PageFile(), source: fb.Path, key: b.keys.feedback(fb)}
	if fb.Sealed {
		// Minified inside: the script's hash is taken last.
		j.make = func(w *bytes.Buffer) error { return sealedPage(r, min, fb, w) }
	} else {
		j.mime = "text/html"
		j.make = func(w *bytes.Buffer) error { return r.Feedback(w, fb) }
	}
	return j, true
}

// produce returns the bytes of j's output: the last Generate's when it
// made them from the same inputs, else made and minified now.
func (b *builder) produce(j job) ([]byte, error) {
	reuse := b.opts.Reuse
	if data, ok := reuse.take(j.name, j.key); ok {
		return data, nil
	}
	b.mu.Lock()
	if strings.HasSuffix(j.name, ".html") {
		b.res.Rendered++
	}
	if reuse != nil {
		b.res.Made = append(b.res.Made, j.name)
	}
	b.mu.Unlock()
	// A buffer of its own for every file: the Output may keep it.
	var buf bytes.Buffer
	if err := j.make(&buf); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if b.min != nil && j.mime != "" {
		var small bytes.Buffer
		small.Grow(len(data))
		if err := b.min.Minify(j.mime, &small, bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("cannot minify %s: %w", j.name, err)
		}
		data = small.Bytes()
	}
	reuse.keep(j.name, j.key, data)
	return data, nil
}

// fail records err, made while making source's output; b.mu is held.
func (b *builder) fail(source string, err error) {
	var dl diag.List
	if errors.As(err, &dl) {
		b.errs.Append(dl)
		return
	}
	b.errs.Add(source, 1, "%v", err)
}

// collisions returns jobs without those that would write a file another
// writes already (static/robots.txt and the generated robots.txt) or that
// claim f/, and reports those. Candidates' pages are not among jobs:
// nothing else may be published under f/, and two candidates meet only
// with one token, which CheckTokens reports.
func collisions(jobs []job) ([]job, diag.List) {
	var errs diag.List
	seen := map[string]string{}
	kept := jobs[:0:0]
	for _, j := range jobs {
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
		if name+"/" == content.PrivateDir || strings.HasPrefix(name, content.PrivateDir) {
			errs.Add(j.source, 1, "would be published under %s, which is reserved for private pages", content.PrivateDir)
			continue
		}
		kept = append(kept, j)
	}
	return kept, errs
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

// mimeOf is the type a theme asset is minified as, or "" for one that is
// published as it is.
func mimeOf(name string) string {
	typ, _, _ := strings.Cut(mime.TypeByExtension(path.Ext(name)), ";")
	switch typ {
	case "text/css", "text/javascript", "text/html":
		return typ
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
