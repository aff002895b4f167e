package corpus

import (
	"os"
	"strings"
	"testing"

	"github.com/candor-feedback/candor/internal/content"
)

func TestCorpusBuildsAndRepeats(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, 40); err != nil {
		t.Fatal(err)
	}
	root, _ := os.OpenRoot(dir)
	site, errs := content.Load(root.FS())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	statuses := map[content.Status]bool{}
	for _, fb := range site.Feedback {
		statuses[fb.Status] = true
	}
	if len(site.Feedback) != 40 || len(statuses) != len(content.Statuses) {
		t.Errorf("%d candidates, %d statuses", len(site.Feedback), len(statuses))
	}
	_, a := Feedback(7)
	_, b := Feedback(7)
	if a != b {
		t.Error("the same candidate differs between calls")
	}
	if n := len(strings.Fields(a)); n < 450 || n > 700 {
		t.Errorf("a file of %d words, want about 540", n)
	}
}
