// Package seal encrypts a private page so that the host stores only
// ciphertext: AES-256-GCM under the key SPEC.md derives from the token,
// with the page's path id as additional data, so a sealed page moved to
// another path does not open.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
)

// NonceSize is the length of the nonce that starts every sealed box.
const NonceSize = 12

// Seal returns nonce || ciphertext. The nonce is derived from the key and
// the plaintext, so the same page seals to the same bytes and builds stay
// reproducible; the only thing that reveals is whether a page changed.
func Seal(key []byte, pathID string, plaintext []byte) ([]byte, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("candor-nonce-v1"))
	m.Write(plaintext)
	nonce := m.Sum(nil)[:NonceSize]
	return aead.Seal(nonce, nonce, plaintext, []byte(pathID)), nil
}

// Open reverses Seal; it fails for a wrong key, another path, or any
// changed byte.
func Open(key []byte, pathID string, box []byte) ([]byte, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	if len(box) < NonceSize {
		return nil, errors.New("sealed page too short")
	}
	return aead.Open(nil, box[:NonceSize], box[NonceSize:], []byte(pathID))
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
