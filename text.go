package learnwell

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text that learnwell refuses. Every text a person or another system sends
// (a form, a query string, a JSON body, an imported file) is checked for it
// once, where it comes in, so both database engines see the same text: SQLite
// would store a NUL byte or bytes that are not UTF-8, and PostgreSQL refuses
// them (SQLSTATE 22021), so the same input would otherwise get different
// answers. See docs/architecture.md.

// UnusualText reports whether s holds something learnwell does not accept in
// text: bytes that are not UTF-8 (including an encoded UTF-16 surrogate or an
// overlong form), a NUL byte, or another C0 control character other than tab,
// line feed and carriage return. DEL and the C1 controls are valid UTF-8 that
// both engines store alike, so they pass.
func UnusualText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return true
		}
		i += size
	}
	return false
}

// UnusualTextMessage is the message for a field whose text was refused;
// label names the field as it reads in a sentence ("the title").
func UnusualTextMessage(label string) string {
	return "Remove the unusual characters from " + label
}

// defaultLabel names a field whose label the caller does not know.
const defaultLabel = "this answer"

// CheckText checks the values of named fields, such as a form or a query
// string. It returns nil when every name and value is plain text, or an
// EINVALID *Error with one message per field holding unusual text (see
// UnusualText), in the order of the field names. label names a field in a
// sentence ("the title"); it may be nil, or return "", for "this answer". A
// name that is itself unusual is reported once, with no field (so with no
// link), as "your answers".
func CheckText(values map[string][]string, label func(field string) string) error {
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	var v Validation
	for _, name := range names {
		if UnusualText(name) {
			v.Add("", UnusualTextMessage("your answers"))
			continue
		}
		for _, val := range values[name] {
			if UnusualText(val) {
				v.Add(name, UnusualTextMessage(labelOf(label, name)))
				break
			}
		}
	}
	return v.Err()
}

func labelOf(label func(string) string, field string) string {
	if label != nil {
		if l := label(field); l != "" {
			return l
		}
	}
	return defaultLabel
}

// CheckJSONText checks every string of a JSON document, member names
// included, in one pass. Besides what UnusualText refuses in the decoded
// text, it refuses a \u escape of a lone UTF-16 surrogate (which PostgreSQL
// refuses in JSON, SQLSTATE 22P05, and Go would quietly replace). Fields are
// named by their path: "name", "organization.name", "contacts[1].phone",
// "[0]" for an array at the top; a bad member name is reported with no
// field. label is as for CheckText (nil: "this answer"). A document that is
// not JSON is left to the decoder: CheckJSONText reports only what it found
// before the syntax error.
func CheckJSONText(data []byte, label func(field string) string) error {
	type frame struct {
		object  bool
		wantKey bool
		key     string
		index   int
	}
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		return b.String()
	}
	advance := func() {
		if n := len(stack); n > 0 {
			if f := stack[n-1]; f.object {
				f.wantKey = true
			} else {
				f.index++
			}
		}
	}
	var v Validation
	dec := json.NewDecoder(bytes.NewReader(data))
	var prev int64
	for {
		tok, err := dec.Token()
		if err != nil {
			if err != io.EOF && len(v.Fields()) == 0 {
				return nil
			}
			break
		}
		span := data[prev:dec.InputOffset()]
		prev = dec.InputOffset()
		top := (*frame)(nil)
		if n := len(stack); n > 0 {
			top = stack[n-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &frame{object: true, wantKey: true})
			case '[':
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				advance()
			}
		case string:
			bad := unusualJSONString(span, t)
			if top != nil && top.object && top.wantKey {
				top.key, top.wantKey = t, false
				if bad {
					v.Add("", UnusualTextMessage("your answers"))
					top.key = "?"
				}
				continue
			}
			if bad {
				p := path()
				v.Add(p, UnusualTextMessage(labelOf(label, p)))
			}
			advance()
		default:
			advance()
		}
	}
	return v.Err()
}

// unusualJSONString reports whether a string token is unusual: its raw
// literal (the end of span, from its opening quote) is not UTF-8 or escapes a
// lone surrogate, or its decoded text is unusual.
func unusualJSONString(span []byte, decoded string) bool {
	if UnusualText(decoded) {
		return true
	}
	lit := span[max(0, bytes.IndexByte(span, '"')):]
	if !utf8.Valid(lit) {
		return true
	}
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' || i+1 >= len(lit) {
			continue
		}
		if lit[i+1] != 'u' {
			i++ // \" \\ \n ...: skip the escaped character
			continue
		}
		cp := hex4(lit[i+2:])
		switch {
		case cp >= 0xd800 && cp < 0xdc00: // a high surrogate: a low one must follow
			if i+11 >= len(lit) || lit[i+6] != '\\' || lit[i+7] != 'u' {
				return true
			}
			if low := hex4(lit[i+8:]); low < 0xdc00 || low > 0xdfff {
				return true
			}
			i += 11
		case cp >= 0xdc00 && cp <= 0xdfff:
			return true
		default:
			i += 5
		}
	}
	return false
}

// hex4 reads four hex digits, or returns -1.
func hex4(b []byte) int {
	if len(b) < 4 {
		return -1
	}
	n, err := strconv.ParseUint(string(b[:4]), 16, 16)
	if err != nil {
		return -1
	}
	return int(n)
}
