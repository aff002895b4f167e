// Package perf measures whole builds as a user runs them: candor, Hugo
// and the bare reference pipeline (./bare) side by side, as separate
// processes over one generated corpus. Run it with make bench.
package perf

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/candor-feedback/candor/internal/corpus"
)

// runs is how many measured runs each figure is the median of, after one
// warm-up run.
const runs = 5

// measure is one figure: the median wall time and the highest peak
// resident memory over the runs.
type measure struct {
	wall time.Duration
	cpu  time.Duration // user and system time
	rss  int64         // bytes
}

func (m measure) String() string {
	return fmt.Sprintf("%.2f s, %d MiB", m.wall.Seconds(), m.rss>>20)
}

// run runs a program runs+1 times, each after prepare, and measures all
// but the first.
func run(b *testing.B, prepare func(), name string, args ...string) measure {
	b.Helper()
	report := filepath.Join(b.TempDir(), "rss")
	var ms []measure
	for i := range runs + 1 {
		prepare()
		m := timed(b, report, name, args...)
		if i == 0 {
			continue // warm-up: caches, page cache, CPU frequency
		}
		ms = append(ms, m)
	}
	return summary(ms)
}

// alternate measures two commands n times each, as run does, but in
// turn, one run of each at a time: a shared machine that slows down or speeds up during
// the measurement weighs on both alike, which matters for a ratio of
// the two.
func alternate(b *testing.B, n int, prepare func(), first, second []string) (measure, measure) {
	b.Helper()
	report := filepath.Join(b.TempDir(), "rss")
	var ms [2][]measure
	for i := range n + 1 {
		for k, cmd := range [][]string{first, second} {
			prepare()
			m := timed(b, report, cmd[0], cmd[1:]...)
			if i > 0 {
				ms[k] = append(ms[k], m)
			}
		}
	}
	return summary(ms[0]), summary(ms[1])
}

// summary is the median wall and CPU time of runs, and their highest
// peak memory.
func summary(ms []measure) measure {
	var out measure
	walls, cpus := make([]time.Duration, len(ms)), make([]time.Duration, len(ms))
	for i, m := range ms {
		walls[i], cpus[i] = m.wall, m.cpu
		out.rss = max(out.rss, m.rss)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	out.wall, out.cpu = walls[len(ms)/2], cpus[len(ms)/2]
	return out
}

// timed runs a program once and returns its wall and CPU time and peak
// memory.
// Peak memory comes from /usr/bin/time: the rusage that Go gets for a
// child it started counts the parent's memory too, since Go starts
// children with a vfork-style clone that shares the parent's pages until
// exec.
func timed(b *testing.B, report, name string, args ...string) measure {
	b.Helper()
	timer, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		b.Fatal("no /usr/bin/time for peak memory: apt-get install time")
	}
	cmd := exec.Command(timer, append([]string{"-f", "%M %U %S", "-o", report, name}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	wall := time.Since(start)
	said, err := os.ReadFile(report)
	if err != nil {
		b.Fatal(err)
	}
	var kb int64
	var user, sys float64
	if _, err := fmt.Sscan(string(said), &kb, &user, &sys); err != nil {
		b.Fatalf("/usr/bin/time said %q", said)
	}
	return measure{wall: wall, cpu: time.Duration((user + sys) * float64(time.Second)), rss: kb * 1024}
}

// tools builds candor, candor without guardrails (to measure what they
// cost) and the bare pipeline.
func tools(b *testing.B) (candor, unguarded, bare string) {
	dir := b.TempDir()
	candor, unguarded, bare = filepath.Join(dir, "candor"), filepath.Join(dir, "candor-unguarded"), filepath.Join(dir, "bare")
	for _, t := range [][]string{
		{"-o", candor, "../../cmd/candor"},
		{"-tags", "candor_noguardrails", "-o", unguarded, "../../cmd/candor"},
		{"-o", bare, "./bare"},
	} {
		if msg, err := exec.Command("go", append([]string{"build"}, t...)...).CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", strings.Join(t, " "), err, msg)
		}
	}
	return candor, unguarded, bare
}

// hugoSite makes Hugo's copy of a corpus: the same Markdown, with a
// config and a single-page template that shows what candor's page shows
// (Hugo's home page is _index.md: an index.md would make every other file
// a resource of the home page).
func hugoSite(b *testing.B, src, dst string) {
	err := filepath.WalkDir(filepath.Join(src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel == filepath.Join("content", "index.md") {
			rel = filepath.Join("content", "_index.md")
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return write(filepath.Join(dst, rel), data)
	})
	if err != nil {
		b.Fatal(err)
	}
	files := map[string]string{
		"hugo.toml": `baseURL = "https://careers.corpus.example/"
title = "Corpus Interview Guide"
disableKinds = ["taxonomy", "term", "RSS"]
`,
		"layouts/_default/single.html": `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><h1>Hi {{ .Params.candidate }},</h1><p>{{ .Params.role }}: {{ .Params.status }}</p>
<ol>{{ range .Params.stages }}<li>{{ .name }}, {{ .date }}</li>{{ end }}</ol>
<ul>{{ range .Params.strengths }}<li>{{ . }}</li>{{ end }}</ul>
<ul>{{ range .Params.improvements }}<li>{{ . }}</li>{{ end }}</ul>
{{ .Content }}</body></html>
`,
		"layouts/_default/list.html": `<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>
`,
	}
	for name, data := range files {
		if err := write(filepath.Join(dst, name), []byte(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func write(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// media are where outputs go: tmpfs, and a disk.
func media(b *testing.B) map[string]string {
	m := map[string]string{}
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		dir, err := os.MkdirTemp("/dev/shm", "candor-bench-")
		if err == nil {
			b.Cleanup(func() { os.RemoveAll(dir) })
			m["tmpfs"] = dir
		}
	}
	disk := cmp.Or(os.Getenv("CANDOR_BENCH_DISK"), "/var/tmp")
	dir, err := os.MkdirTemp(disk, "candor-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	m["disk"] = dir
	return m
}

// BenchmarkWholeBuild prints a table of cold builds by candor, Hugo and
// the bare pipeline at 1,000 and 10,000 candidates (and 100,000 with
// CANDOR_BENCH_100K=1), serve's rebuild after one saved file, and a
// verdict on each target. Run with -benchtime=1x.
func BenchmarkWholeBuild(b *testing.B) {
	candor, unguarded, bare := tools(b)
	hugo, hugoErr := exec.LookPath("hugo")
	sizes := []int{1000, 10000}
	if os.Getenv("CANDOR_BENCH_100K") == "1" {
		sizes = append(sizes, 100000)
	}
	where := media(b)
	results := map[string]measure{} // "tool/size/medium"
	for _, n := range sizes {
		src := filepath.Join(where[cmp.Or(firstKey(where, "tmpfs"), "disk")], "corpus-"+strconv.Itoa(n))
		if err := corpus.Write(src, n); err != nil {
			b.Fatal(err)
		}
		hsrc := src + "-hugo"
		if hugoErr == nil && n <= 10000 {
			hugoSite(b, src, hsrc)
		}
		for medium, dir := range where {
			if n > 10000 && medium != "tmpfs" && len(where) > 1 {
				continue // 2 GB per build, and no target: tmpfs only
			}
			dest := filepath.Join(dir, fmt.Sprintf("out-%d", n))
			clean := func() { os.RemoveAll(dest) }
			key := func(tool string) string { return fmt.Sprintf("%s/%d/%s", tool, n, medium) }
			results[key("candor")] = run(b, clean, candor, "build", "--source", src, "--dest", dest, "--today", corpus.Today)
			results[key("bare")] = run(b, clean, bare, src, dest)
			if hugoErr == nil && n <= 10000 {
				results[key("hugo")] = run(b, clean, hugo, "--source", hsrc, "--destination", dest, "--minify", "--quiet")
			}
			os.RemoveAll(dest)
		}
		if n <= 10000 {
			results[fmt.Sprintf("serve/%d/tmpfs", n)] = serveRebuild(b, candor, src, n)
		}
		if dir, ok := where["tmpfs"]; ok && n == 10000 {
			// What guardrails cost: builds with and without them, in turn.
			dest := filepath.Join(dir, "out-guard")
			build := func(bin string) []string {
				return []string{bin, "build", "--source", src, "--dest", dest, "--today", corpus.Today}
			}
			results["guarded/10000/tmpfs"], results["unguarded/10000/tmpfs"] = alternate(b, 2*runs, func() { os.RemoveAll(dest) }, build(candor), build(unguarded))
		}
	}
	if dir, ok := where["tmpfs"]; ok && slices.Contains(sizes, 100000) {
		// How time grows: 10,000 and 100,000 in turn.
		build := func(n int) []string {
			return []string{candor, "build", "--source", filepath.Join(dir, fmt.Sprintf("corpus-%d", n)), "--dest", filepath.Join(dir, fmt.Sprintf("out-%d", n)), "--today", corpus.Today}
		}
		clean := func() {
			os.RemoveAll(filepath.Join(dir, "out-10000"))
			os.RemoveAll(filepath.Join(dir, "out-100000"))
		}
		results["turns/10000/tmpfs"], results["turns/100000/tmpfs"] = alternate(b, runs, clean, build(10000), build(100000))
	}
	report(results, sizes, hugoErr)
}

// rebuiltRE is serve's report of a rebuild.
var rebuiltRE = regexp.MustCompile(`rebuilt in ([0-9.]+[a-zµ]+):`)

// serveRebuild runs candor serve on the corpus, as a recruiter does, and
// saves one candidate's file runs+1 times; the figure is the median of
// the rebuild times serve reports, after the first (the first rebuild
// after the watch begins looks at every file: nothing was watched
// before it). Each save waits for the last one's rebuild.
func serveRebuild(b *testing.B, candor, src string, n int) measure {
	cmd := exec.Command(candor, "serve", "--source", src, "--addr", "127.0.0.1:0", "--today", corpus.Today)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "Serving ") {
				ready <- true
			}
		}
	}()
	took := make(chan time.Duration, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := rebuiltRE.FindStringSubmatch(sc.Text()); m != nil {
				d, _ := time.ParseDuration(m[1])
				took <- d
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(2 * time.Minute):
		b.Fatal("candor serve did not start")
	}
	time.Sleep(500 * time.Millisecond) // the watcher sets itself up
	id, text := corpus.Feedback(n / 3)
	file := filepath.Join(src, "content", "feedback", id+".md")
	defer os.WriteFile(file, []byte(text), 0o644)
	var times []time.Duration
	for i := range runs + 1 {
		edited := strings.Replace(text, "## In detail", fmt.Sprintf("## In detail (saved %d)", i), 1)
		if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case d := <-took:
			if i > 0 {
				times = append(times, d)
			}
		case <-time.After(time.Minute):
			b.Fatal("candor serve did not rebuild after a save")
		}
		time.Sleep(200 * time.Millisecond) // apart: one rebuild each
	}
	slices.Sort(times)
	return measure{wall: times[len(times)/2]}
}

func firstKey(m map[string]string, k string) string {
	if _, ok := m[k]; ok {
		return k
	}
	return ""
}

func report(r map[string]measure, sizes []int, hugoErr error) {
	fmt.Printf("\n| build | candidates | output | candor | Hugo | bare pipeline | candor / Hugo | candor / bare |\n|---|---:|---|---:|---:|---:|---:|---:|\n")
	for _, n := range sizes {
		for _, medium := range []string{"tmpfs", "disk"} {
			c, ok := r[fmt.Sprintf("candor/%d/%s", n, medium)]
			if !ok {
				continue
			}
			h, hok := r[fmt.Sprintf("hugo/%d/%s", n, medium)]
			bare := r[fmt.Sprintf("bare/%d/%s", n, medium)]
			hs, hr := "not run", "-"
			if hok {
				hs, hr = h.String(), fmt.Sprintf("%.2fx", c.wall.Seconds()/h.wall.Seconds())
			}
			fmt.Printf("| cold | %d | %s | %s | %s | %s | %s | %.2fx |\n", n, medium, c, hs, bare, hr, c.wall.Seconds()/bare.wall.Seconds())
		}
		if sv, ok := r[fmt.Sprintf("serve/%d/tmpfs", n)]; ok {
			fmt.Printf("| serve, one file saved | %d | tmpfs | %d ms | | | | |\n", n, sv.wall.Milliseconds())
		}
	}
	if hugoErr != nil {
		fmt.Printf("\nHugo was not run: %v (apt-get install hugo)\n", hugoErr)
	}
	fmt.Printf("\nTargets (tmpfs):\n")
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT MET"
	}
	c10, b10 := r["candor/10000/tmpfs"], r["bare/10000/tmpfs"]
	if h10, ok := r["hugo/10000/tmpfs"]; ok {
		x := c10.wall.Seconds() / h10.wall.Seconds()
		fmt.Printf("- cold 10,000 at most 0.5x Hugo: %.2fx, %s\n", x, verdict(x <= 0.5))
	}
	x := c10.wall.Seconds() / b10.wall.Seconds()
	fmt.Printf("- cold 10,000 at most 1.5x the bare pipeline: %.2fx, %s\n", x, verdict(x <= 1.5))
	fmt.Printf("- peak memory at 10,000 at most 100 MiB: %d MiB, %s\n", c10.rss>>20, verdict(c10.rss <= 100<<20))
	if c100, ok := r["candor/100000/tmpfs"]; ok {
		fmt.Printf("- peak memory at 100,000 at most twice 10,000's: %d MiB vs %d MiB, %s\n", c100.rss>>20, c10.rss>>20, verdict(c100.rss <= 2*c10.rss))
		t10, t100 := r["turns/10000/tmpfs"], r["turns/100000/tmpfs"]
		y := t100.wall.Seconds() / t10.wall.Seconds()
		fmt.Printf("- 100,000 within 11x of 10,000, built in turn: %s vs %s, %.1fx, %s (from the table, measured minutes apart: %.1fx)\n",
			t100, t10, y, verdict(y <= 11), c100.wall.Seconds()/c10.wall.Seconds())
	}
	if g, ok := r["guarded/10000/tmpfs"]; ok {
		u := r["unguarded/10000/tmpfs"]
		w, c := g.wall.Seconds()/u.wall.Seconds()-1, g.cpu.Seconds()/u.cpu.Seconds()-1
		fmt.Printf("- guardrails at most 5%% of a cold 10,000 build, built in turn: %.2f s vs %.2f s without, %+.1f%% (CPU time %.2f s vs %.2f s, %+.1f%%), %s\n",
			g.wall.Seconds(), u.wall.Seconds(), 100*w, g.cpu.Seconds(), u.cpu.Seconds(), 100*c, verdict(w <= 0.05))
	}
	sv := r["serve/10000/tmpfs"].wall
	fmt.Printf("- serve's one-file rebuild at 10,000 under 50 ms: %d ms, %s\n", sv.Milliseconds(), verdict(sv < 50*time.Millisecond))
}
