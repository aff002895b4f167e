//go:build windows && wine

package i18n

import _ "github.com/candor-feedback/candor/internal/winetest"
