package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/candor-feedback/candor/internal/content"
	"github.com/candor-feedback/candor/internal/diag"
	"github.com/candor-feedback/candor/internal/server"
)

func serveCmd() *command {
	var addr string
	var drafts, poll bool
	return &command{
		name:    "serve",
		args:    "[--addr 127.0.0.1:1313] [--drafts]",
		short:   "Preview the site as candidates will see it; rebuilds on every save and reloads the browser. Writes no file.",
		example: "candor serve --drafts   # then open http://127.0.0.1:1313/_candor/",
		setup: func(fs *flag.FlagSet, e *env) {
			sourceFlag(fs, e)
			todayFlag(fs, e)
			fs.StringVar(&addr, "addr", "127.0.0.1:1313", "the `address` to listen on; keep it on this computer (127.0.0.1)")
			fs.BoolVar(&drafts, "drafts", false, "show drafts too")
			fs.BoolVar(&poll, "poll", false, "look for changes every second instead of asking the system (for network drives)")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			logf := func(format string, args ...any) {
				fmt.Fprintf(e.stderr, "%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
			}
			opts := server.Options{Source: e.source, Drafts: drafts, Poll: poll, Logf: logf}
			if e.today != "" || os.Getenv("SOURCE_DATE_EPOCH") != "" {
				day := e.date
				opts.Today = func() content.Date { return day }
			}
			s := server.New(opts)
			if _, err := s.Rebuild(ctx); err != nil {
				var list diag.List
				if !errors.As(err, &list) {
					return e.fail(err)
				}
				for _, p := range list {
					fmt.Fprintln(e.stderr, p.Error())
				}
				fmt.Fprintln(e.stderr, "The site does not build yet; serving the problems until they are fixed.")
			}
			ln, err := net.Listen("tcp", addr)
			if errors.Is(err, syscall.EADDRINUSE) {
				return e.fail(fmt.Errorf("cannot listen on %s: another program (perhaps another candor serve) uses that port; stop it, or choose another port with --addr 127.0.0.1:1314", addr))
			}
			if err != nil {
				return e.fail(fmt.Errorf("cannot listen on %s: %w", addr, err))
			}
			if !loopback(addr) {
				fmt.Fprintln(e.stderr, exposed(addr, drafts))
			}
			base := "http://" + ln.Addr().String() + "/"
			fmt.Fprintf(e.stdout, "Serving %s at %s\nEvery candidate, with links: %s_candor/\nPress Ctrl-C to stop.\n", e.source, base, base)

			srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
			served := make(chan error, 1)
			go func() { served <- srv.Serve(ln) }()
			watched := make(chan error, 1)
			go func() { watched <- s.Watch(ctx) }()
			select {
			case err := <-served:
				return e.fail(err)
			case <-ctx.Done():
			}
			// Watch closes the event streams when ctx ends, so the
			// shutdown waits only for ordinary requests.
			<-watched
			shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := srv.Shutdown(shutdown); err != nil {
				srv.Close()
			}
			fmt.Fprintln(e.stdout, "Stopped.")
			return exitOK
		},
	}
}

// exposed warns that a preview listening beyond this computer shows what
// it serves to anyone who can reach it.
func exposed(addr string, drafts bool) string {
	which := "every published candidate's page"
	if drafts {
		which = "every candidate's page, drafts included"
	}
	return fmt.Sprintf("Warning: listening on %s, not only on this computer: anyone who can reach it can read %s.", addr, which)
}

// loopback reports whether addr listens on this computer only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
