package importer

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

// clip shortens s to at most max characters, at a word where it can, ending
// with an ellipsis; it reports whether it shortened it.
func clip(s string, max int) (string, bool) {
	if utf8.RuneCountInString(s) <= max {
		return s, false
	}
	r := []rune(s)[:max-1]
	cut := string(r)
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRightFunc(cut, func(c rune) bool { return unicode.IsSpace(c) || unicode.IsPunct(c) }) + "…", true
}

// firstSentences returns the leading whole sentences of s that fit in max
// characters, or s clipped at a word when the first sentence is too long.
func firstSentences(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	best := ""
	for i := 0; i < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && (i+1 == len(s) || s[i+1] == ' ') {
			if utf8.RuneCountInString(s[:i+1]) > max {
				break
			}
			best = s[:i+1]
		}
	}
	if best != "" {
		return best
	}
	out, _ := clip(s, max)
	return out
}

// slug makes a short lower-case key of words joined by hyphens.
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= max {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// normalSpace trims s and turns CRLF into LF.
func normalSpace(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// containsWord reports whether s contains any of the words, as whole words
// or the start of one, ignoring case.
func containsWord(s string, words ...string) bool {
	s = " " + strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, " "+w) || strings.Contains(s, "("+w) || strings.Contains(s, "-"+w) {
			return true
		}
	}
	return false
}
