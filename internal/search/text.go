package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// MaxQueryBytes is how much of a person's words is read: the rest is ignored.
const MaxQueryBytes = 512

// MaxQueryTerms is the most distinct terms a query keeps; later words are ignored.
const MaxQueryTerms = 12

// maxTermBytes is the longest token kept, in bytes after folding. Longer
// tokens (pasted URLs, keyboard mashing) are dropped, in documents and queries.
const maxTermBytes = 48

// Terms returns the search terms of a person's words, in order, without
// duplicates: the words are folded (lowercased, accents removed, ligatures
// and compatibility forms expanded), split on anything that is not a letter
// or a digit, stripped of English stop words and stemmed with the Porter2
// (Snowball English) stemmer. Nothing is syntax: quotes, minus signs, stars,
// colons, AND, OR and NOT are ordinary characters or words. Only the first
// MaxQueryBytes bytes and the first MaxQueryTerms distinct terms are kept.
// Documents are analysed the same way, so a term matches a document when the
// document contains a word with the same stem.
func Terms(words string) []string {
	if len(words) > MaxQueryBytes {
		// A rune cut in half decodes as U+FFFD, which separates words.
		words = words[:MaxQueryBytes]
	}
	var (
		a   analyzer
		out []string
	)
	a.terms(words, func(term string) {
		if len(out) < MaxQueryTerms && !containsString(out, term) {
			out = append(out, term)
		}
	})
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// analyzer turns text into terms, for queries and single documents. Its
// zero value is ready; it belongs to one goroutine.
type analyzer struct {
	buf []byte
}

// terms calls emit with each term of text, in order, duplicates included.
func (a *analyzer) terms(text string, emit func(term string)) {
	a.buf = tokens(text, a.buf, func(tok []byte) {
		if term := stem(string(tok)); term != "" {
			emit(term)
		}
	})
}

// vocab numbers the terms met by one build worker and remembers the term of
// each token it has seen, so each distinct word is stemmed once per build.
type vocab struct {
	tokens map[string]int32 // token -> term id; -1 for a stop word
	ids    map[string]int32 // term -> term id
	terms  []string         // term id -> term
	buf    []byte
}

func newVocab() *vocab {
	return &vocab{tokens: map[string]int32{}, ids: map[string]int32{}}
}

// termIDs calls emit with the id of each term of text, in order.
func (v *vocab) termIDs(text string, emit func(id int32)) {
	v.buf = tokens(text, v.buf, func(tok []byte) {
		id, ok := v.tokens[string(tok)]
		if !ok {
			id = -1
			if term := stem(string(tok)); term != "" {
				if id, ok = v.ids[term]; !ok {
					id = int32(len(v.terms))
					v.ids[term] = id
					v.terms = append(v.terms, term)
				}
			}
			v.tokens[string(tok)] = id
		}
		if id >= 0 {
			emit(id)
		}
	})
}

// tokens calls emit with each folded token of text (stop words included,
// nothing stemmed): runs of letters and digits, lowercased, with accents
// removed, compatibility forms (ligatures, full-width letters) expanded and
// apostrophes kept only between letters. Tokens longer than maxTermBytes
// are dropped. It returns buf, grown, for reuse; emit must not keep tok.
func tokens(text string, buf []byte, emit func(tok []byte)) []byte {
	if !isASCII(text) {
		text = norm.NFKD.String(text)
	}
	buf = buf[:0]
	tooLong, apostrophe := false, false
	flush := func() {
		if len(buf) > 0 && !tooLong {
			emit(buf)
		}
		buf, tooLong, apostrophe = buf[:0], false, false
	}
	var enc [utf8.UTFMax]byte
	add := func(b []byte) {
		if apostrophe {
			apostrophe = false
			if len(buf) < maxTermBytes {
				buf = append(buf, '\'')
			}
		}
		if len(buf)+len(b) > maxTermBytes {
			tooLong = true
			return
		}
		buf = append(buf, b...)
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case '0' <= c && c <= '9':
				if apostrophe {
					flush()
				}
			case c == '\'':
				apostrophe = len(buf) > 0
				continue
			default:
				flush()
				continue
			}
			if apostrophe || len(buf) >= maxTermBytes {
				enc[0] = c
				add(enc[:1])
			} else {
				buf = append(buf, c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r == '\u2019' || r == '\u2018' || r == '\u201B' || r == '\u02BC':
			apostrophe = len(buf) > 0
		case unicode.Is(unicode.Mn, r):
			// A combining mark left by decomposition: dropped, so é is e.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if unicode.IsDigit(r) && apostrophe {
				flush()
			}
			if s, ok := foldSpecial[r]; ok {
				add([]byte(s))
				continue
			}
			n := utf8.EncodeRune(enc[:], unicode.ToLower(r))
			add(enc[:n])
		default:
			flush()
		}
	}
	flush()
	return buf
}

// stem returns the term for a token: "" for a stop word, the Porter2 stem
// for a word of ASCII letters, the token itself otherwise (numbers, words in
// other scripts). Apostrophes are removed after stemming.
func stem(tok string) string {
	if stopWords[tok] {
		return ""
	}
	if len(tok) > 2 && isLowerASCIIWord(tok) {
		tok = english.Stem(tok, true)
	}
	if strings.IndexByte(tok, '\'') >= 0 {
		tok = strings.ReplaceAll(tok, "'", "")
	}
	return tok
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isLowerASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || c == '\'') {
			return false
		}
	}
	return true
}

// foldSpecial maps letters that Unicode does not decompose to their usual
// ASCII spelling, so "Straße" finds "strasse".
var foldSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	'ł': "l", 'Ł': "l", 'ı': "i", 'þ': "th", 'Þ': "th",
}

// stopWords are dropped from documents and queries. The list is short on
// purpose: "it" (IT skills), "no", "not", "up" and "over" carry meaning in
// course titles.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true,
	"be": true, "but": true, "by": true, "for": true, "from": true, "how": true,
	"i": true, "if": true, "in": true, "into": true, "is": true, "its": true,
	"of": true, "on": true, "or": true, "our": true, "so": true, "that": true,
	"the": true, "their": true, "this": true, "to": true, "was": true, "we": true,
	"what": true, "with": true, "you": true, "your": true, "yours": true,
}
