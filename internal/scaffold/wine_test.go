//go:build windows && wine

package scaffold

import _ "github.com/candor-feedback/candor/internal/winetest"
