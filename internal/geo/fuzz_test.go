package geo

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"learnwell"
)

func FuzzParsePostcode(f *testing.F) {
	for _, s := range []string{
		"EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "SW1A 1AA",
		"n7", "  se1  7pb ", "SE17PB", "sw1a1aa", "GIR 0AA", "ZZ9 9ZZ", "E1W",
		"", " ", "123", "SE1 7P", "SE1 7PBB", "ZZZ", "SE1 CPB", "SE17 PB", "E1 7", "SE1 7PB X", "S E 1 7 P B",
		"SE1\u00a07PB", "ＳＥ１ ７ＰＢ", "SE1 7P\xff", "N7\x009AB", "\x00", "SE1\x1b7PB", "ıG1 1AA", "\u212a1 1AA",
		strings.Repeat("A", 100), strings.Repeat(" ", maxPostcodeInput-7) + "SE1 7PB",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePostcode(s)
		if err != nil {
			var e *learnwell.Error
			if !errors.As(err, &e) || e.Code != learnwell.EINVALID ||
				(e.Message != MsgPostcodeEmpty && e.Message != MsgPostcodeInvalid) {
				t.Fatalf("ParsePostcode(%q): unexpected error %#v", s, err)
			}
			if p != (Postcode{}) {
				t.Fatalf("ParsePostcode(%q) = %#v with an error", s, p)
			}
			if e.Message == MsgPostcodeEmpty && strings.TrimFunc(s, unicode.IsSpace) != "" {
				t.Fatalf("ParsePostcode(%q): said empty", s)
			}
			return
		}
		str := p.String()
		if len(s) > maxPostcodeInput {
			t.Fatalf("accepted %d bytes of input", len(s))
		}
		if len(p.Outward) < 2 || len(p.Outward) > 4 || (len(p.Inward) != 0 && len(p.Inward) != 3) {
			t.Fatalf("ParsePostcode(%q) = %#v: parts of the wrong length", s, p)
		}
		if len(str) < 2 || len(str) > 8 || str != strings.ToUpper(str) || !utf8.ValidString(str) {
			t.Fatalf("ParsePostcode(%q).String() = %q: not 2-8 upper-case characters", s, str)
		}
		if !p.valid() {
			t.Fatalf("ParsePostcode(%q) = %#v, which is not valid", s, p)
		}
		// Round trips: the written form, lower case, and without the space.
		for _, again := range []string{str, strings.ToLower(str), p.Outward + p.Inward} {
			q, err := ParsePostcode(again)
			if err != nil || q != p {
				t.Fatalf("ParsePostcode(%q) = %#v, but %q gives %#v, %v", s, p, again, q, err)
			}
		}
		// Locate never panics, and says found or not found, nothing else.
		if _, err := Locate(p); err != nil && learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("Locate(%#v): %v", p, err)
		}
	})
}
