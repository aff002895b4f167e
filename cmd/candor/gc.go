package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

const (
	// gcBudget is how much a build may allocate between two collections,
	// over what it holds.
	gcBudget = 32 << 20
	// gcFloor is the least memory limit: the budget and the runtime's own
	// memory, before the first collection says what the build holds.
	gcFloor = gcBudget + 16<<20
)

// tuneGC suits the garbage collector to a streaming build, for build and
// check only (main calls it; serve holds the whole site by design). A
// build holds little (a page per worker, and the candidates' file names)
// while it allocates fast. So after every collection, a memory limit of
// what the build holds plus a fixed budget replaces Go's default of
// collecting when the heap has doubled: collections are several times
// rarer, and as the site grows they stay as frequent per page, so time
// stays linear. (A fixed soft limit would make them ever more frequent
// as the live heap nears it.) docs/performance.md has the figures.
//
// GOGC or GOMEMLIMIT, when set, win.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	tuneOnce.Do(func() {
		debug.SetGCPercent(-1) // the limit alone starts collections
		debug.SetMemoryLimit(gcFloor)
		armGCTuner()
	})
}

var tuneOnce sync.Once

// gcTick is an object that only a collection can tell unreachable: its
// cleanup runs once per collection. It holds a pointer so that it is not
// allocated among tiny objects, which share a block and so a fate.
type gcTick struct{ _ *int }

// armGCTuner sets the memory limit after the next collection, and arms
// itself again.
func armGCTuner() {
	runtime.AddCleanup(&gcTick{}, func(struct{}) {
		debug.SetMemoryLimit(gcLimit())
		armGCTuner()
	}, struct{}{})
}

// gcLimit is a memory limit under which the heap may grow to the live
// heap plus the budget. Under a limit, the runtime sets the heap's goal
// at the limit less what it spends besides objects (stacks, metadata,
// free and fragmented spans) and a margin; that difference, read from
// the limit and goal in force, is kept. Counting only the runtime's own
// memory would leave the heap less room as fragmented spans grow with
// the site.
func gcLimit() int64 {
	s := []metrics.Sample{
		{Name: "/gc/heap/goal:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	metrics.Read(s)
	for i := range s {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return gcFloor
		}
	}
	goal, live := int64(s[0].Value.Uint64()), int64(s[1].Value.Uint64())
	limit := debug.SetMemoryLimit(-1)
	besides := limit - goal
	if goal <= 0 || besides < 0 || besides > limit/2 {
		besides = gcFloor - gcBudget // not a goal the limit set
	}
	return max(besides+live+gcBudget, gcFloor)
}
