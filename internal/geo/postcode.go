package geo

import (
	"unicode"

	"learnwell"
)

// Messages shown to a person when a postcode cannot be used. They are the
// Message of the *learnwell.Error that ParsePostcode, Locate and LocateString
// return; a caller puts them against its own form field.
const (
	// MsgPostcodeEmpty is the message for an empty (or all-whitespace) postcode.
	MsgPostcodeEmpty = "Enter a postcode, like SE1 7PB"
	// MsgPostcodeInvalid is the message for input that is not shaped like a
	// UK postcode or postcode district.
	MsgPostcodeInvalid = "Enter a real postcode, like SE1 7PB or N7"
)

// maxPostcodeInput caps the bytes ParsePostcode looks at. The longest postcode
// is 8 characters; the rest is room for stray whitespace from forms and pastes.
const maxPostcodeInput = 64

// Postcode is a normalised UK postcode ("SW1A 1AA") or postcode district
// ("N7"). Outward is the outward code (the district, or outcode) and Inward the
// inward code, "" for a district. Both are upper case. Use ParsePostcode to
// make one from what a person typed.
type Postcode struct {
	Outward string
	Inward  string
}

// String returns the postcode in its standard written form: "SW1A 1AA", or
// "N7" for a district, or "" for the zero Postcode.
func (p Postcode) String() string {
	if p.Inward == "" {
		return p.Outward
	}
	return p.Outward + " " + p.Inward
}

// IsDistrict reports whether p is a postcode district (an outward code alone),
// such as "N7".
func (p Postcode) IsDistrict() bool { return p.Outward != "" && p.Inward == "" }

// IsZero reports whether p is the zero Postcode (nothing entered).
func (p Postcode) IsZero() bool { return p == Postcode{} }

// District returns the district p belongs to: p without its inward code.
func (p Postcode) District() Postcode { return Postcode{Outward: p.Outward} }

// valid reports whether p has the shape ParsePostcode produces.
func (p Postcode) valid() bool {
	if p.Outward == "GIR" {
		return p.Inward == "0AA"
	}
	return isOutward(p.Outward) && (p.Inward == "" || isInward(p.Inward))
}

// ParsePostcode reads a UK postcode or postcode district as a person might type
// it, in any case and with any whitespace around it or between its two parts,
// or none: " sw1a1aa " and "SW1A  1AA" both give SW1A 1AA, and "n7" gives the
// district N7.
//
// The outward code must have one of the shapes A9, A99, AA9, AA99, A9A or
// AA9A (A a letter, 9 a digit), and the inward code the shape 9AA, its letters
// other than C, I, K, M, O and V. GIR 0AA is accepted too. Only ASCII letters
// and digits count; any Unicode whitespace separates. When there is whitespace
// inside the input it must fall between the outward and inward codes: "SE17 PB"
// and "E1 7" (a postcode sector) are refused rather than guessed at, since
// closing the gap in "E1 7" would silently give a different district, E17.
//
// Input longer than 64 bytes is refused before any other work. The shape is
// all that is checked: ZZ9 9ZZ parses, and Locate then reports it
// as not found. Errors are *learnwell.Error with code EINVALID and the message
// MsgPostcodeEmpty or MsgPostcodeInvalid.
func ParsePostcode(s string) (Postcode, error) {
	if len(s) > maxPostcodeInput {
		return Postcode{}, errInvalid()
	}
	var buf [maxPostcodeInput]byte
	n, split, parts := 0, 0, 0
	inPart := false
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z':
			r -= 'a' - 'A'
		case 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		case unicode.IsSpace(r):
			inPart = false
			continue
		default: // including utf8.RuneError for bytes that are not UTF-8
			return Postcode{}, errInvalid()
		}
		if !inPart {
			inPart = true
			parts++
			if parts == 2 {
				split = n
			}
		}
		buf[n] = byte(r)
		n++
	}
	switch parts {
	case 0:
		return Postcode{}, &learnwell.Error{Code: learnwell.EINVALID, Message: MsgPostcodeEmpty}
	case 1:
		split = splitCompact(buf[:n])
	case 2:
		// split already marks where the second part began.
	default:
		return Postcode{}, errInvalid()
	}
	if !validParts(buf[:split], buf[split:n]) {
		return Postcode{}, errInvalid()
	}
	all := string(buf[:n]) // one allocation for both parts
	return Postcode{Outward: all[:split], Inward: all[split:]}, nil
}

// splitCompact returns where the inward code would begin in a postcode
// written without a space: len(b) (a district alone) up to 4 characters, else
// 3 from the end. The readings cannot clash, as an outward code has at most 4
// characters and a full postcode at least 5; validParts checks the result.
func splitCompact(b []byte) int {
	if len(b) <= 4 {
		return len(b)
	}
	return len(b) - 3
}

// validParts reports whether out and in are an outward code and an inward code
// ("" for a district), or GIR and 0AA.
func validParts(out, in []byte) bool {
	if string(out) == "GIR" {
		return string(in) == "0AA"
	}
	return isOutward(out) && (len(in) == 0 || isInward(in))
}

// isOutward reports whether b has one of the outward code shapes A9, A99,
// AA9, AA99, A9A or AA9A. It expects upper case.
func isOutward[T string | []byte](b T) bool {
	switch len(b) {
	case 2: // A9
		return isLetter(b[0]) && isDigit(b[1])
	case 3: // A99, A9A, AA9
		return isLetter(b[0]) &&
			(isDigit(b[1]) && (isDigit(b[2]) || isLetter(b[2])) ||
				isLetter(b[1]) && isDigit(b[2]))
	case 4: // AA99, AA9A
		return isLetter(b[0]) && isLetter(b[1]) && isDigit(b[2]) &&
			(isDigit(b[3]) || isLetter(b[3]))
	}
	return false
}

// isInward reports whether b is an inward code: a digit and two letters, the
// letters not C, I, K, M, O or V. It expects upper case.
func isInward[T string | []byte](b T) bool {
	return len(b) == 3 && isDigit(b[0]) && isInwardLetter(b[1]) && isInwardLetter(b[2])
}

func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isInwardLetter(c byte) bool {
	switch c {
	case 'C', 'I', 'K', 'M', 'O', 'V':
		return false
	}
	return isLetter(c)
}

func errInvalid() error {
	return &learnwell.Error{Code: learnwell.EINVALID, Message: MsgPostcodeInvalid}
}
