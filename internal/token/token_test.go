package token

import (
	mrand "math/rand/v2"
	"testing"
)

// The expected values were computed with Python's hmac and base64
// modules, an implementation independent of this package.
func TestDerivation(t *testing.T) {
	tests := []struct{ token, path, fragment string }{
		{"abcdefghijklmnopqrstuvwxyz", "hl7dapbeigdhx57j6a7bvcyxie", "k=c1SM4DEFU7uM4B3lQmXRk3acAWoGcZf8V_Jpszt9FyI"},
		{"3masgmskraognlolohbckajb6irbwzd4", "5zn4ure2h3znle7ylkqihkr6fm", "k=Kt_ZM1lkD-QOXPPQ73RUzpzhDE1YbtlIndMLbzNSZ5Y"},
	}
	for _, tt := range tests {
		if got := PathID(tt.token); got != tt.path || len(got) != PathIDLen {
			t.Errorf("PathID(%s) = %s, want %s (%d characters)", tt.token, got, tt.path, PathIDLen)
		}
		if got := Fragment(tt.token); got != tt.fragment {
			t.Errorf("Fragment(%s) = %s, want %s", tt.token, got, tt.fragment)
		}
	}
}

func TestNew(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok := New()
		if !Valid(tok) || len(tok) != NewLen {
			t.Fatalf("New() = %q: not a valid %d-character token", tok, NewLen)
		}
		if seen[tok] {
			t.Fatalf("New() repeated %q", tok)
		}
		seen[tok] = true
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		token string
		want  bool
	}{
		{"abcdefghijklmnopqrstuvwxyz", true},
		{"abcdefghijklmnopqrstuvwxy", false}, // 25
		{"abcdefghijklmnopqrstuvwxy2", true},
		{"abcdefghijklmnopqrstuvwxy1", false}, // 1 is not base32
		{"Abcdefghijklmnopqrstuvwxyz", false},
		{"abcdefghijklmnopqrstuvwxyz=", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.token); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.token, got, tt.want)
		}
	}
}

func TestWeak(t *testing.T) {
	for _, tok := range []string{
		"aaaaaaaaaaaaaaaaaaaaaaaaaa",       // one character
		"x5tuyabljj2r4vaaaaaaaagbmm",       // a run of eight
		"abcdefghijklmnopqrstuvwxyz",       // a sequence
		"zyxwvutsrqponmlkjihgfedcba",       // backwards
		"abcdefghijklmnopqrstuvwxyz234567", // the alphabet
		"revokedrevokedrevokedrevoked",     // a word repeated
		"abababababababababababababab",     // a short pattern
		"qwerqwertqwerqwertqwerqwert",      // period 9 but few characters
	} {
		if !Weak(tok) {
			t.Errorf("Weak(%q) = false", tok)
		}
	}
	for _, tok := range []string{"3masgmskraognlolohbckajb6irbwzd4", "x5tuyabljj2r4v7fmyz5ijkqgb"} {
		if Weak(tok) {
			t.Errorf("Weak(%q) = true for a random token", tok)
		}
	}
	// Random tokens are weak about once in a billion: none of 200,000
	// drawn with a fixed seed is.
	r := mrand.New(mrand.NewPCG(1, 2))
	for range 200000 {
		var b [20]byte
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if tok := lower(b32.EncodeToString(b[:])); Weak(tok) {
			t.Errorf("Weak(%q) = true for a random token", tok)
		}
	}
}
