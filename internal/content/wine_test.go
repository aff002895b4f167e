//go:build windows && wine

package content

import _ "github.com/candor-feedback/candor/internal/winetest"
