package geo

import (
	"errors"
	"strings"
	"testing"

	"learnwell"
)

func TestParsePostcodeAccepts(t *testing.T) {
	tests := []struct {
		in       string
		outward  string
		inward   string
		str      string
		district bool
	}{
		// The six outward shapes, each with an inward code.
		{"EC1A 1BB", "EC1A", "1BB", "EC1A 1BB", false}, // AA9A
		{"W1A 0AX", "W1A", "0AX", "W1A 0AX", false},    // A9A
		{"M1 1AE", "M1", "1AE", "M1 1AE", false},       // A9
		{"B33 8TH", "B33", "8TH", "B33 8TH", false},    // A99
		{"CR2 6XH", "CR2", "6XH", "CR2 6XH", false},    // AA9
		{"DN55 1PT", "DN55", "1PT", "DN55 1PT", false}, // AA99
		{"SW1A 1AA", "SW1A", "1AA", "SW1A 1AA", false},
		// Spacing and case.
		{"  se1  7pb ", "SE1", "7PB", "SE1 7PB", false},
		{"SE17PB", "SE1", "7PB", "SE1 7PB", false},
		{"se17pb", "SE1", "7PB", "SE1 7PB", false},
		{" sw1a1aa ", "SW1A", "1AA", "SW1A 1AA", false},
		{"Sw1A 1aA", "SW1A", "1AA", "SW1A 1AA", false},
		{"se1\t7pb", "SE1", "7PB", "SE1 7PB", false},
		{"\nSE1\r\n7PB\n", "SE1", "7PB", "SE1 7PB", false},
		{"SE1\u00a07PB", "SE1", "7PB", "SE1 7PB", false}, // no-break space, as pasted from a web page
		{"\u2003N7\u3000", "N7", "", "N7", true},         // em space, ideographic space
		{"m11ae", "M1", "1AE", "M1 1AE", false},
		{"ec1a1bb", "EC1A", "1BB", "EC1A 1BB", false},
		// Districts (outward code alone).
		{"n7", "N7", "", "N7", true},
		{"N7", "N7", "", "N7", true},
		{" se1 ", "SE1", "", "SE1", true},
		{"EC1A", "EC1A", "", "EC1A", true},
		{"e1w", "E1W", "", "E1W", true},
		{"SE28", "SE28", "", "SE28", true},
		{"cr0", "CR0", "", "CR0", true},
		// Well-formed but not real: parsing accepts the shape; Locate says not found.
		{"ZZ9 9ZZ", "ZZ9", "9ZZ", "ZZ9 9ZZ", false},
		{"zz99zz", "ZZ9", "9ZZ", "ZZ9 9ZZ", false},
		// The Girobank special case.
		{"GIR 0AA", "GIR", "0AA", "GIR 0AA", false},
		{"gir0aa", "GIR", "0AA", "GIR 0AA", false},
		// Every allowed inward letter.
		{"SE1 7AB", "SE1", "7AB", "SE1 7AB", false},
		{"SE1 7DE", "SE1", "7DE", "SE1 7DE", false},
		{"SE1 7FG", "SE1", "7FG", "SE1 7FG", false},
		{"SE1 7HJ", "SE1", "7HJ", "SE1 7HJ", false},
		{"SE1 7LN", "SE1", "7LN", "SE1 7LN", false},
		{"SE1 7PQ", "SE1", "7PQ", "SE1 7PQ", false},
		{"SE1 7RS", "SE1", "7RS", "SE1 7RS", false},
		{"SE1 7TU", "SE1", "7TU", "SE1 7TU", false},
		{"SE1 7WX", "SE1", "7WX", "SE1 7WX", false},
		{"SE1 7YZ", "SE1", "7YZ", "SE1 7YZ", false},
		// At the input length cap.
		{strings.Repeat(" ", maxPostcodeInput-7) + "SE1 7PB", "SE1", "7PB", "SE1 7PB", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePostcode(tt.in)
			if err != nil {
				t.Fatalf("ParsePostcode(%q) error %v", tt.in, err)
			}
			want := Postcode{Outward: tt.outward, Inward: tt.inward}
			if p != want {
				t.Errorf("ParsePostcode(%q) = %#v, want %#v", tt.in, p, want)
			}
			if got := p.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			if got := p.IsDistrict(); got != tt.district {
				t.Errorf("IsDistrict() = %v, want %v", got, tt.district)
			}
		})
	}
}

func TestParsePostcodeRejects(t *testing.T) {
	tests := []struct {
		name, in, msg string
	}{
		{"empty", "", MsgPostcodeEmpty},
		{"spaces", "   ", MsgPostcodeEmpty},
		{"whitespace", "\t\r\n\u00a0", MsgPostcodeEmpty},
		{"digits only", "123", MsgPostcodeInvalid},
		{"short inward", "SE1 7P", MsgPostcodeInvalid},
		{"long inward", "SE1 7PBB", MsgPostcodeInvalid},
		{"letters only", "ZZZ", MsgPostcodeInvalid},
		{"C in inward", "SE1 CPB", MsgPostcodeInvalid},
		{"inward C", "SE1 7PC", MsgPostcodeInvalid},
		{"inward I", "SE1 7IB", MsgPostcodeInvalid},
		{"inward K", "SE1 7PK", MsgPostcodeInvalid},
		{"inward M", "SE1 7MB", MsgPostcodeInvalid},
		{"inward O", "SE1 7PO", MsgPostcodeInvalid},
		{"inward V", "SE1 7VB", MsgPostcodeInvalid},
		{"inward C compact", "SE17PC", MsgPostcodeInvalid},
		{"inward starts with a letter", "SE1 APB", MsgPostcodeInvalid},
		{"inward digit last", "SE1 7P9", MsgPostcodeInvalid},
		{"leading digit", "1SE 7PB", MsgPostcodeInvalid},
		{"three letters", "ABC1 1AA", MsgPostcodeInvalid},
		{"outward too long", "SE1A1 7PB", MsgPostcodeInvalid},
		{"outward AA9A9", "EC1A1", MsgPostcodeInvalid},
		{"outward A99A", "N71A", MsgPostcodeInvalid},
		{"single letter", "N", MsgPostcodeInvalid},
		{"inward alone", "7PB", MsgPostcodeInvalid},
		{"space in the wrong place", "SE17 PB", MsgPostcodeInvalid},
		// "E1 7" is a postcode sector of E1: closing the gap would silently give E17.
		{"sector", "E1 7", MsgPostcodeInvalid},
		{"spread out", "S E 1 7 P B", MsgPostcodeInvalid},
		{"three parts", "SE1 7PB X", MsgPostcodeInvalid},
		{"hyphen", "SE1-7PB", MsgPostcodeInvalid},
		{"full stop", "SE1 7PB.", MsgPostcodeInvalid},
		{"GIR alone", "GIR", MsgPostcodeInvalid},
		{"GIR other inward", "GIR 1AA", MsgPostcodeInvalid},
		{"words", "London", MsgPostcodeInvalid},
		{"sql", "SE1' OR 1=1 --", MsgPostcodeInvalid},
		{"over the length cap", strings.Repeat(" ", maxPostcodeInput-6) + "SE1 7PB", MsgPostcodeInvalid},
		{"very long", strings.Repeat("A", 10000), MsgPostcodeInvalid},
		{"very long spaces", strings.Repeat(" ", 10000), MsgPostcodeInvalid},
		{"fullwidth", "ＳＥ１ ７ＰＢ", MsgPostcodeInvalid},
		{"emoji", "SE1 7PB😀", MsgPostcodeInvalid},
		{"accented", "ŞE1 7PB", MsgPostcodeInvalid},
		{"dotless i", "ıG1 1AA", MsgPostcodeInvalid},
		{"kelvin sign", "\u212a1 1AA", MsgPostcodeInvalid},
		{"zero width space", "SE1\u200b7PB", MsgPostcodeInvalid},
		{"invalid utf-8", "SE1 7P\xff", MsgPostcodeInvalid},
		{"replacement char", "SE1 7P\ufffd", MsgPostcodeInvalid},
		{"nul", "SE1\x007PB", MsgPostcodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePostcode(tt.in)
			if err == nil {
				t.Fatalf("ParsePostcode(%q) = %#v, want an error", tt.in, p)
			}
			if p != (Postcode{}) {
				t.Errorf("ParsePostcode(%q) returned %#v with its error, want the zero Postcode", tt.in, p)
			}
			var e *learnwell.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not a *learnwell.Error", err)
			}
			if e.Code != learnwell.EINVALID {
				t.Errorf("code %q, want %q", e.Code, learnwell.EINVALID)
			}
			if e.Message != tt.msg {
				t.Errorf("message %q, want %q", e.Message, tt.msg)
			}
		})
	}
}

func TestPostcodeMessages(t *testing.T) {
	// The exact person-facing words, as agreed with the content designer.
	if MsgPostcodeEmpty != "Enter a postcode, like SE1 7PB" {
		t.Errorf("MsgPostcodeEmpty = %q", MsgPostcodeEmpty)
	}
	if MsgPostcodeInvalid != "Enter a real postcode, like SE1 7PB or N7" {
		t.Errorf("MsgPostcodeInvalid = %q", MsgPostcodeInvalid)
	}
}

func TestPostcodeZeroValue(t *testing.T) {
	var p Postcode
	if p.String() != "" {
		t.Errorf("zero String() = %q", p.String())
	}
	if p.IsDistrict() {
		t.Error("the zero Postcode is not a district")
	}
	if !p.IsZero() {
		t.Error("IsZero() = false for the zero Postcode")
	}
	if (Postcode{Outward: "N7"}).IsZero() {
		t.Error("IsZero() = true for N7")
	}
}

func TestPostcodeDistrict(t *testing.T) {
	p := Postcode{Outward: "SE1", Inward: "7PB"}
	if got, want := p.District(), (Postcode{Outward: "SE1"}); got != want {
		t.Errorf("District() = %#v, want %#v", got, want)
	}
}

// Every outcode in the embedded data must parse as itself, as a district.
func TestParsePostcodeAllDataOutcodes(t *testing.T) {
	for _, d := range Districts() {
		p, err := ParsePostcode(strings.ToLower(d.Code))
		if err != nil {
			t.Errorf("outcode %s: %v", d.Code, err)
			continue
		}
		if !p.IsDistrict() || p.Outward != d.Code {
			t.Errorf("outcode %s parsed as %#v", d.Code, p)
		}
	}
}
