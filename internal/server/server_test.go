package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/sitetest"
	"github.com/candor-feedback/candor/internal/token"
)

const site = `
-- candor.yaml --
title: Acme Interview Guide
base_url: https://jobs.acme.example/
-- content/index.md --
---
title: Home
---
Welcome.
-- content/guide/stages.md --
---
title: Stages
---
Two stages.
-- content/feedback/ada.md --
---
candidate: Ada Moreno
role: Backend Engineer
token: uhfumvgu6h4pq4n4pqglnh7bm3
status: withdrawn
stages: [{name: Call, date: 2026-01-05}]
strengths: [Clear reasoning]
---
First version.
-- content/feedback/bo.md --
---
candidate: Bo Lind
role: Designer
token: 24y53ieahaw7rhl25vypxlihhg
status: advancing
draft: true
stages: [{name: Call, date: 2026-01-06}]
---
`

var adaPath = "/f/" + token.PathID("uhfumvgu6h4pq4n4pqglnh7bm3") + "/"

// writeSite writes a site kept as a txtar archive into a new folder.
var writeSite = sitetest.Write

// start serves the site in dir on 127.0.0.1:0 and watches it until the
// test ends.
func start(t *testing.T, dir string, opts Options) (*Server, string) {
	t.Helper()
	opts.Source = dir
	opts.Today = func() content.Date { d, _, _ := content.ParseDate("2026-01-10"); return d }
	if opts.PollEvery == 0 {
		opts.PollEvery = 50 * time.Millisecond
	}
	opts.Logf = t.Logf
	s := New(opts)
	s.Rebuild(context.Background())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	ctx, cancel := context.WithCancel(context.Background())
	watching := make(chan struct{})
	go func() {
		s.Watch(ctx)
		close(watching)
	}()
	t.Cleanup(func() {
		cancel()
		<-watching
		srv.Close()
	})
	<-s.Watching() // before the test edits anything
	return s, "http://" + ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitFor polls until ok holds; file events take a moment.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func write(t *testing.T, p, data string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

const pageText = "---\ntitle: Stages\n---\n"

// TestEditorSaves changes files the ways editors and tools do, and sees
// the new content served each time, with the system's file events and
// with polling.
func TestEditorSaves(t *testing.T) {
	for _, poll := range []bool{false, true} {
		name := "watch"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			dir := writeSite(t, site)
			_, base := start(t, dir, Options{Poll: poll})
			stages := filepath.Join(dir, "content", "guide", "stages.md")
			saves := []struct {
				name string
				url  string
				save func(marker string)
			}{
				{"write in place", "/guide/stages/", func(m string) { write(t, stages, pageText+m) }},
				{"write and rename over (vim, VS Code)", "/guide/stages/", func(m string) {
					tmp := stages + ".tmp~"
					write(t, tmp, pageText+m)
					if err := os.Rename(tmp, stages); err != nil {
						t.Fatal(err)
					}
				}},
				{"remove then create", "/guide/stages/", func(m string) {
					os.Remove(stages)
					write(t, stages, pageText+m)
				}},
				{"a file in a new folder", "/guide/new/deeper/page/", func(m string) {
					write(t, filepath.Join(dir, "content", "guide", "new", "deeper", "page.md"), "---\ntitle: New\n---\n"+m)
				}},
				{"a file in a folder that is new to the site", "/team/", func(m string) {
					os.MkdirAll(filepath.Join(dir, "content", "team"), 0o755)
					write(t, filepath.Join(dir, "content", "team", "index.md"), "---\ntitle: Team\n---\n"+m)
				}},
				{"a candidate's file", adaPath, func(m string) {
					src, _ := os.ReadFile(filepath.Join(dir, "content", "feedback", "ada.md"))
					write(t, filepath.Join(dir, "content", "feedback", "ada.md"), strings.Replace(string(src), "First version.", m, 1))
				}},
				{"a new candidate's file", "/f/" + token.PathID("u5y67mtjuwxwacxlmhk2jenttp") + "/", func(m string) {
					write(t, filepath.Join(dir, "content", "feedback", "cy.md"), "---\ncandidate: Cy Moss\nrole: Designer\ntoken: u5y67mtjuwxwacxlmhk2jenttp\nstatus: withdrawn\nstages: [{name: Call, date: 2026-01-06}]\n---\n"+m)
				}},
				{"the config", "/", func(m string) {
					write(t, filepath.Join(dir, "candor.yaml"), "title: "+m+"\nbase_url: https://jobs.acme.example/\n")
				}},
			}
			for i, sv := range saves {
				marker := "Marker" + string(rune('A'+i)) + name
				sv.save(marker)
				waitFor(t, sv.name+" shows on "+sv.url, func() bool {
					code, body := get(t, base+sv.url)
					return code == 200 && strings.Contains(body, marker)
				})
			}
		})
	}
}

// events reads a page's event stream into a channel.
func events(t *testing.T, base string) <-chan string {
	t.Helper()
	resp, err := http.Get(base + "/_candor/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	out := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				out <- ev + " " + line[len("data: "):]
			}
		}
		close(out)
	}()
	return out
}

func next(t *testing.T, ch <-chan string, prefix string) string {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("the event stream ended before %q", prefix)
			}
			if strings.HasPrefix(e, prefix) {
				return e
			}
		case <-timeout:
			t.Fatalf("no %q event", prefix)
		}
	}
}

func TestReloadEvents(t *testing.T) {
	dir := writeSite(t, site)
	_, base := start(t, dir, Options{})
	ch := events(t, base)

	// A candidate's page changes: only that page.
	p := filepath.Join(dir, "content", "feedback", "ada.md")
	src, _ := os.ReadFile(p)
	write(t, p, strings.Replace(string(src), "First version.", "Second version.", 1))
	e := next(t, ch, "reload ")
	var d struct {
		All   bool
		Paths []string
	}
	json.Unmarshal([]byte(strings.TrimPrefix(e, "reload ")), &d)
	if d.All || len(d.Paths) != 1 || d.Paths[0] != adaPath {
		t.Errorf("reload event %s, want only %s", e, adaPath)
	}

	// A layout changes: every page of that kind.
	write(t, filepath.Join(dir, "layouts", "page.html"), `{{define "main"}}<h1>{{.Page.Title}}!</h1>{{end}}`)
	e = next(t, ch, "reload ")
	if !strings.Contains(e, `"/guide/stages/"`) || strings.Contains(e, adaPath) {
		t.Errorf("after a layout change: %s", e)
	}

	// A stylesheet changes: its name, so every page.
	write(t, filepath.Join(dir, "themes", "default", "assets", "candor.css"), "body { color: red }")
	e = next(t, ch, "reload ")
	for _, want := range []string{`"/"`, `"/guide/stages/"`, adaPath} {
		if !strings.Contains(e, want) {
			t.Errorf("after a CSS change, %s lacks %s", e, want)
		}
	}
}

func TestBrokenEditKeepsServing(t *testing.T) {
	dir := writeSite(t, site)
	s, base := start(t, dir, Options{})
	ch := events(t, base)
	p := filepath.Join(dir, "content", "feedback", "ada.md")
	good, _ := os.ReadFile(p)

	write(t, p, strings.Replace(string(good), "status: withdrawn", "status: maybe", 1))
	e := next(t, ch, "problems ")
	want := `content/feedback/ada.md:5: status must be one of advancing, offer, not-selected, on-hold or withdrawn`
	if !strings.Contains(e, want) {
		t.Errorf("problems event %s lacks %s", e, want)
	}
	// The last good build, with the overlay's script and the problems.
	code, body := get(t, base+adaPath)
	if code != 200 || !strings.Contains(body, "First version.") || !strings.Contains(body, `<script src="/_candor/live.js?v=`) {
		t.Errorf("during the breakage: %d\n%s", code, body)
	}
	if _, js := get(t, base+"/_candor/live.js"); !strings.Contains(js, "candor-problems") {
		t.Error("the script shows no overlay")
	}
	if _, problems := get(t, base+"/_candor/problems"); !strings.Contains(problems, want) {
		t.Errorf("/_candor/problems = %s", problems)
	}
	if len(s.Problems()) != 1 {
		t.Errorf("problems = %v", s.Problems())
	}

	// Fixed: the overlay goes and every page reloads.
	write(t, p, strings.Replace(string(good), "First version.", "Fixed version.", 1))
	if e := next(t, ch, "problems "); e != "problems []" {
		t.Errorf("after the fix: %s", e)
	}
	if e := next(t, ch, "reload "); !strings.Contains(e, `"all":true`) {
		t.Errorf("after the fix: %s", e)
	}
	if _, body := get(t, base+adaPath); !strings.Contains(body, "Fixed version.") {
		t.Error("the fix is not served")
	}
}

func TestBrokenFromTheStart(t *testing.T) {
	dir := writeSite(t, site+"-- content/guide/bad.md --\n---\nweight: 1\n---\n")
	_, base := start(t, dir, Options{})
	code, body := get(t, base+"/")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "/_candor/live.js") {
		t.Errorf("%d\n%s", code, body)
	}
	if _, p := get(t, base+"/_candor/problems"); !strings.Contains(p, "content/guide/bad.md:1: title is required") {
		t.Errorf("problems: %s", p)
	}
	os.Remove(filepath.Join(dir, "content", "guide", "bad.md"))
	waitFor(t, "the site to build", func() bool { code, _ := get(t, base+"/"); return code == 200 })
}

func TestServing(t *testing.T) {
	dir := writeSite(t, site)
	_, base := start(t, dir, Options{})
	tests := []struct {
		path string
		code int
		has  string
	}{
		{"/", 200, "Welcome."},
		{"/guide/stages/", 200, "Two stages."},
		{"/guide/stages", 200, "Two stages."}, // redirected
		{"/no/such/page/", 404, "We can’t find that page"},
		{"/robots.txt", 200, "Disallow: /f/"},
		{adaPath, 200, "Hi Ada,"},
		{"/_candor/", 200, "Preview: every candidate"},
	}
	for _, tt := range tests {
		code, body := get(t, base+tt.path)
		if code != tt.code || !strings.Contains(body, tt.has) {
			t.Errorf("%s: %d, want %d with %q", tt.path, code, tt.code, tt.has)
		}
	}
	// The preview index lists every candidate; a draft without --drafts
	// has no link.
	_, index := get(t, base+"/_candor/")
	for _, want := range []string{"Ada Moreno", `href="` + adaPath + `"`, "Bo Lind", "draft: run serve --drafts"} {
		if !strings.Contains(index, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	// Scripts run in the preview only because its CSP lets them.
	_, page := get(t, base+"/")
	if !strings.Contains(page, "script-src 'self'") && !strings.Contains(page, "script-src &#39;self&#39;") {
		t.Error("the preview's CSP would block the live-reload script")
	}
	resp, _ := http.Post(base+"/", "text/plain", nil)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestDrafts(t *testing.T) {
	dir := writeSite(t, site)
	_, base := start(t, dir, Options{Drafts: true})
	bo := "/f/" + token.PathID("24y53ieahaw7rhl25vypxlihhg") + "/"
	if code, body := get(t, base+bo); code != 200 || !strings.Contains(body, "Draft preview") {
		t.Errorf("draft: %d", code)
	}
	if _, index := get(t, base+"/_candor/"); !strings.Contains(index, `href="`+bo+`"`) {
		t.Error("index does not link the draft")
	}
}

// TestWritesNothing: serve never writes into the site, nor a public/.
func TestWritesNothing(t *testing.T) {
	dir := writeSite(t, site)
	list := func() string {
		var b strings.Builder
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			b.WriteString(p + "\n")
			return nil
		})
		return b.String()
	}
	before := list()
	s, base := start(t, dir, Options{Drafts: true})
	get(t, base+"/")
	get(t, base+"/_candor/")
	s.Rebuild(context.Background())
	if after := list(); after != before {
		t.Errorf("serve wrote files:\n%s", after)
	}
}

func TestShutdownEndsEventStreams(t *testing.T) {
	dir := writeSite(t, site)
	s := New(Options{Source: dir, Quiet: 10 * time.Millisecond})
	s.Rebuild(context.Background())
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Watch(ctx)
	}()
	ch := events(t, "http://"+ln.Addr().String())
	<-s.Watching()
	cancel()
	wg.Wait()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				// Streams closed: a graceful shutdown has nothing to wait for.
				shutdown, stop := context.WithTimeout(context.Background(), 2*time.Second)
				defer stop()
				if err := srv.Shutdown(shutdown); err != nil {
					t.Errorf("shutdown: %v", err)
				}
				return
			}
		case <-timeout:
			t.Fatal("the event stream stayed open after Watch returned")
		}
	}
}

// TestVersion: every page tells which build it came from, so a page that
// missed an event (it was loading) sees from /_candor/state that it is
// behind; a failed rebuild does not count as a new version.
func TestVersion(t *testing.T) {
	dir := writeSite(t, site)
	_, base := start(t, dir, Options{})
	v := regexp.MustCompile(`live\.js\?v=(\d+)`)
	_, page := get(t, base+adaPath)
	m := v.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the page does not carry its version")
	}
	state := func() (int, []string) {
		var s struct {
			Version  int
			Problems []string
		}
		_, body := get(t, base+"/_candor/state")
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			t.Fatal(err)
		}
		return s.Version, s.Problems
	}
	before, _ := state()
	if strconv.Itoa(before) != m[1] {
		t.Errorf("page version %s, state %d", m[1], before)
	}
	p := filepath.Join(dir, "content", "feedback", "ada.md")
	good, _ := os.ReadFile(p)
	write(t, p, strings.Replace(string(good), "First version.", "Second.", 1))
	waitFor(t, "a new version", func() bool { n, _ := state(); return n == before+1 })
	write(t, p, strings.Replace(string(good), "status: withdrawn", "status: maybe", 1))
	waitFor(t, "the problems", func() bool { _, p := state(); return len(p) == 1 })
	if n, _ := state(); n != before+1 {
		t.Errorf("a failed rebuild changed the version to %d", n)
	}
}

func TestFallsBackToPolling(t *testing.T) {
	dir := writeSite(t, site)
	var mu sync.Mutex
	var logged []string
	s := New(Options{Source: dir, PollEvery: 50 * time.Millisecond, Logf: func(f string, a ...any) {
		mu.Lock()
		logged = append(logged, fmt.Sprintf(f, a...))
		mu.Unlock()
	}})
	s.newWatcher = func() (*fsnotify.Watcher, error) {
		return nil, errors.New("too many open files")
	}
	s.Rebuild(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Watch(ctx)
	<-s.Watching()
	p := filepath.Join(dir, "content", "guide", "stages.md")
	write(t, p, pageText+"Polled.")
	waitFor(t, "the change, by polling", func() bool {
		return strings.Contains(string(s.files0("guide/stages/index.html")), "Polled.")
	})
	mu.Lock()
	defer mu.Unlock()
	if len(logged) == 0 || !strings.Contains(logged[0], "cannot watch the site's files (too many open files): looking for changes every 50ms instead") {
		t.Errorf("logged %q", logged)
	}
}

// TestBurstIsOneRebuild: a git checkout or a save-all writes many files
// at once; that is one rebuild, and one reload.
func TestBurstIsOneRebuild(t *testing.T) {
	dir := writeSite(t, site)
	_, base := start(t, dir, Options{Quiet: 300 * time.Millisecond})
	ch := events(t, base)
	for i := range 12 {
		write(t, filepath.Join(dir, "content", "guide", fmt.Sprintf("page%02d.md", i)), fmt.Sprintf("---\ntitle: Page %d\n---\n", i))
	}
	next(t, ch, "reload ")
	select {
	case e := <-ch:
		t.Errorf("a second event after one burst: %s", e)
	case <-time.After(time.Second):
	}
}

// files0 returns one file of the last good build.
func (s *Server) files0(name string) []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.files[name]
}

// TestSeen: a rebuild is told what changed only while a watcher reports,
// and never right after the watch began or events were lost.
func TestSeen(t *testing.T) {
	var s seen
	s.add("content/a.md")
	if _, ok := s.take(); ok {
		t.Error("with no watcher, a rebuild was told what changed")
	}
	s.watch()
	if _, ok := s.take(); ok {
		t.Error("the first rebuild after the watch began was told what changed")
	}
	s.add("content/a.md")
	s.add("content/b.md")
	if paths, ok := s.take(); !ok || !slices.Equal(paths, []string{"content/a.md", "content/b.md"}) {
		t.Errorf("take() = %v, %v", paths, ok)
	}
	if paths, ok := s.take(); !ok || len(paths) != 0 {
		t.Errorf("nothing since: take() = %v, %v", paths, ok)
	}
	s.add("content/c.md")
	s.lose()
	if _, ok := s.take(); ok {
		t.Error("after events were lost, a rebuild was told what changed")
	}
}
