// Command candor builds candidate feedback portals: a public interview
// guide and one private feedback page per candidate, from Markdown files.
package main

import (
	"context"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	// SIGINT (Ctrl-C) and SIGTERM end the context; the command stops and
	// leaves the output as it was. serve then stops as usual; any other
	// command exits with 128 + the signal's number, at the latest a
	// second later (or at a second signal), whatever it is doing.
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	var caught atomic.Int32
	serving := len(os.Args) > 1 && os.Args[1] == "serve"
	go func() {
		sig := <-signals
		caught.Store(int32(signalNumber(sig)))
		cancel()
		if serving {
			return
		}
		select {
		case <-signals:
		case <-time.After(time.Second):
		}
		os.Stderr.WriteString("candor: stopped\n")
		os.Exit(128 + signalNumber(sig))
	}()
	if len(os.Args) > 1 && (os.Args[1] == "build" || os.Args[1] == "check") {
		tuneGC()
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	// notify reports a stopped run as every failed run, with status 1
	// and the notices not sent (SPEC.md).
	notifying := len(os.Args) > 1 && os.Args[1] == "notify"
	if n := caught.Load(); n != 0 && !serving && !notifying {
		code = 128 + int(n)
	}
	os.Exit(code)
}

// signalNumber is sig's number: 2 for SIGINT, 15 for SIGTERM.
func signalNumber(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return int(s)
	}
	return 2
}
