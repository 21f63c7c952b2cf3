package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestBenchORUKSmall runs `bench oruk` at a tiny size on SQLite, so the
// command keeps working. It checks the report's shape, never its timings.
func TestBenchORUKSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a small demo directory and serves it over HTTP")
	}
	t.Setenv("TMPDIR", t.TempDir())
	code, out, errOut := runCmd(t, nil, "bench", "oruk", "--sizes", "1200", "--engines", "sqlite", "--markdown")
	if code != 0 {
		t.Fatalf("bench oruk = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"#### learnwell bench oruk", "| engine | courses | load | services | pages |", "/services/{id} p50",
		"postcode=N7&proximity=5000"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report has no %q:\n%s", want, out)
		}
	}
	// 1,200 courses, all active in the demo, make 3 pages of 500.
	if !regexp.MustCompile(`\| sqlite \| 1,200 \| [^|]+ \| 1,[0-9]{3} \| 3 \|`).MatchString(out) {
		t.Errorf("the walk is not in the report:\n%s", out)
	}
}
