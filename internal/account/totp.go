package account

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"net/url"
	"strings"
	"time"

	"learnwell"
)

// The second factor is a time-based one-time password (TOTP, RFC 6238) from
// an authenticator app: HMAC-SHA-1, 30-second steps, 6 digits, the settings
// every authenticator app supports.
const (
	TOTPPeriod = 30 * time.Second
	TOTPDigits = 6
	// TOTPSkew is how many steps either side of now are accepted, for clocks
	// that differ a little and people who type slowly.
	TOTPSkew = 1
	// totpSecretBytes is the secret's size: 160 bits, as RFC 4226 recommends.
	totpSecretBytes = 20
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a new random secret in base32 without padding, the
// form authenticator apps take.
func NewTOTPSecret() string {
	b := make([]byte, totpSecretBytes)
	if _, err := rand.Read(b); err != nil {
		panic("account: no randomness: " + err.Error())
	}
	return b32.EncodeToString(b)
}

// DecodeTOTPSecret reads a base32 secret, ignoring spaces, case and padding.
func DecodeTOTPSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "=", "").Replace(secret))
	b, err := b32.DecodeString(s)
	if err != nil || len(b) < 10 {
		return nil, fmt.Errorf("the authenticator secret is not base32 of at least 80 bits")
	}
	return b, nil
}

// TOTPStep returns the RFC 6238 time step of the instant: the number of
// 30-second periods since the Unix epoch.
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(TOTPPeriod/time.Second) }

// HOTP is RFC 4226's one-time password of the key at the counter, with the
// hash (sha1.New for authenticator apps) and number of digits.
func HOTP(h func() hash.Hash, key []byte, counter uint64, digits int) string {
	mac := hmac.New(h, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// TOTPCode returns the 6-digit code of the base32 secret at the instant, as
// an authenticator app shows it.
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := DecodeTOTPSecret(secret)
	if err != nil {
		return "", err
	}
	return HOTP(sha1.New, key, uint64(TOTPStep(t)), TOTPDigits), nil
}

// Person-readable second factor messages.
const (
	msgCodeMissing = "Enter the 6-digit code from your authenticator app"
	msgCodeShape   = "Enter the code using only 6 digits, like 123456"
	msgCodeWrong   = "Enter the code shown in your authenticator app now"
)

// NormaliseCode removes the spaces and hyphens people type in codes.
func NormaliseCode(code string) string {
	return strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(code))
}

// CheckCodeShape checks that a code typed is 6 digits (field "code").
func CheckCodeShape(code string) error {
	code = NormaliseCode(code)
	var v learnwell.Validation
	switch {
	case code == "":
		v.Add("code", msgCodeMissing)
	case len(code) != TOTPDigits || strings.Trim(code, "0123456789") != "":
		v.Add("code", msgCodeShape)
	}
	return v.Err()
}

// ErrWrongCode is the error for a code that is not right now, or was already
// used: the same message either way.
func ErrWrongCode() error {
	var v learnwell.Validation
	v.Add("code", msgCodeWrong)
	e := v.Err().(*learnwell.Error)
	e.Code = learnwell.EUNAUTHORISED
	e.Message = "The code is not right"
	return e
}

// VerifyTOTP checks a code against the secret at the instant. It accepts the
// code of the current step or of one step either side, but only for a step
// after lastStep, the step of the last code the user used: a code is never
// accepted twice, nor an older one after a newer. It returns the step to
// store as the new lastStep.
func VerifyTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	code = NormaliseCode(code)
	if CheckCodeShape(code) != nil {
		return 0, false
	}
	key, err := DecodeTOTPSecret(secret)
	if err != nil {
		return 0, false
	}
	current := TOTPStep(now)
	matched := int64(-1)
	for s := current - TOTPSkew; s <= current+TOTPSkew; s++ {
		if s < 0 {
			continue
		}
		// Compare every candidate in constant time, and keep going, so the
		// time taken does not say which step matched.
		if subtle.ConstantTimeCompare([]byte(HOTP(sha1.New, key, uint64(s), TOTPDigits)), []byte(code)) == 1 && matched < 0 {
			matched = s
		}
	}
	if matched < 0 || matched <= lastStep {
		return 0, false
	}
	return matched, true
}

// TOTPURI is the otpauth:// URI an authenticator app reads from a QR code:
// the issuer, the account name (the user's email address) and the secret.
func TOTPURI(issuer, accountName, secret string) string {
	label := url.PathEscape(issuer) + ":" + url.PathEscape(accountName)
	q := url.Values{}
	q.Set("secret", secret)
	q.Set("issuer", issuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", fmt.Sprint(TOTPDigits))
	q.Set("period", fmt.Sprint(int(TOTPPeriod/time.Second)))
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// TOTPSecretContext is the context a user's sealed authenticator secret is
// bound to (see secret.Keyring.Seal), so a sealed secret copied to another
// user does not open.
func TOTPSecretContext(userID string) string { return "user/" + userID + "/totp" }

// RecoveryCodeCount is how many single-use recovery codes a user gets.
const RecoveryCodeCount = 10

// recoveryAlphabet is Crockford's base32 in lower case: no i, l, o or u, so
// codes read aloud or written down are not misread.
const recoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// NewRecoveryCodes returns RecoveryCodeCount new codes to show the user once,
// like "7k2m-9qfz-c4rt-h8wd" (80 random bits each), and their hashes to keep.
func NewRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCodeCount {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			panic("account: no randomness: " + err.Error())
		}
		var s strings.Builder
		for i, c := range b {
			if i > 0 && i%4 == 0 {
				s.WriteByte('-')
			}
			s.WriteByte(recoveryAlphabet[c&31])
		}
		codes = append(codes, s.String())
		hashes = append(hashes, HashRecoveryCode(s.String()))
	}
	return codes, hashes
}

// NormaliseRecoveryCode reads a recovery code as typed: case, spaces and
// hyphens do not matter, and o, i and l are read as 0, 1 and 1.
func NormaliseRecoveryCode(code string) string {
	code = strings.ToLower(code)
	var s strings.Builder
	for _, c := range code {
		switch {
		case c == ' ' || c == '-' || c == '\t':
		case c == 'o':
			s.WriteByte('0')
		case c == 'i' || c == 'l':
			s.WriteByte('1')
		default:
			s.WriteRune(c)
		}
	}
	return s.String()
}

// HashRecoveryCode returns the hash kept for a recovery code: SHA-256 of the
// normalised code. The codes carry 80 random bits, so a fast hash suffices.
func HashRecoveryCode(code string) string {
	sum := sha256.Sum256([]byte("learnwell recovery code\x00" + NormaliseRecoveryCode(code)))
	return hex.EncodeToString(sum[:])
}
