package bench

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"learnwell/internal/directory"
	"learnwell/internal/finder"
	"learnwell/internal/geo"
)

func TestFTS5MatchQuotesEveryWord(t *testing.T) {
	tests := map[string]string{
		"painting":                  `"painting"`,
		"  watercolour   painting ": `"watercolour" "painting"`,
		`say "hi" OR NOT x*`:        `"say" """hi""" "OR" "NOT" "x*"`,
		"":                          "",
	}
	for in, want := range tests {
		if got := fts5Match(in); got != want {
			t.Errorf("fts5Match(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSummarise(t *testing.T) {
	var s []time.Duration
	for i := 100; i >= 1; i-- {
		s = append(s, time.Duration(i)*time.Millisecond)
	}
	got := summarise(s)
	want := Latency{N: 100, P50: 50 * time.Millisecond, P95: 95 * time.Millisecond, P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}
	if got != want {
		t.Errorf("summarise = %+v, want %+v", got, want)
	}
	if got := summarise(nil); got != (Latency{}) {
		t.Errorf("summarise(nil) = %+v", got)
	}
	if got := summarise([]time.Duration{7}); got.P50 != 7 || got.P99 != 7 {
		t.Errorf("summarise of one = %+v", got)
	}
}

// TestMixParses checks every query of the mix is one the finder accepts,
// and that every district is a place it knows.
func TestMixParses(t *testing.T) {
	tax := directory.BuiltinTaxonomies()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	kinds := map[string]bool{}
	for _, q := range mix() {
		kinds[q.Kind] = true
		if _, err := finder.ParseQuery(q.Values, tax, now); err != nil {
			t.Errorf("%s: %s: %v", q.Kind, q.Values.Encode(), err)
		}
	}
	if len(kinds) != 15 {
		t.Errorf("the mix has %d kinds, want 15", len(kinds))
	}
	for _, d := range Districts {
		if _, _, err := geo.LocateString(d); err != nil {
			t.Errorf("district %s: %v", d, err)
		}
	}
	if _, err := url.ParseQuery(mix()[0].Values.Encode()); err != nil {
		t.Error(err)
	}
}

func TestFormatting(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "–", 85 * time.Microsecond: "85 µs", 1234 * time.Microsecond: "1.23 ms",
		27 * time.Millisecond: "27 ms", 2500 * time.Millisecond: "2.5 s", 135 * time.Second: "2m15s",
	} {
		if got := dur(d); got != want {
			t.Errorf("dur(%s) = %q, want %q", d, got, want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 200000: "200,000", -1234567: "-1,234,567"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
	if got := mb(300 << 20); got != "300 MB" {
		t.Errorf("mb = %q", got)
	}
}

func TestReportWrites(t *testing.T) {
	rep := &Report{Options: Options{Sizes: []int{10}, Engines: []string{"sqlite"}}, Notes: []string{"PostgreSQL skipped."},
		Runs: []Run{{Engine: "sqlite", Size: 10, Indexed: 9, InProcess: InProcess{Kinds: []KindLatency{{Kind: KindCommonWord, Queries: 3}}}}}}
	for _, md := range []bool{false, true} {
		var b strings.Builder
		rep.Write(&b, md)
		for _, want := range []string{"sqlite, 10 courses (9 in the index)", "word, common", "Summary and aims", "PostgreSQL skipped."} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("markdown %v: no %q in\n%s", md, want, b.String())
			}
		}
	}
}

func TestORUKReportWrites(t *testing.T) {
	rep := &ORUKReport{Options: ORUKOptions{Sizes: []int{10}, Engines: []string{"sqlite"}, PerPage: 500, Repeats: 5},
		Notes: []string{"PostgreSQL skipped."},
		Runs: []ORUKRun{{Engine: "sqlite", Size: 10, Walk: ORUKWalk{Pages: 1, Items: 9, TotalItems: 9, LiveBefore: 50 << 20, PeakRSS: 60 << 20},
			Near: Latency{P50: 3 * time.Millisecond}, NearItems: 4}}}
	for _, md := range []bool{false, true} {
		var b strings.Builder
		rep.Write(&b, md)
		for _, want := range []string{"learnwell bench oruk", "PostgreSQL skipped.", "sqlite", "50 MB", "60 MB", "3.00 ms"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("markdown %v: no %q in\n%s", md, want, b.String())
			}
		}
	}
}
