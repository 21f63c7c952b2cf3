package directory

import "testing"

func TestParsePounds(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"12", 1200, true},
		{"12.50", 1250, true},
		{"12.5", 1250, true},
		{"£12.50", 1250, true},
		{" £ 12.50 ", 1250, true},
		{"0", 0, true},
		{"0.00", 0, true},
		{".50", 50, true},
		{"1,200", 120000, true},
		{"1,200.99", 120099, true},
		{"10000", 1000000, true},
		{"12.505", 0, false}, // fractions of a penny
		{"-5", 0, false},
		{"12.", 0, false},
		{"", 0, false},
		{"£", 0, false},
		{"twelve", 0, false},
		{"1e3", 0, false},
		{"12,50", 0, false},
		{"1,20,0", 0, false},
		{"99999999999999999999", 0, false},
		{"12.50p", 0, false},
	}
	for _, tt := range tests {
		got, err := ParsePounds(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParsePounds(%q) = %d, %v; want %d ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestFormatPence(t *testing.T) {
	tests := map[int64]string{
		0:       "£0",
		5:       "£0.05",
		1250:    "£12.50",
		1200:    "£12",
		120099:  "£1,200.99",
		1000000: "£10,000",
		-150:    "-£1.50",
	}
	for in, want := range tests {
		if got := FormatPence(in); got != want {
			t.Errorf("FormatPence(%d) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParsePounds(f *testing.F) {
	for _, s := range []string{"12.50", "£1,200", "0", ".5", "-1", "1,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePounds(s)
		if err != nil {
			return
		}
		if p < 0 || p > maxPence {
			t.Fatalf("ParsePounds(%q) = %d out of range", s, p)
		}
		again, err := ParsePounds(FormatPence(p))
		if err != nil || again != p {
			t.Fatalf("FormatPence(%d) = %q does not parse back: %d, %v", p, FormatPence(p), again, err)
		}
	})
}
