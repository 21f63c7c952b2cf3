package directory

import (
	"encoding/json"
	"testing"
	"time"

	"learnwell"
)

func d(y int, m time.Month, day int) Date { return Date{Year: y, Month: m, Day: day} }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-02-16", d(2026, 2, 16), true},
		{"2024-02-29", d(2024, 2, 29), true},
		{"0001-01-01", d(1, 1, 1), true},
		{"2025-02-29", Date{}, false}, // not a leap year
		{"2026-13-01", Date{}, false},
		{"2026-04-31", Date{}, false},
		{"2026-00-10", Date{}, false},
		{"2026-1-5", Date{}, false}, // must be zero-padded
		{"2026-01-05T00:00:00Z", Date{}, false},
		{" 2026-01-05", Date{}, false},
		{"", Date{}, false},
		{"２０２６-01-05", Date{}, false}, // full-width digits
		{"2026/01/05", Date{}, false},
		{"+026-01-05", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) error = %v, want ok %v", tt.in, err, tt.ok)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if err != nil && learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Errorf("ParseDate(%q) code = %q, want invalid", tt.in, learnwell.ErrorCode(err))
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("round trip %q -> %q", tt.in, got.String())
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	if got := d(2026, 2, 28).AddDays(1); got != d(2026, 3, 1) {
		t.Errorf("AddDays over February: %v", got)
	}
	if got := d(2024, 2, 28).AddDays(1); got != d(2024, 2, 29) {
		t.Errorf("AddDays leap: %v", got)
	}
	if got := d(2026, 1, 1).AddDays(-1); got != d(2025, 12, 31) {
		t.Errorf("AddDays back over year: %v", got)
	}
	// Across the clock change: days are days, not 24-hour periods.
	if got := d(2026, 3, 29).DaysSince(d(2026, 3, 28)); got != 1 {
		t.Errorf("DaysSince over DST = %d", got)
	}
	if got := d(2027, 1, 1).DaysSince(d(2026, 1, 1)); got != 365 {
		t.Errorf("DaysSince a year = %d", got)
	}
	if got := d(2026, 11, 24).Weekday(); got != time.Tuesday {
		t.Errorf("Weekday = %v, want Tuesday", got)
	}
	a, b := d(2026, 2, 16), d(2026, 2, 17)
	if !a.Before(b) || a.After(b) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Errorf("comparisons wrong")
	}
	if !(Date{}).IsZero() || a.IsZero() {
		t.Errorf("IsZero wrong")
	}
	if (Date{}).String() != "" {
		t.Errorf("zero date String = %q", (Date{}).String())
	}
	if d(2026, 2, 30).Valid() || !d(2026, 2, 28).Valid() {
		t.Errorf("Valid wrong")
	}
}

func TestDateOfUsesLondon(t *testing.T) {
	// 23:30 UTC on 1 July is 00:30 BST on 2 July.
	if got := DateOf(time.Date(2026, 7, 1, 23, 30, 0, 0, time.UTC)); got != d(2026, 7, 2) {
		t.Errorf("DateOf summer = %v", got)
	}
	// 23:30 UTC on 1 December is still 1 December in London (GMT).
	if got := DateOf(time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)); got != d(2026, 12, 1) {
		t.Errorf("DateOf winter = %v", got)
	}
}

func TestDateAt(t *testing.T) {
	summer := d(2026, 7, 1).At(ClockTime{Hour: 10})
	if summer.UTC().Hour() != 9 {
		t.Errorf("10:00 BST = %v UTC, want 09:00", summer.UTC())
	}
	winter := d(2026, 12, 1).At(ClockTime{Hour: 10})
	if winter.UTC().Hour() != 10 {
		t.Errorf("10:00 GMT = %v UTC, want 10:00", winter.UTC())
	}
}

func TestDateJSON(t *testing.T) {
	type wrap struct {
		D Date `json:"d"`
		Z Date `json:"z"`
	}
	b, err := json.Marshal(wrap{D: d(2026, 2, 16)})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"d":"2026-02-16","z":""}` {
		t.Errorf("marshal = %s", b)
	}
	var w wrap
	if err := json.Unmarshal([]byte(`{"d":"2026-02-16","z":""}`), &w); err != nil {
		t.Fatal(err)
	}
	if w.D != d(2026, 2, 16) || !w.Z.IsZero() {
		t.Errorf("unmarshal = %+v", w)
	}
	var ct struct{ T ClockTime }
	if err := json.Unmarshal([]byte(`{"T":""}`), &ct); err != nil || !ct.T.IsZero() {
		t.Errorf("empty ClockTime: %v, %v", ct.T, err)
	}
	if err := json.Unmarshal([]byte(`{"T":"25:00"}`), &ct); err == nil {
		t.Errorf("unmarshal of an impossible time succeeded")
	}
	if err := json.Unmarshal([]byte(`{"d":"2026-02-30"}`), &w); err == nil {
		t.Errorf("unmarshal of an impossible date succeeded")
	}
}

func TestParseClockTime(t *testing.T) {
	tests := []struct {
		in   string
		want ClockTime
		ok   bool
	}{
		{"10:00", ClockTime{10, 0}, true},
		{"9:30", ClockTime{9, 30}, true},
		{"09:30", ClockTime{9, 30}, true},
		{"23:59", ClockTime{23, 59}, true},
		{"00:00", ClockTime{0, 0}, true},
		{"18:00:00", ClockTime{18, 0}, true}, // ORUK examples carry seconds
		{"18:00:30", ClockTime{}, false},
		{"24:00", ClockTime{}, false},
		{"12:60", ClockTime{}, false},
		{"12:5", ClockTime{}, false},
		{"1230", ClockTime{}, false},
		{"", ClockTime{}, false},
		{"10:00Z", ClockTime{}, false},
		{"-1:00", ClockTime{}, false},
	}
	for _, tt := range tests {
		got, err := ParseClockTime(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseClockTime(%q) = %v, %v; want %v ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestClockTimeFormats(t *testing.T) {
	tests := []struct {
		t      ClockTime
		str    string
		spoken string
	}{
		{ClockTime{10, 0}, "10:00", "10am"},
		{ClockTime{9, 5}, "09:05", "9:05am"},
		{ClockTime{12, 0}, "12:00", "midday"},
		{ClockTime{12, 30}, "12:30", "12:30pm"},
		{ClockTime{17, 0}, "17:00", "5pm"},
		{ClockTime{0, 0}, "00:00", "midnight"},
		{ClockTime{0, 15}, "00:15", "12:15am"},
		{ClockTime{23, 45}, "23:45", "11:45pm"},
	}
	for _, tt := range tests {
		if got := tt.t.String(); got != tt.str {
			t.Errorf("String(%v) = %q, want %q", tt.t, got, tt.str)
		}
		if got := tt.t.Spoken(); got != tt.spoken {
			t.Errorf("Spoken(%v) = %q, want %q", tt.t, got, tt.spoken)
		}
	}
	if !(ClockTime{9, 0}).Before(ClockTime{9, 1}) || (ClockTime{9, 1}).Before(ClockTime{9, 1}) {
		t.Errorf("Before wrong")
	}
}

func TestDateSpoken(t *testing.T) {
	if got := d(2026, 2, 16).Spoken(); got != "16 February 2026" {
		t.Errorf("Spoken = %q", got)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-02-16", "2024-02-29", "2025-02-29", "", "9999-12-31", "2026-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		if err != nil {
			return
		}
		if !got.Valid() {
			t.Fatalf("ParseDate(%q) gave invalid %v", s, got)
		}
		if got.String() != s {
			t.Fatalf("ParseDate(%q) does not round trip: %q", s, got.String())
		}
	})
}

func FuzzParseClockTime(f *testing.F) {
	for _, s := range []string{"10:00", "9:30", "18:00:00", "24:00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseClockTime(s)
		if err != nil {
			return
		}
		if !got.Valid() {
			t.Fatalf("ParseClockTime(%q) gave invalid %v", s, got)
		}
		again, err := ParseClockTime(got.String())
		if err != nil || again != got {
			t.Fatalf("round trip of %q failed: %v %v", s, again, err)
		}
	})
}
