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
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

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
}

// Reuse remembers the pages of the last successful Generate.
type Reuse struct {
	mu   sync.Mutex
	prev map[string]reused
	next map[string]reused
}

type reused struct {
	key  [32]byte
	data []byte
}

// lookup returns the last build's bytes of name when they were made
// from the same inputs.
func (r *Reuse) lookup(name string, key [32]byte) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.prev[name]
	return p.data, ok && p.key == key
}

func (r *Reuse) keep(name string, key [32]byte, data []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next[name] = reused{key, data}
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
	// Made names every output made anew rather than reused, sorted.
	Made []string
}

// job is one output file.
type job struct {
	name   string // path in the output
	source string // what it is made from, for messages
	make   func(*bytes.Buffer) error
	mime   string // minified as this type; "" for as-is
	// key, when not zero, identifies the output: see Reuse.
	key [32]byte
}

// Generate renders the site into out. site must have loaded without
// errors. The error is a diag.List for problems in the site's files.
func Generate(fsys fs.FS, site *content.Site, opts Options, out Output) (*Result, error) {
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

	pageMin := min
	if opts.NoMinify {
		pageMin = nil
	}
	var sitemap []string
	for _, p := range site.Pages {
		if p.Draft && !opts.Drafts {
			continue
		}
		res.Public++
		jobs = append(jobs, job{name: p.URL + "index.html", source: p.Path, mime: "text/html", key: r.PageKey(p),
			make: func(b *bytes.Buffer) error { return r.Page(b, p) }})
		if !p.Draft {
			sitemap = append(sitemap, site.Config.BaseURL+p.URL)
		}
	}
	for _, fb := range site.Feedback {
		switch {
		case fb.Published(opts.Today, opts.Drafts) && fb.Sealed:
			res.Private++
			res.Sealed++
			// Minified inside: the script's hash is taken last.
			jobs = append(jobs, job{name: "f/" + fb.PathID() + "/index.html", source: fb.Path, key: r.FeedbackKey(fb),
				make: func(b *bytes.Buffer) error { return sealedPage(r, pageMin, fb, b) }})
		case fb.Published(opts.Today, opts.Drafts):
			res.Private++
			jobs = append(jobs, job{name: "f/" + fb.PathID() + "/index.html", source: fb.Path, mime: "text/html", key: r.FeedbackKey(fb),
				make: func(b *bytes.Buffer) error { return r.Feedback(b, fb) }})
		case fb.Draft && !opts.Drafts:
			res.Drafts++
		case !fb.PublishAfter.IsZero() && opts.Today.Before(fb.PublishAfter):
			res.Scheduled++
		default:
			res.Expired++
		}
	}
	if !hasHome(site, opts) {
		home := &content.Page{Path: "content/index.md", Title: site.Config.Title}
		jobs = append(jobs, job{name: "index.html", source: "home page", mime: "text/html",
			make: func(b *bytes.Buffer) error { return r.Page(b, home) }})
		sitemap = append([]string{site.Config.BaseURL}, sitemap...)
	}
	jobs = append(jobs,
		job{name: "404.html", source: "404 page", mime: "text/html", key: r.NotFoundKey(), make: func(b *bytes.Buffer) error { return r.NotFound(b) }},
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
	if err := collisions(jobs); err != nil {
		return nil, err
	}
	if opts.NoMinify {
		min = nil
	}
	reuse := opts.Reuse
	if reuse != nil {
		reuse.next = map[string]reused{}
		// Minified and plain pages differ, so a key covers the choice.
		for i := range jobs {
			if jobs[i].key != ([32]byte{}) && opts.NoMinify {
				jobs[i].key[0] ^= 1
			}
		}
	}
	rendered, made, err := run(jobs, min, out, reuse)
	if err != nil {
		return nil, err
	}
	res.Made = made
	if reuse != nil {
		reuse.prev, reuse.next = reuse.next, nil
	}
	res.Files = len(jobs)
	res.Rendered = rendered
	return res, nil
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
func collisions(jobs []job) error {
	var errs diag.List
	seen := map[string]string{}
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
		if strings.HasPrefix(name, "f/") && !strings.HasSuffix(j.source, ".md") {
			errs.Add(j.source, 1, "would be published under f/, which is reserved for private pages")
		}
	}
	return errs.Err()
}

// run makes every job on all cores and writes it. It returns how many
// pages it rendered rather than reused, and the names of all it made.
func run(jobs []job, min *minify.M, out Output, reuse *Reuse) (int, []string, error) {
	var (
		mu       sync.Mutex
		errs     diag.List
		made     []string
		next     = make(chan job)
		wg       sync.WaitGroup
		rendered atomic.Int64
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
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				cacheable := reuse != nil && j.key != ([32]byte{})
				if cacheable {
					if data, ok := reuse.lookup(j.name, j.key); ok {
						reuse.keep(j.name, j.key, data)
						if err := out.WriteFile(j.name, data); err != nil {
							fail(j, err)
						}
						continue
					}
				}
				if strings.HasSuffix(j.name, ".html") {
					rendered.Add(1)
				}
				mu.Lock()
				made = append(made, j.name)
				mu.Unlock()
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
				if cacheable {
					reuse.keep(j.name, j.key, data)
				}
				if err := out.WriteFile(j.name, data); err != nil {
					fail(j, err)
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	slices.Sort(made)
	return int(rendered.Load()), made, errs.Err()
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
