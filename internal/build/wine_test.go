//go:build windows && wine

package build

import _ "github.com/candor-feedback/candor/internal/winetest"
