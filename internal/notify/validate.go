package notify

import (
	"strings"
	"unicode"

	"learnwell"
)

// Person-readable validation messages, in the GOV.UK style.
const (
	msgEmailMissing  = "Enter an email address"
	msgEmailFormat   = "Enter an email address in the correct format, like name@example.com"
	msgEmailTooLong  = "Email address must be 320 characters or fewer"
	msgPhoneMissing  = "Enter a mobile phone number"
	msgPhoneSymbols  = "Enter a mobile phone number using only numbers, like 07700 900 982"
	msgPhoneNotUK    = "Enter a UK mobile phone number, like 07700 900 982"
	msgPhoneTooShort = "Mobile phone number is too short – enter 11 digits, like 07700 900 982"
	msgPhoneTooLong  = "Mobile phone number is too long – enter 11 digits, like 07700 900 982"
)

func invalid(message string) error { return learnwell.Errorf(learnwell.EINVALID, "%s", message) }

// ValidEmail checks that s is an email address GOV.UK Notify and SMTP relays
// will take: one local part and a domain name with a top-level domain, in
// ASCII, no spaces. It does not trim s; trim what a person typed first. The
// error is EINVALID with a message for a person.
//
// Internationalised domain names must be given in their xn-- form.
func ValidEmail(s string) error {
	if s == "" {
		return invalid(msgEmailMissing)
	}
	if len(s) > 320 {
		return invalid(msgEmailTooLong)
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 || !validLocalPart(s[:at]) || !validDomain(s[at+1:]) {
		return invalid(msgEmailFormat)
	}
	return nil
}

func validLocalPart(local string) bool {
	if local == "" || len(local) > 64 || local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !isAlnum(c) && !strings.ContainsRune(".!#$%&'*+/=?^_`{|}~-", rune(c)) {
			return false
		}
	}
	return true
}

func validDomain(domain string) bool {
	if len(domain) > 253 {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	tld := strings.ToLower(labels[len(labels)-1])
	if strings.HasPrefix(tld, "xn--") {
		return len(tld) > 4
	}
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if tld[i] < 'a' || tld[i] > 'z' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// NormaliseUKPhone turns a UK mobile number as a person types it (07700 900123,
// 07700-900-123, +44 7700 900123, +44 (0)7700 900123, 0044 7700 900123,
// 447700900123) into the international form +447700900123, which GOV.UK
// Notify accepts. Spaces, hyphens, dots and brackets are ignored. Numbers of
// other countries and UK landlines are refused. The error is EINVALID with a
// message for a person.
func NormaliseUKPhone(s string) (string, error) {
	digits, plus, ok := phoneDigits(s)
	if !ok {
		return "", invalid(msgPhoneSymbols)
	}
	if digits == "" {
		if plus {
			return "", invalid(msgPhoneSymbols)
		}
		return "", invalid(msgPhoneMissing)
	}
	national, ok := ukNational(digits, plus)
	if !ok {
		return "", invalid(msgPhoneNotUK)
	}
	switch {
	case len(national) < 10:
		return "", invalid(msgPhoneTooShort)
	case len(national) > 10:
		return "", invalid(msgPhoneTooLong)
	}
	return "+44" + national, nil
}

// phoneDigits removes separators from s and returns its digits and whether it
// started with '+'. ok is false if s holds anything else.
func phoneDigits(s string) (digits string, plus, ok bool) {
	s = strings.TrimSpace(s)
	if rest, found := strings.CutPrefix(s, "+"); found {
		plus, s = true, rest
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-' || r == '.' || r == '(' || r == ')' || unicode.IsSpace(r):
		default:
			return "", plus, false
		}
	}
	return b.String(), plus, true
}

// ukNational returns the national significant number of a UK mobile (ten
// digits starting 7 when well formed), without country code or trunk 0.
func ukNational(digits string, plus bool) (string, bool) {
	switch {
	case plus:
		rest, ok := strings.CutPrefix(digits, "44")
		if !ok {
			return "", false
		}
		digits = strings.TrimPrefix(rest, "0") // +44 (0)7700 ...
	case strings.HasPrefix(digits, "0044"):
		digits = strings.TrimPrefix(digits[4:], "0")
	case strings.HasPrefix(digits, "0"):
		digits = digits[1:]
	case strings.HasPrefix(digits, "44"):
		digits = strings.TrimPrefix(digits[2:], "0")
	}
	return digits, strings.HasPrefix(digits, "7")
}
