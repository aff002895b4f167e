package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// TestGCFollowsLiveHeap: after every collection the memory limit is what
// the program holds plus the budget, up as the live heap grows and down
// as it shrinks.
func TestGCFollowsLiveHeap(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set, and wins")
	}
	tuneGC()
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("GOGC is %d; the memory limit alone should start collections", p)
	}
	limit := func() int64 { return debug.SetMemoryLimit(-1) }
	// waitFor collects until the limit, set after the collection, holds.
	waitFor := func(what string, ok func(int64) bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !ok(limit()) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the limit is %d MiB", what, limit()>>20)
			}
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
	}
	const held = 96 << 20
	func() {
		big := make([]byte, held)
		for i := range big {
			big[i] = 1 // touched, so it is memory in use
		}
		waitFor("holding 96 MiB", func(l int64) bool { return l >= held+gcBudget })
		runtime.KeepAlive(big)
	}()
	waitFor("holding it no more", func(l int64) bool { return l < held })
}

// TestGCBudgetStaysWhole: the heap may grow by the whole budget between
// collections however much is held, even in half-empty spans, which the
// runtime counts against a memory limit (a build's records are held so).
func TestGCBudgetStaysWhole(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set, and wins")
	}
	tuneGC()
	// 64 MiB of small objects, every other one kept.
	type small [64]byte
	all := make([]*small, 1<<20)
	for i := range all {
		all[i] = new(small)
	}
	for i := 0; i < len(all); i += 2 {
		all[i] = nil
	}
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}, {Name: "/gc/heap/live:bytes"}}
	for range 5 { // a collection, then the limit it leads to
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	metrics.Read(s)
	goal, live := int64(s[0].Value.Uint64()), int64(s[1].Value.Uint64())
	if room := goal - live; room < gcBudget*9/10 {
		t.Errorf("holding %d MiB, the heap may grow by %d MiB before a collection, not the %d MiB budget", live>>20, room>>20, gcBudget>>20)
	}
	runtime.KeepAlive(all)
}
