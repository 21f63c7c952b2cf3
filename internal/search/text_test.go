package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		name  string
		words string
		want  []string
	}{
		{"empty", "", nil},
		{"whitespace only", " \t\n  ", nil},
		{"stop words only", "the and of", nil},
		{"stems a title", "Painting for beginners", []string{"paint", "beginn"}},
		{"singular and plural agree", "beginner", []string{"beginn"}},
		{"verb form", "paint", []string{"paint"}},
		{"lowercases", "ESOL Entry 2", []string{"esol", "entri", "2"}},
		{"punctuation is whitespace", "Digital skills: using your smartphone!", []string{"digit", "skill", "use", "smartphon"}},
		{"accents folded", "Café Crème", []string{"cafe", "creme"}},
		{"accent folds to same as plain", "cafe creme", []string{"cafe", "creme"}},
		{"ligatures and special letters", "Straße Æsop", []string{"strass", "aesop"}},
		{"quotes are not phrases", `"creative writing"`, []string{"creativ", "write"}},
		{"minus is not negation", "-yoga", []string{"yoga"}},
		{"OR is not an operator", "yoga OR pilates", []string{"yoga", "pilat"}},
		{"AND is not an operator", "yoga AND pilates", []string{"yoga", "pilat"}},
		{"star is not a wildcard", "paint*", []string{"paint"}},
		{"colon is not a column filter", "title:yoga", []string{"titl", "yoga"}},
		{"hyphenated words split", "self-esteem", []string{"self", "esteem"}},
		{"possessive", "Women's health", []string{"women", "health"}},
		{"curly apostrophe", "women’s health", []string{"women", "health"}},
		{"duplicates dropped", "paint painting paints", []string{"paint"}},
		{"IT is not a stop word", "IT skills", []string{"it", "skill"}},
		{"digits kept", "Level 3 maths", []string{"level", "3", "math"}},
		{"non-latin kept", "курс 日本語", []string{"курс", "日本語"}},
		{"sql-ish text is just words", "'; DROP TABLE courses; --", []string{"drop", "tabl", "cours"}},
		{"fts syntax is just words", "NEAR(yoga pilates) ^title", []string{"near", "yoga", "pilat", "titl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Terms(tt.words)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.words, got, tt.want)
			}
		})
	}
}

func TestTermsCapsLongInput(t *testing.T) {
	// Many distinct words: only the first MaxQueryTerms survive.
	var b strings.Builder
	for i := 0; i < 200; i++ {
		b.WriteString("word")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteByte(byte('a' + i%26))
		b.WriteByte(byte('a' + (i/26)%26))
		b.WriteByte(' ')
	}
	got := Terms(b.String())
	if len(got) != MaxQueryTerms {
		t.Errorf("len(Terms(long)) = %d, want %d", len(got), MaxQueryTerms)
	}
	// One enormous word is dropped rather than indexed or matched.
	if got := Terms(strings.Repeat("a", 10000)); len(got) != 0 {
		t.Errorf("Terms(10000 a's) = %q, want none", got)
	}
	// Words past MaxQueryBytes are not read at all.
	long := strings.Repeat("x ", MaxQueryBytes) + "yoga"
	if got := Terms(long); slices.Contains(got, "yoga") {
		t.Errorf("Terms read past MaxQueryBytes: %q", got)
	}
}

func TestTextTermsOfDocumentMatchQuery(t *testing.T) {
	var a analyzer
	var got []string
	a.terms("Watercolour Painting for Beginners — Café edition", func(term string) { got = append(got, term) })
	want := []string{"watercolour", "paint", "beginn", "cafe", "edit"}
	if !slices.Equal(got, want) {
		t.Errorf("document terms = %q, want %q", got, want)
	}
}

func FuzzQueryWords(f *testing.F) {
	for _, s := range []string{"", "Painting for beginners", `"a" OR -b* c:d`, "café", "\xff\xfe", "women’s", strings.Repeat("ab ", 400), "ǅ̀̀̀̀", "İstanbul ß", "a\x00b", "\x1b[31m", "caf\xe9", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, words string) {
		terms := Terms(words)
		if len(terms) > MaxQueryTerms {
			t.Fatalf("%d terms, more than %d", len(terms), MaxQueryTerms)
		}
		seen := map[string]bool{}
		for _, term := range terms {
			if term == "" || len(term) > maxTermBytes {
				t.Fatalf("bad term %q", term)
			}
			if !utf8.ValidString(term) {
				t.Fatalf("invalid UTF-8 term %q", term)
			}
			if seen[term] {
				t.Fatalf("duplicate term %q", term)
			}
			seen[term] = true
			if strings.ContainsFunc(term, func(r rune) bool { return r == ' ' || r == '"' || r == '*' || r == ':' || r == '-' || r == '\'' }) {
				t.Fatalf("term %q holds a separator", term)
			}
		}
	})
}
