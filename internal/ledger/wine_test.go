//go:build windows && wine

package ledger

import _ "github.com/candor-feedback/candor/internal/winetest"
