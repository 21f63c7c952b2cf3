package notify_test

import (
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/notify"
)

func TestValidEmail(t *testing.T) {
	tests := []struct {
		in      string
		message string // "" when valid
	}{
		{"name@example.com", ""},
		{"first.last+tag@sub.example.co.uk", ""},
		{"o'brien@example.org", ""},
		{"UPPER@EXAMPLE.COM", ""},
		{"x@xn--80ak6aa92e.com", ""},
		{"a@b.xn--p1ai", ""},
		{"", "Enter an email address"},
		{"name", "Enter an email address in the correct format, like name@example.com"},
		{"name@", "Enter an email address in the correct format, like name@example.com"},
		{"@example.com", "Enter an email address in the correct format, like name@example.com"},
		{"name@example", "Enter an email address in the correct format, like name@example.com"},
		{"name@example.c", "Enter an email address in the correct format, like name@example.com"},
		{"name@example.123", "Enter an email address in the correct format, like name@example.com"},
		{"name@-example.com", "Enter an email address in the correct format, like name@example.com"},
		{"name@example-.com", "Enter an email address in the correct format, like name@example.com"},
		{"name@example..com", "Enter an email address in the correct format, like name@example.com"},
		{".name@example.com", "Enter an email address in the correct format, like name@example.com"},
		{"name.@example.com", "Enter an email address in the correct format, like name@example.com"},
		{"na..me@example.com", "Enter an email address in the correct format, like name@example.com"},
		{"na me@example.com", "Enter an email address in the correct format, like name@example.com"},
		{" name@example.com", "Enter an email address in the correct format, like name@example.com"},
		{"name@example.com\n", "Enter an email address in the correct format, like name@example.com"},
		{"a@b@example.com", "Enter an email address in the correct format, like name@example.com"},
		{"<name@example.com>", "Enter an email address in the correct format, like name@example.com"},
		{"name@exämple.com", "Enter an email address in the correct format, like name@example.com"},
		{strings.Repeat("a", 65) + "@example.com", "Enter an email address in the correct format, like name@example.com"},
		{"a@" + strings.Repeat("b", 64) + ".com", "Enter an email address in the correct format, like name@example.com"},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b.", 130) + "com", "Email address must be 320 characters or fewer"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			err := notify.ValidEmail(tt.in)
			checkInvalid(t, err, tt.message)
		})
	}
}

func TestNormaliseUKPhone(t *testing.T) {
	const (
		notUK    = "Enter a UK mobile phone number, like 07700 900 982"
		symbols  = "Enter a mobile phone number using only numbers, like 07700 900 982"
		tooShort = "Mobile phone number is too short – enter 11 digits, like 07700 900 982"
		tooLong  = "Mobile phone number is too long – enter 11 digits, like 07700 900 982"
	)
	tests := []struct {
		in, want, message string
	}{
		{"07700 900123", "+447700900123", ""},
		{"07700900123", "+447700900123", ""},
		{"07700-900-123", "+447700900123", ""},
		{"(07700) 900.123", "+447700900123", ""},
		{" 07700 900123 ", "+447700900123", ""},
		{"+447700900123", "+447700900123", ""},
		{"+44 7700 900123", "+447700900123", ""},
		{"+44 (0)7700 900123", "+447700900123", ""},
		{"0044 7700 900123", "+447700900123", ""},
		{"447700900123", "+447700900123", ""},
		{"7700900123", "+447700900123", ""},
		{"07624 123456", "+447624123456", ""}, // Isle of Man
		{"", "", "Enter a mobile phone number"},
		{"   ", "", "Enter a mobile phone number"},
		{"+", "", symbols},
		{"07700 9OO123", "", symbols},
		{"07700/900123", "", symbols},
		{"077009+00123", "", symbols},
		{"tel:07700900123", "", symbols},
		{"020 7946 0000", "", notUK},
		{"01632 960001", "", notUK},
		{"+1 202 555 0100", "", notUK},
		{"+353 85 123 4567", "", notUK},
		{"00353 85 123 4567", "", notUK},
		{"0800 123 4567", "", notUK},
		{"07700 90012", "", tooShort},
		{"07", "", tooShort},
		{"+44 7700 9001234", "", tooLong},
		{"077009001234", "", tooLong},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := notify.NormaliseUKPhone(tt.in)
			checkInvalid(t, err, tt.message)
			if got != tt.want {
				t.Errorf("NormaliseUKPhone(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// checkInvalid checks that err is nil when message is empty, and otherwise an
// EINVALID error with that safe message.
func checkInvalid(t *testing.T, err error, message string) {
	t.Helper()
	if message == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %q", message)
	}
	if code := learnwell.ErrorCode(err); code != learnwell.EINVALID {
		t.Errorf("code = %q, want %q", code, learnwell.EINVALID)
	}
	if got := learnwell.ErrorMessage(err); got != message {
		t.Errorf("message = %q, want %q", got, message)
	}
	if !notify.IsPermanent(err) {
		t.Errorf("IsPermanent(%v) = false, want true", err)
	}
}

func FuzzNormaliseUKPhone(f *testing.F) {
	for _, s := range []string{"07700 900123", "+44 (0)7700 900123", "0044 7700 900123", "447700900123", "+", "", "07"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := notify.NormaliseUKPhone(s)
		if err != nil {
			if got != "" || learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Fatalf("NormaliseUKPhone(%q) = %q, %v", s, got, err)
			}
			return
		}
		if len(got) != 13 || !strings.HasPrefix(got, "+447") || strings.Trim(got[1:], "0123456789") != "" {
			t.Fatalf("NormaliseUKPhone(%q) = %q, not +447 and 9 digits", s, got)
		}
		again, err := notify.NormaliseUKPhone(got)
		if err != nil || again != got {
			t.Fatalf("NormaliseUKPhone(%q) = %q, %v; not idempotent", got, again, err)
		}
	})
}

func FuzzValidEmail(f *testing.F) {
	for _, s := range []string{"name@example.com", "a@b.co", "@", "a@b", "a..b@c.com", "x@xn--p1ai.xn--p1ai", "a\x00@example.com", "caf\xe9@example.com", "a@example.com\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := notify.ValidEmail(s)
		if err == nil && (strings.Count(s, "@") != 1 || strings.ContainsAny(s, " \t\r\n<>\"") || len(s) > 320) {
			t.Fatalf("ValidEmail(%q) accepted it", s)
		}
		if err != nil && learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("ValidEmail(%q) = %v, want EINVALID", s, err)
		}
	})
}
