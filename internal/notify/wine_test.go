//go:build windows && wine

package notify

import _ "github.com/candor-feedback/candor/internal/winetest"
