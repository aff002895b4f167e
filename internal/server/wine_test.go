//go:build windows && wine

package server

import _ "github.com/candor-feedback/candor/internal/winetest"
