//go:build windows && wine

package matter

import _ "github.com/candor-feedback/candor/internal/winetest"
