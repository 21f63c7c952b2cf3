package learnwell_test

import (
	"reflect"
	"testing"

	"learnwell"
)

func TestUnusualText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", false},
		{"Pottery for beginners", false},
		{"Café – naïve 日本語 🎨", false},
		{"two\tcolumns\r\nand lines\n", false},
		{"a\x00@example.com", true},
		{"\x00", true},
		{"bell\x07", true},
		{"escape\x1b[31m", true},
		{"unit\x1f", true},
		{"\xff", true},
		{"caf\xe9", true},           // Latin-1, not UTF-8
		{"\xed\xa0\x80", true},      // a UTF-16 surrogate encoded as UTF-8
		{"\xc0\x80", true},          // an overlong NUL
		{"delete\x7f", false},       // DEL is not a C0 control
		{"\u0085 next line", false}, // C1 controls are valid UTF-8 and harmless to both engines
	} {
		if got := learnwell.UnusualText(tc.in); got != tc.want {
			t.Errorf("UnusualText(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCheckText(t *testing.T) {
	labels := map[string]string{"title": "the title", "purpose": "the purpose"}
	label := func(f string) string { return labels[f] }
	if err := learnwell.CheckText(map[string][]string{"title": {"Art"}, "purpose": {"Line one\r\nLine two"}}, label); err != nil {
		t.Fatalf("plain text refused: %v", err)
	}
	err := learnwell.CheckText(map[string][]string{
		"title":   {"Art\x00"},
		"purpose": {"ok", "\xff"},
		"other":   {"x\x01"},
		"fine":    {"fine"},
		"bad\x00": {"value"},
	}, label)
	if learnwell.ErrorCode(err) != learnwell.EINVALID {
		t.Fatalf("code = %q, want invalid (%v)", learnwell.ErrorCode(err), err)
	}
	want := []learnwell.FieldError{
		{Field: "", Message: "Remove the unusual characters from your answers"},
		{Field: "other", Message: "Remove the unusual characters from this answer"},
		{Field: "purpose", Message: "Remove the unusual characters from the purpose"},
		{Field: "title", Message: "Remove the unusual characters from the title"},
	}
	if got := learnwell.ErrorFields(err); !reflect.DeepEqual(got, want) {
		t.Errorf("fields = %#v\nwant %#v", got, want)
	}
}

func TestCheckJSONText(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		fields []string
	}{
		{"plain", `{"name": "Art", "tags": ["a", "b"], "n": 1, "ok": true, "none": null}`, nil},
		{"escaped newline and tab", `{"name": "a\nb\tc", "emoji": "\ud83c\udfa8"}`, nil},
		{"escaped NUL", `{"name": "a\u0000b"}`, []string{"name"}},
		{"escaped control", `{"name": "ok", "note": "\u001b[31m"}`, []string{"note"}},
		{"raw invalid UTF-8", "{\"name\": \"caf\xe9\"}", []string{"name"}},
		{"nested", `{"organization": {"name": "x\u0000"}, "contacts": [{"phone": "1"}, {"phone": "\u0007"}]}`, []string{"contacts[1].phone", "organization.name"}},
		{"in an array at the top", `["ok", "\u0000"]`, []string{"[1]"}},
		{"a member name", `{"na\u0000me": "x"}`, []string{""}},
		{"a lone surrogate escape", `{"name": "\ud800"}`, []string{"name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := learnwell.CheckJSONText([]byte(tc.in), nil)
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Fatalf("code = %q, want invalid (%v)", learnwell.ErrorCode(err), err)
			}
			if got := learnwell.SortedFieldNames(learnwell.ErrorFields(err)); !reflect.DeepEqual(got, tc.fields) {
				t.Errorf("fields = %q, want %q", got, tc.fields)
			}
		})
	}
	// Not JSON at all is for the decoder to refuse, not this check.
	if err := learnwell.CheckJSONText([]byte(`{"name": `), nil); err != nil {
		t.Errorf("broken JSON: %v, want nil", err)
	}
}

func FuzzCheckJSONText(f *testing.F) {
	for _, s := range []string{`{}`, `{"a": "b"}`, `{"a": "\u0000"}`, "{\"a\": \"\xff\"}", `[[["\ud800"]]]`, `{"a": {"b": [1, "x\u001f"]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := learnwell.CheckJSONText(data, nil)
		if err != nil && learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("code %q: %v", learnwell.ErrorCode(err), err)
		}
	})
}
