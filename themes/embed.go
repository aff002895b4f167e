// Package themes holds candor's default theme, built into the binary.
package themes

import "embed"

// FS holds default/: layouts/ with the page templates and assets/ with
// the stylesheet and scripts.
//
//go:embed all:default
var FS embed.FS
