package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

// binary builds the candor program once for the tests that run it as a
// process, as CI and recruiters do.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "candor-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "candor")
		var out []byte
		if out, binErr = exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); binErr != nil {
			binErr = &buildError{binErr, string(out)}
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + e.out }

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}
