// Package server previews a site the way candidates will see it: it
// builds in memory, serves over HTTP, rebuilds when a file changes, and
// tells open browsers to reload. It never writes a file.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/candor-feedback/candor/internal/build"
	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
)

// Options configure a Server. The zero value of every field but Source
// works.
type Options struct {
	// Source is the site's folder.
	Source string
	// Drafts builds drafts too.
	Drafts bool
	// Today is the day to build for; nil means the clock's, asked at
	// every rebuild.
	Today func() content.Date
	// Poll looks for changes every PollEvery instead of asking the
	// system to report them; Watch falls back to it by itself when it
	// cannot watch.
	Poll      bool
	PollEvery time.Duration
	// Quiet is how long a burst of file events must pause before the
	// rebuild starts.
	Quiet time.Duration
	// Logf reports rebuilds and trouble; nil means silence.
	Logf func(format string, args ...any)
}

// Server serves the last good build of a site. It is an http.Handler.
type Server struct {
	opts  Options
	cache content.Cache
	reuse build.Reuse
	hub   hub

	// rebuilding serialises rebuilds; mu guards what they publish.
	rebuilding sync.Mutex
	mu         sync.RWMutex
	files      map[string][]byte // the last good build
	site       *content.Site     // and what it was built from
	today      content.Date
	problems   diag.List // of the latest rebuild; empty when it succeeded
	warnings   diag.List // of the last good build
	// version counts the builds that changed something; every page
	// served carries it, so a page that missed an event can tell.
	version int

	// seen is what the file watcher saw change since the last rebuild.
	seen seen

	// newWatcher starts the system's file watching; a test replaces it
	// to see the fallback to polling.
	newWatcher func() (*fsnotify.Watcher, error)
	// watching is closed once Watch sees every change.
	watching chan struct{}
}

// seen gathers the paths a file watcher reports, for the next rebuild to
// look at those alone (content.Cache.Changed) instead of every file.
type seen struct {
	mu       sync.Mutex
	watching bool // a watcher reports to it; else nothing is seen
	paths    []string
	// all says the rebuild must look at everything: events were lost, or
	// a folder appeared whose files came unseen.
	all bool
}

// watch starts the gathering. What changed before the watch began went
// unseen, so the first rebuild looks at everything.
func (s *seen) watch() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.watching, s.all = true, true
}

func (s *seen) add(p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paths = append(s.paths, p)
}

func (s *seen) lose() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all = true
}

// take returns what was seen since the last take, or false when the next
// rebuild must look at everything.
func (s *seen) take() ([]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	paths, all := s.paths, s.all
	s.paths, s.all = nil, false
	return paths, s.watching && !all
}

// New returns a Server for a site; call Rebuild before serving.
func New(opts Options) *Server {
	if opts.Today == nil {
		opts.Today = func() content.Date { return content.DateOf(time.Now()) }
	}
	if opts.Quiet == 0 {
		opts.Quiet = 50 * time.Millisecond
	}
	if opts.PollEvery == 0 {
		opts.PollEvery = time.Second
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	s := &Server{opts: opts, hub: hub{clients: map[chan event]bool{}}, watching: make(chan struct{})}
	s.newWatcher = s.watchTree
	return s
}

// Result says what one rebuild did.
type Result struct {
	// Changed are the URL paths whose content changed, like /f/abc/.
	Changed  []string
	Rendered int
	Took     time.Duration
}

// Rebuild builds the site again. When it fails, the last good build stays
// served, and the problems go to every open page; the error is then a
// diag.List or a failure to read the site, or ctx's error when it ended
// first.
func (s *Server) Rebuild(ctx context.Context) (*Result, error) {
	s.rebuilding.Lock()
	defer s.rebuilding.Unlock()
	start := time.Now()
	today := s.opts.Today()
	if paths, ok := s.seen.take(); ok {
		s.cache.Changed(paths)
	}
	mem, site, res, err := s.generate(ctx, today)
	if ctx.Err() != nil {
		return nil, ctx.Err() // stopped: nothing to tell the pages
	}
	s.mu.Lock()
	if err != nil {
		var list diag.List
		if !errors.As(err, &list) {
			list = diag.List{{Path: s.opts.Source, Line: 1, Msg: err.Error()}}
		}
		s.problems = list
		s.mu.Unlock()
		s.hub.send(event{name: "problems", data: s.problemsJSON(list)})
		return nil, err
	}
	hadProblems := len(s.problems) > 0
	changed := changedPaths(s.files, mem.Files, res.Made)
	s.files, s.site, s.today, s.problems, s.warnings = mem.Files, site, today, nil, res.Warnings
	if len(changed) > 0 || hadProblems {
		s.version++
	}
	s.mu.Unlock()

	if hadProblems {
		s.hub.send(event{name: "problems", data: s.problemsJSON(nil)})
	}
	if len(changed) > 0 || hadProblems {
		data, _ := json.Marshal(map[string]any{"paths": changed, "all": hadProblems})
		s.hub.send(event{name: "reload", data: string(data)})
	}
	return &Result{Changed: changed, Rendered: res.Rendered, Took: time.Since(start)}, nil
}

func (s *Server) generate(ctx context.Context, today content.Date) (*build.Memory, *content.Site, *build.Result, error) {
	root, err := os.OpenRoot(s.opts.Source)
	if err != nil {
		return nil, nil, nil, err
	}
	defer root.Close()
	site, errs := content.LoadCached(root.FS(), &s.cache)
	if len(errs) > 0 {
		return nil, nil, nil, errs
	}
	mem := build.NewMemory(len(s.files)) // s.files changes only in Rebuild, which holds s.rebuilding
	res, err := build.Generate(ctx, root.FS(), site, build.Options{Today: today, Drafts: s.opts.Drafts, Reuse: &s.reuse}, mem)
	if err != nil {
		return nil, nil, nil, err
	}
	return mem, site, res, nil
}

// changedPaths lists the URL paths of the files that differ between two
// builds, sorted. Only files made anew can differ from the last build's:
// a reused one is the same bytes.
func changedPaths(old, new map[string][]byte, made []string) []string {
	var out []string
	for _, name := range made {
		if prev, ok := old[name]; !ok || !bytes.Equal(prev, new[name]) {
			out = append(out, urlPath(name))
		}
	}
	for name := range old {
		if _, ok := new[name]; !ok {
			out = append(out, urlPath(name))
		}
	}
	slices.Sort(out)
	return out
}

// urlPath is the address a file is served at: f/x/index.html is /f/x/.
func urlPath(name string) string {
	if name == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(name, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + name
}

// Problems returns the problems of the latest rebuild.
func (s *Server) Problems() diag.List {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.problems)
}

func (s *Server) problemsJSON(list diag.List) string {
	lines := []string{}
	for _, p := range list {
		lines = append(lines, p.Error())
	}
	data, _ := json.Marshal(lines)
	return string(data)
}

// Prefix is where serve's own pages live; a site never publishes it.
const Prefix = "/_candor/"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !hostAllowed(r) {
		// A page on another site whose name was made to resolve here
		// (DNS rebinding) must never read a candidate's page.
		http.Error(w, "candor serve answers only requests addressed to it by its own address, such as http://127.0.0.1:1313/", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case Prefix:
		s.serveIndex(w, r)
		return
	case Prefix + "events":
		s.hub.serve(w, r)
		return
	case Prefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write([]byte(liveJS))
		return
	case Prefix + "problems":
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(s.problemsJSON(s.Problems())))
		return
	}
	if id, ok := strings.CutPrefix(r.URL.Path, Prefix+"mail/"); ok {
		s.serveMail(w, id)
		return
	}
	switch r.URL.Path {
	case Prefix + "state":
		s.mu.RLock()
		version, problems, warnings := s.version, s.problems, s.warnings
		s.mu.RUnlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"version":%d,"problems":%s,"warnings":%s}`, version, s.problemsJSON(problems), s.problemsJSON(warnings))
		return
	}
	s.serveFile(w, r)
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	files, version := s.files, s.version
	s.mu.RUnlock()
	if files == nil {
		// Not one good build yet: all there is to show is what is wrong.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(inject([]byte(problemsPage), version))
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") || name == "" {
		name = strings.TrimPrefix(name+"/index.html", "/")
	}
	data, ok := files[name]
	if !ok {
		if _, dir := files[name+"/index.html"]; dir {
			// From the cleaned name: "//guide/stages" must not become
			// "//guide/stages/", an address on another host.
			http.Redirect(w, r, "/"+name+"/", http.StatusMovedPermanently)
			return
		}
		name = "404.html"
		data = files[name]
		w.WriteHeader(http.StatusNotFound)
	}
	typ := mimeType(name)
	w.Header().Set("Content-Type", typ)
	if strings.HasPrefix(typ, "text/html") {
		data = inject(data, version)
	}
	w.Write(data)
}

func mimeType(name string) string {
	ext := path.Ext(name)
	if ext == "" {
		return "text/plain; charset=utf-8" // _headers, CNAME, robots-like files
	}
	if typ := mime.TypeByExtension(ext); typ != "" {
		return typ
	}
	return "application/octet-stream"
}

// inject adds the live-reload script to a page, and lets the page's
// Content-Security-Policy run it: in the preview only, never in a build.
// A sealed page allows its own script already; 'self' joins that
// directive, since a second script-src would be ignored. The script's
// address carries the build's version.
func inject(page []byte, version int) []byte {
	for _, q := range []string{"&#39;", "'"} {
		self := []byte("script-src " + q + "self" + q)
		if bytes.Contains(page, []byte("script-src ")) {
			page = bytes.Replace(page, []byte("script-src "), append(self, ' '), 1)
			self = nil
		} else {
			self = append(self, ';', ' ')
		}
		none := []byte("default-src " + q + "none" + q + ";")
		page = bytes.Replace(page, none, slices.Concat(none, []byte(" "), self, []byte("connect-src "+q+"self"+q+";")), 1)
	}
	tag := []byte(`<script src="` + Prefix + `live.js?v=` + strconv.Itoa(version) + `"></script>`)
	if i := bytes.LastIndex(page, []byte("</body>")); i >= 0 {
		return slices.Concat(page[:i], tag, page[i:])
	}
	return append(page, tag...)
}

// hostAllowed reports whether r names the address it came in on: on a
// loopback address, localhost or a loopback address with the port it
// listens on; on any other, that address and port. No other name can
// reach the preview, so a page that rebinds its own name to this
// computer's address reads nothing.
func hostAllowed(r *http.Request) bool {
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	lhost, lport, err := net.SplitHostPort(local.String())
	if err != nil {
		return false
	}
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = strings.Trim(r.Host, "[]"), "80"
	}
	if port != lport {
		return false
	}
	lip, ip := net.ParseIP(lhost), net.ParseIP(host)
	if lip != nil && lip.IsLoopback() {
		return strings.EqualFold(host, "localhost") || ip != nil && ip.IsLoopback()
	}
	return ip != nil && ip.Equal(lip)
}
