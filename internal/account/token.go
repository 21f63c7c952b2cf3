package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"learnwell"
)

// TokenPrefix starts every API token, so a leaked token can be found by
// searching for it (in code, logs, paste sites) and secret scanners can spot it.
const TokenPrefix = "lw_"

// API token limits.
const (
	apiTokenBytes       = 32 // 256 random bits
	DefaultTokenTTL     = 90 * 24 * time.Hour
	MaxTokenTTL         = 366 * 24 * time.Hour
	TokenLastUsedEvery  = time.Minute // last-used time is written at most this often
	maxTokenNameLength  = 100
	tokenDisplayPrefix  = 8 // characters of the secret shown in lists
	msgTokenName        = "Enter a name for the token, like the system that will use it"
	msgTokenNameLong    = "Token name must be 100 characters or fewer"
	msgTokenExpiry      = "Enter how long the token lasts, from 1 to 366 days, like 90d"
	msgTokenNotValidAPI = "Use a valid API token. Tokens are sent as: Authorization: Bearer lw_..."
)

// NewAPIToken returns a new API token to show once ("lw_" and 43 URL-safe
// characters), the hash to keep, and a short form to show in lists
// ("lw_AbCdEfGh…").
func NewAPIToken() (plaintext, hash, display string) {
	b := make([]byte, apiTokenBytes)
	if _, err := rand.Read(b); err != nil {
		panic("account: no randomness: " + err.Error())
	}
	plaintext = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return plaintext, hashAPIToken(plaintext), plaintext[:len(TokenPrefix)+tokenDisplayPrefix] + "…"
}

// HashAPIToken returns the hash under which a token is kept, and false if the
// text cannot be one of ours.
func HashAPIToken(plaintext string) (string, bool) {
	rest, ok := strings.CutPrefix(plaintext, TokenPrefix)
	if !ok {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(b) != apiTokenBytes || base64.RawURLEncoding.EncodeToString(b) != rest {
		return "", false
	}
	return hashAPIToken(plaintext), true
}

// hashAPIToken is SHA-256: tokens carry 256 random bits, so no slow hash is needed.
func hashAPIToken(plaintext string) string {
	sum := sha256.Sum256([]byte(plaintext))
	return hex.EncodeToString(sum[:])
}

// APIToken is an API token as kept: never its secret.
type APIToken struct {
	ID         string
	UserID     string
	Name       string
	Display    string // the first characters, to tell tokens apart
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt time.Time // zero if never used
	RevokedAt  time.Time // zero unless revoked
}

// Usable reports whether the token works at now (its user aside).
func (t APIToken) Usable(now time.Time) bool {
	return t.RevokedAt.IsZero() && now.Before(t.ExpiresAt)
}

// ValidateTokenRequest checks a new token's name and lifetime.
func ValidateTokenRequest(name string, ttl time.Duration) error {
	var v learnwell.Validation
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		v.Add("name", msgTokenName)
	case len([]rune(name)) > maxTokenNameLength:
		v.Add("name", msgTokenNameLong)
	}
	if ttl < 24*time.Hour || ttl > MaxTokenTTL {
		v.Add("expires", msgTokenExpiry)
	}
	return v.Err()
}

// ParseTokenLifetime reads a lifetime written as days ("90d") or a Go
// duration ("720h").
func ParseTokenLifetime(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d < 24*time.Hour || d > MaxTokenTTL {
		var v learnwell.Validation
		v.Add("expires", msgTokenExpiry)
		return 0, v.Err()
	}
	return d, nil
}

// ErrTokenNotValid is the one error for every API token that does not work:
// unknown, changed, expired, revoked, or its user deactivated or signed out
// everywhere since it was made.
func ErrTokenNotValid() error {
	return learnwell.Errorf(learnwell.EUNAUTHORISED, msgTokenNotValidAPI)
}
