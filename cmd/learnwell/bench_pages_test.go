package main

import (
	"os"
	"strings"
	"testing"
)

func TestBenchPagesUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"bench", "pages", "--runs", "0"}, "--runs"},
		{[]string{"bench", "pages", "--cpu-slowdown", "0.5"}, "--cpu-slowdown"},
		{[]string{"bench", "pages", "--latency", "-1s"}, "--latency"},
		{[]string{"bench", "pages", "--down-kbps", "0"}, "--down-kbps"},
		{[]string{"bench", "pages", "--courses", "-3"}, "--courses"},
		{[]string{"bench", "pages", "extra"}, "no further arguments"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, nil, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestBenchPagesNoChromium checks the bench says plainly that it needs the browser.
func TestBenchPagesNoChromium(t *testing.T) {
	code, _, errOut := runCmd(t, nil, "bench", "pages", "--chromium", "/nonexistent/chromium")
	if code == 0 || !strings.Contains(errOut, "needs Chromium at /nonexistent/chromium") {
		t.Errorf("exit %d, stderr %q; want an error saying it needs Chromium", code, errOut)
	}
}

// TestBenchPagesSmall runs the bench once on a small demo, unthrottled, so
// the command keeps working. It checks the report's shape, never its timings.
func TestBenchPagesSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a small demo and drives Chromium")
	}
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Skip("no /usr/bin/chromium")
	}
	t.Setenv("TMPDIR", t.TempDir())
	code, out, errOut := runCmd(t, nil, "bench", "pages", "--courses", "300", "--runs", "1",
		"--latency", "0s", "--down-kbps", "100000", "--up-kbps", "100000", "--cpu-slowdown", "1", "--markdown")
	if code != 0 {
		t.Fatalf("bench pages = %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"## learnwell bench pages", "| home (`/`) |", "| finder results (`/courses?q=art`) |", "| course (`/courses/{id}`) |", "Aims:"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report has no %q:\n%s", want, out)
		}
	}
}
