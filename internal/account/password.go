package account

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"learnwell"
)

// Password length limits, following NCSC advice: long passwords, no
// composition rules, and a maximum generous enough for passphrases and
// password managers while bounding the work of hashing.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// Person-readable password messages (NHS.UK style).
const (
	msgPasswordMissing = "Enter a password"
	msgPasswordShort   = "Enter a password that is at least 12 characters long"
	msgPasswordLong    = "Enter a password that is 256 characters or fewer"
	msgPasswordCommon  = "Enter a less common password"
	msgPasswordEmail   = "Enter a password that is not your email address"
)

//go:embed data/passwords.json.gz
var commonPasswordsGz []byte

// commonPasswords are the bundled common passwords (data/ATTRIBUTION.md),
// lower-cased; only those long enough to pass the length rule are kept, as
// shorter ones can never match.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic("account: embedded common passwords: " + err.Error())
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		panic("account: embedded common passwords: " + err.Error())
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		panic("account: embedded common passwords: " + err.Error())
	}
	set := map[string]struct{}{}
	for _, p := range list {
		p = foldPassword(p)
		if utf8.RuneCountInString(p) >= MinPasswordLength {
			set[p] = struct{}{}
		}
	}
	// Passwords published in learnwell's own documents are as good as common.
	set[foldPassword(DemoPassword)] = struct{}{}
	return set
})

// normalisePassword puts a password in Unicode normal form C, so the same
// password typed on different devices hashes the same.
func normalisePassword(pw string) string { return norm.NFC.String(pw) }

func foldPassword(pw string) string { return strings.ToLower(normalisePassword(pw)) }

// IsCommonPassword reports whether the password is in the bundled list of
// common passwords, compared without regard to case.
func IsCommonPassword(pw string) bool {
	_, ok := commonPasswords()[foldPassword(pw)]
	return ok
}

// CheckPassword checks a new password against NCSC's advice: at least 12
// characters (of Unicode, after normalising), at most 256, not a common
// password, and not the person's email address. There are no rules about
// kinds of characters. The error is EINVALID with a message for the field
// "password".
func CheckPassword(pw, email string) error {
	n := utf8.RuneCountInString(normalisePassword(pw))
	var msg string
	switch {
	case pw == "":
		msg = msgPasswordMissing
	case n < MinPasswordLength:
		msg = msgPasswordShort
	case n > MaxPasswordLength:
		msg = msgPasswordLong
	case email != "" && foldPassword(pw) == EmailKey(email):
		msg = msgPasswordEmail
	case IsCommonPassword(pw):
		msg = msgPasswordCommon
	default:
		return nil
	}
	var v learnwell.Validation
	v.Add("password", msg)
	return v.Err()
}
