package importer

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	clock := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	r := &Report{Created: 1}

	var bar bytes.Buffer
	p := NewProgress(&bar, true, "services", 0)
	p.now = func() time.Time { return clock }
	p.SetTotal(4)
	p.Step(r)
	clock = clock.Add(50 * time.Millisecond)
	p.Step(r) // too soon to redraw
	clock = clock.Add(time.Second)
	p.Step(r)
	p.Finish()
	got := bar.String()
	if strings.Count(got, "\r[") != 2 || !strings.Contains(got, "[######################--------] 3 of 4 services") || !strings.HasSuffix(got, "\n") {
		t.Errorf("bar = %q", got)
	}

	var lines bytes.Buffer
	p = NewProgress(&lines, false, "courses", 5*time.Second)
	p.now = func() time.Time { return clock }
	for i := range 10 {
		p.Step(r)
		clock = clock.Add(time.Second)
		_ = i
	}
	p.Finish()
	got = lines.String()
	if strings.Contains(got, "\r") || strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "progress: 6 courses (1 created, 0 updated, 0 unchanged, 0 rejected)") {
		t.Errorf("lines = %q", got)
	}
	if IsTerminal(&lines) {
		t.Error("a buffer is not a terminal")
	}
}
