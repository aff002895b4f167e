package scaffold

import (
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
)

// TestCIInstallsTheVersionThatWroteIt: a released candor pins itself in
// every host's CI files; a development build installs the latest, and
// says to pin one.
func TestCIInstallsTheVersionThatWroteIt(t *testing.T) {
	today, _, _ := content.ParseDate("2026-03-02")
	for _, host := range Hosts {
		for version, want := range map[string]string{"1.4.2": Module + "@v1.4.2", "v1.4.2": Module + "@v1.4.2", "9e75504-dirty": Module + "@latest", "devel": Module + "@latest"} {
			ci := ""
			for _, f := range Site(today, "x5tuyabljj2r4v7fmyz5ijkqgb", host, version) {
				if strings.HasSuffix(f.Path, ".yml") || strings.HasSuffix(f.Path, ".toml") {
					ci += string(f.Data)
				}
			}
			if !strings.Contains(ci, want) {
				t.Errorf("%s, candor %s: CI files do not install %s", host, version, want)
			}
			if note := strings.Contains(ci, "pin a released version"); note != strings.HasSuffix(want, "@latest") {
				t.Errorf("%s, candor %s: the note to pin a version is there: %v", host, version, note)
			}
		}
	}
}
