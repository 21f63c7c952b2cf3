package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestBenchSearchSmall runs the whole bench at a tiny size on SQLite, so the
// command keeps working. It checks the report's shape, never its timings.
func TestBenchSearchSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a small demo directory and serves it over HTTP")
	}
	t.Setenv("TMPDIR", t.TempDir()) // the bench's SQLite file goes here, even if it is stopped
	code, out, errOut := runCmd(t, nil, "bench", "search", "--sizes", "300", "--engines", "sqlite",
		"--duration", "300ms", "--iterations", "50", "--concurrency", "4")
	if code != 0 {
		t.Fatalf("bench search = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"sqlite, 300 courses",
		"word, common", "word, rare", "two words", "borough", "subject + free", "day + time",
		"wellbeing + level + mode", "starts within 4 weeks", "age", "postcode within 5 miles",
		"sort: relevance", "sort: distance", "sort: soonest", "page 2", "overall",
		"Over HTTP", " 0 errors",
		"FTS5", "within 5 km, nearest 20: N7", "word, common: english", "within 5 km, nearest 20, all",
		"Summary and aims",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report has no %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`[1-9][0-9,]* pages/s`).MatchString(out) {
		t.Errorf("the report served no pages:\n%s", out)
	}
}

func TestBenchSearchMarkdownAndUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"bench"}, "learnwell bench search"},
		{[]string{"bench", "index"}, "learnwell bench search"},
		{[]string{"bench", "search", "--sizes", "ten"}, "--sizes"},
		{[]string{"bench", "search", "--engines", "mysql"}, "--engines"},
		{[]string{"bench", "search", "--concurrency", "0"}, "--concurrency"},
		{[]string{"bench", "search", "extra"}, "no further arguments"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, nil, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	t.Setenv("TMPDIR", t.TempDir())
	if code, out, errOut := runCmd(t, nil, "bench", "search", "--sizes", "60", "--engines", "sqlite",
		"--duration", "100ms", "--iterations", "10", "--concurrency", "2", "--markdown"); code != 0 ||
		!strings.Contains(out, "## learnwell bench search") || !strings.Contains(out, "| query |") {
		t.Errorf("--markdown = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
