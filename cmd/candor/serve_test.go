package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeProcess runs the real candor serve, fetches a page, and stops
// it the way Ctrl-C does.
func TestServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "candor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := writeSite(t, smallSite)
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--source", dir, "--today", "2026-01-10")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	lines := bufio.NewScanner(stdout)
	var base string
	for lines.Scan() {
		if m := regexp.MustCompile(`^Serving .* at (http://127\.0\.0\.1:\d+/)$`).FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		t.Fatal("serve never said where it serves")
	}
	resp, err := http.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<title>Acme Interview Guide</title>") {
		t.Errorf("GET /: %d", resp.StatusCode)
	}
	// An open event stream must not hold up the shutdown.
	events, err := http.Get(base + "_candor/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()

	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	var rest []byte
	go func() {
		rest, _ = io.ReadAll(stdout)
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve ended with %v, want exit status 0", err)
		}
		if !strings.Contains(string(rest), "Stopped.") {
			t.Errorf("no goodbye: %q", rest)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on Ctrl-C")
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("serve wrote public/")
	}
}

func TestLoopback(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:1313", true},
		{"localhost:1313", true},
		{"[::1]:1313", true},
		{"0.0.0.0:1313", false},
		{":1313", false},
		{"192.0.2.7:1313", false},
	}
	for _, tt := range tests {
		if got := loopback(tt.addr); got != tt.want {
			t.Errorf("loopback(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}
