//go:build windows && wine

package guard_test

import _ "github.com/candor-feedback/candor/internal/winetest"
