// Command candor builds candidate feedback portals: a public interview
// guide and one private feedback page per candidate, from Markdown files.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if len(os.Args) > 1 && (os.Args[1] == "build" || os.Args[1] == "check") {
		tuneGC()
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
