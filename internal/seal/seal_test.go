package seal

import (
	"bytes"
	"testing"

	"github.com/candor-feedback/candor/internal/token"
)

func TestSealOpen(t *testing.T) {
	tok := "uhfumvgu6h4pq4n4pqglnh7bm3"
	key, path := token.SealKey(tok), token.PathID(tok)
	page := []byte("<h1>Hi Ada,</h1>")
	box, err := Seal(key, path, page)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Seal(key, path, page)
	if !bytes.Equal(box, again) {
		t.Error("sealing is not reproducible")
	}
	if bytes.Contains(box, []byte("Ada")) {
		t.Error("plaintext in the box")
	}
	if got, err := Open(key, path, box); err != nil || !bytes.Equal(got, page) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	other, _ := Seal(key, path, []byte("<h1>Hi Bo,</h1>"))
	if bytes.Equal(box[:NonceSize], other[:NonceSize]) {
		t.Error("two pages share a nonce")
	}
	flipped := bytes.Clone(box)
	flipped[len(flipped)-1] ^= 1
	wrongKey := token.SealKey("24y53ieahaw7rhl25vypxlihhg")
	for name, open := range map[string]func() ([]byte, error){
		"a flipped byte": func() ([]byte, error) { return Open(key, path, flipped) },
		"the wrong key":  func() ([]byte, error) { return Open(wrongKey, path, box) },
		"another path":   func() ([]byte, error) { return Open(key, "x"+path[1:], box) },
		"too short":      func() ([]byte, error) { return Open(key, path, box[:5]) },
	} {
		if got, err := open(); err == nil {
			t.Errorf("%s opened: %q", name, got)
		}
	}
}
