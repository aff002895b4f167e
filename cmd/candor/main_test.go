package main

import (
	"os"
	"testing"
)

// TestMain keeps the builds of the tests, and of the candor programs they
// start, from recording state in the user's cache folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "candor-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("CANDOR_CACHE_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
