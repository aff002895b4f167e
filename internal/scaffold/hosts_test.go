package scaffold

import (
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
)

// TestCIInstallsTheVersionThatWroteIt: a released candor pins itself in
// every host's CI files, downloading its own release archive and checking
// it against the release's checksums; a development build installs the
// latest with go install, and says to pin a release.
func TestCIInstallsTheVersionThatWroteIt(t *testing.T) {
	today, _, _ := content.ParseDate("2026-03-02")
	for _, host := range Hosts {
		for version, want := range map[string]string{"1.4.2": "candor_1.4.2_linux_amd64.tar.gz", "v1.4.2": "candor_1.4.2_linux_amd64.tar.gz", "9e75504-dirty": Module + "@latest", "devel": Module + "@latest"} {
			ci := ""
			for _, f := range Site(today, "x5tuyabljj2r4v7fmyz5ijkqgb", host, version) {
				if strings.HasSuffix(f.Path, ".yml") || strings.HasSuffix(f.Path, ".toml") {
					ci += string(f.Data)
				}
			}
			release := !strings.HasSuffix(want, "@latest")
			if release && !strings.Contains(ci, "candor_${CANDOR_VERSION}_linux_amd64.tar.gz") && !strings.Contains(ci, want) {
				t.Errorf("%s, candor %s: CI files do not download %s", host, version, want)
			}
			if release && (!strings.Contains(ci, "sha256sum --ignore-missing -c checksums.txt") || strings.Contains(ci, "go install")) {
				t.Errorf("%s, candor %s: the release is not checked, or go install is still there", host, version)
			}
			if !release && (!strings.Contains(ci, want) || !strings.Contains(ci, "go install")) {
				t.Errorf("%s, candor %s: CI files do not go install %s", host, version, want)
			}
			if note := strings.Contains(ci, "pin a released version"); note != strings.HasSuffix(want, "@latest") {
				t.Errorf("%s, candor %s: the note to pin a version is there: %v", host, version, note)
			}
		}
	}
}
