// Package secret encrypts special-category and secret fields at rest with
// AES-256-GCM, and derives keyed hashes (HMAC-SHA-256) for values that must be
// compared but not kept, such as the IP address of a failed sign-in.
//
// Keys come from one setting, --data-key (LEARNWELL_DATA_KEY, or a file named
// by LEARNWELL_DATA_KEY_FILE): a comma-separated list of keys, each 32 random
// bytes in standard base64, optionally named "id:" first. The first key seals
// new values; every key in the list opens values sealed with it, so keys can be
// rotated: put the new key first, keep the old ones after it until every value
// has been sealed again (Keyring.Stale tells which), then drop them.
//
// A sealed value is text: "lw1." + key id + "." + base64url(nonce | ciphertext).
// The key id says which key opens it; the caller's context string (such as
// "user/ID/totp") is bound to the ciphertext as additional data, so a value
// copied to another row or field does not open.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"learnwell"
)

// KeySize is the size of a data key: 32 bytes, for AES-256.
const KeySize = 32

// prefix marks the format of a sealed value.
const prefix = "lw1."

// Key is one data key with its id.
type Key struct {
	ID   string
	aead cipher.AEAD
	mac  []byte // the HMAC key derived from this key
}

// Keyring holds the data keys: the first seals, all of them open.
type Keyring struct {
	keys []*Key
	byID map[string]*Key
	demo bool
}

// ParseKeys reads the --data-key setting: comma-separated keys, each
// "[id:]base64" of 32 bytes. An id is 1 to 16 lowercase letters, digits or
// hyphens; without one the id is derived from the key. An empty setting gives
// a nil Keyring and no error: callers decide whether that is allowed.
func ParseKeys(setting string) (*Keyring, error) {
	setting = strings.TrimSpace(setting)
	if setting == "" {
		return nil, nil
	}
	var raws [][]byte
	var ids []string
	for i, part := range strings.Split(setting, ",") {
		part = strings.TrimSpace(part)
		id, b64, named := strings.Cut(part, ":")
		if !named {
			id, b64 = "", part
		}
		raw, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(raw) != KeySize {
			return nil, fmt.Errorf("key %d is not %d bytes in base64: generate one with `openssl rand -base64 32`", i+1, KeySize)
		}
		if named && !validID(id) {
			return nil, fmt.Errorf("key %d: the id %q must be 1 to 16 lowercase letters, digits or hyphens", i+1, id)
		}
		if !named {
			id = derivedID(raw)
		}
		raws, ids = append(raws, raw), append(ids, id)
	}
	return newKeyring(ids, raws)
}

// NewKeyring returns a keyring of raw 32-byte keys with their ids, the first
// sealing. Most callers use ParseKeys, GenerateKeyring or DemoKeyring.
func NewKeyring(ids []string, keys [][]byte) (*Keyring, error) {
	for _, id := range ids {
		if !validID(id) {
			return nil, fmt.Errorf("secret: key id %q must be 1 to 16 lowercase letters, digits or hyphens", id)
		}
	}
	return newKeyring(ids, keys)
}

func newKeyring(ids []string, raws [][]byte) (*Keyring, error) {
	if len(ids) != len(raws) || len(ids) == 0 {
		return nil, fmt.Errorf("secret: a keyring needs at least one key, each with an id")
	}
	kr := &Keyring{byID: map[string]*Key{}}
	for i, raw := range raws {
		if len(raw) != KeySize {
			return nil, fmt.Errorf("secret: key %q is %d bytes, want %d", ids[i], len(raw), KeySize)
		}
		if _, dup := kr.byID[ids[i]]; dup {
			return nil, fmt.Errorf("secret: the key id %q is used twice", ids[i])
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		k := &Key{ID: ids[i], aead: aead, mac: derive(raw, "learnwell keyed hash")}
		kr.keys = append(kr.keys, k)
		kr.byID[k.ID] = k
	}
	return kr, nil
}

// GenerateKeyring returns a keyring with one new random key, for tests.
func GenerateKeyring() *Keyring {
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		panic("secret: no randomness: " + err.Error())
	}
	kr, err := newKeyring([]string{derivedID(raw)}, [][]byte{raw})
	if err != nil {
		panic(err)
	}
	return kr
}

// GenerateKeySetting returns a new key in the form --data-key takes.
func GenerateKeySetting() string {
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		panic("secret: no randomness: " + err.Error())
	}
	return base64.StdEncoding.EncodeToString(raw)
}

// DemoKeyring returns the fixed, public key of demo databases. A demo
// database holds only made-up data, and its key must survive restarts, so it
// is derived from a constant; it is never used for a real database.
func DemoKeyring() *Keyring {
	raw := sha256.Sum256([]byte("learnwell demo data key: public, for made-up data only"))
	kr, err := newKeyring([]string{"demo"}, [][]byte{raw[:]})
	if err != nil {
		panic(err)
	}
	kr.demo = true
	return kr
}

// IsDemo reports whether this is the demo keyring.
func (kr *Keyring) IsDemo() bool { return kr != nil && kr.demo }

// CurrentID returns the id of the key that seals.
func (kr *Keyring) CurrentID() string { return kr.keys[0].ID }

// IDs returns every key id, the sealing one first.
func (kr *Keyring) IDs() []string {
	ids := make([]string, len(kr.keys))
	for i, k := range kr.keys {
		ids[i] = k.ID
	}
	return ids
}

// Seal encrypts plaintext with the current key, bound to context (which must
// be given again to Open).
func (kr *Keyring) Seal(plaintext []byte, context string) (string, error) {
	k := kr.keys[0]
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", learnwell.Internal(fmt.Errorf("secret: no randomness: %w", err))
	}
	out := k.aead.Seal(nonce, nonce, plaintext, []byte(k.ID+"\x00"+context))
	return prefix + k.ID + "." + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts a value sealed by Seal with the same context. A value that
// was changed, sealed for another context, or sealed with a key not in the
// keyring fails with an internal error (it means a fault or tampering, never
// the user's mistake).
func (kr *Keyring) Open(sealed, context string) ([]byte, error) {
	id, body, ok := split(sealed)
	if !ok {
		return nil, learnwell.Internal(fmt.Errorf("secret: value is not in the sealed format"))
	}
	k, ok := kr.byID[id]
	if !ok {
		return nil, learnwell.Internal(fmt.Errorf("secret: value was sealed with key %q, which is not in --data-key", id))
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) < k.aead.NonceSize()+k.aead.Overhead() {
		return nil, learnwell.Internal(fmt.Errorf("secret: sealed value is damaged"))
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], []byte(k.ID+"\x00"+context))
	if err != nil {
		return nil, learnwell.Internal(fmt.Errorf("secret: sealed value does not open with key %q: damaged, or moved from another record", id))
	}
	return plain, nil
}

// Stale reports whether a sealed value was sealed with a key other than the
// current one, so it should be sealed again.
func (kr *Keyring) Stale(sealed string) bool {
	id, _, ok := split(sealed)
	return ok && id != kr.keys[0].ID
}

// KeyID returns the id of the key a value was sealed with.
func KeyID(sealed string) (string, bool) {
	id, _, ok := split(sealed)
	return id, ok
}

func split(sealed string) (id, body string, ok bool) {
	rest, found := strings.CutPrefix(sealed, prefix)
	if !found {
		return "", "", false
	}
	return strings.Cut(rest, ".")
}

// Hash returns a keyed hash (HMAC-SHA-256, hex) of value in a domain such as
// "sign-in-ip", with the current key. Equal values give equal hashes under the
// same key; without the key a hash says nothing about the value. Rotating the
// current key changes every hash.
func (kr *Keyring) Hash(domain, value string) string {
	m := hmac.New(sha256.New, kr.keys[0].mac)
	m.Write([]byte(domain))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

func derivedID(raw []byte) string {
	return "k" + hex.EncodeToString(derive(raw, "learnwell key id")[:4])
}

func validID(id string) bool {
	if id == "" || len(id) > 16 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
