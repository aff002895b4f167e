// Package token derives what a candidate's private page needs from its
// token: the unguessable path id and the key that seals the page. It also
// makes new tokens.
package token

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"regexp"
	"strings"
)

// valid is SPEC.md's token format: lower-case RFC 4648 base32 letters,
// at least 26 of them (130 bits).
var valid = regexp.MustCompile(`^[a-z2-7]{26,}$`)

// Valid reports whether t has the form of a token.
func Valid(t string) bool { return valid.MatchString(t) }

// alphabet is base32's, in order, for telling sequences.
const alphabet = "abcdefghijklmnopqrstuvwxyz234567"

// Weak reports whether a token of the right form was plainly not drawn at
// random, so that its 128 bits are not there: a run of one character
// (eight alike), a short pattern repeated (abcabcabc), mostly a sequence
// (abcdefgh...), or few distinct characters. A random token of 26
// characters is one of these about once in a billion; New never makes
// one.
func Weak(t string) bool {
	run, steps := 1, 0
	distinct := map[rune]bool{}
	for i, c := range t {
		distinct[c] = true
		if i == 0 {
			continue
		}
		if t[i] == t[i-1] {
			run++
			if run >= 8 {
				return true
			}
		} else {
			run = 1
		}
		if d := strings.IndexByte(alphabet, t[i]) - strings.IndexByte(alphabet, t[i-1]); d == 1 || d == -1 {
			steps++
		}
	}
	if steps*2 > len(t) || len(distinct) < 10 {
		return true
	}
	for p := 1; p <= 8 && p < len(t); p++ {
		if t[p:] == t[:len(t)-p] {
			return true // repeats every p characters
		}
	}
	return false
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewLen is the length of tokens that New makes: 32 characters of 5 bits,
// 160 bits from crypto/rand.
const NewLen = 32

// New returns a fresh random token, never a Weak one.
func New() string {
	for {
		var b [NewLen * 5 / 8]byte
		rand.Read(b[:]) // never fails; see crypto/rand.Read
		if t := lower(b32.EncodeToString(b[:])); !Weak(t) {
			return t
		}
	}
}

// PathIDLen is the length of every PathID: 16 bytes in base32.
const PathIDLen = 26

// PathID is the page's directory name under f/: the first 16 bytes of
// HMAC-SHA256(token, "candor-path-v1") in lower-case base32, 26 characters.
func PathID(t string) string {
	sum := mac(t, "candor-path-v1")
	return lower(b32.EncodeToString(sum[:16]))
}

// SealKey is the AES-256 key of a sealed page:
// HMAC-SHA256(token, "candor-seal-v1").
func SealKey(t string) []byte {
	return mac(t, "candor-seal-v1")
}

// Fragment is what a sealed link carries after '#': "k=" and the seal key
// in unpadded base64url.
func Fragment(t string) string {
	return "k=" + base64.RawURLEncoding.EncodeToString(SealKey(t))
}

func mac(key, msg string) []byte {
	h := hmac.New(sha256.New, []byte(key))
	h.Write([]byte(msg))
	return h.Sum(nil)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
