//go:build wine

package winetest

import _ "unsafe" // go:linkname

// deleteatFallback is Go's switch to delete files the way older Windows
// versions (and Wine 8) can. Linking to it needs -ldflags=-checklinkname=0.
//
//go:linkname deleteatFallback internal/syscall/windows.TestDeleteatFallback
var deleteatFallback bool

func init() { deleteatFallback = true }
