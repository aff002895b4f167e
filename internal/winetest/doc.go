// Package winetest lets candor's tests run under Wine 8 (Debian 12's), for
// the Windows build: imported, blank, by a wine_test.go in each package
// whose tests CI runs there (go test -c -tags wine -ldflags=-checklinkname=0,
// GOOS=windows; make wine-test).
//
// Go deletes files on Windows with FileDispositionInformationEx, which
// every Windows since 10 (1607) has and Wine 8 does not: it answers
// "Invalid function", and every os.RemoveAll fails, t.TempDir's cleanup
// included. Under the wine tag this package sets Go's own fallback, the
// one it takes on older systems. Nothing outside tests imports it, and
// candor itself needs no such help on Windows.
package winetest
