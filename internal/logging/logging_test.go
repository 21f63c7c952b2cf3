package logging

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRequestIDOnEveryLine(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf, "json", "info").With("component", "web")
	ctx := WithRequestID(context.Background(), "abc123")
	log.InfoContext(ctx, "one")
	log.WarnContext(ctx, "two")
	log.DebugContext(ctx, "hidden at info")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2: %q", len(lines), buf.String())
	}
	for _, l := range lines {
		if !strings.Contains(l, `"request_id":"abc123"`) || !strings.Contains(l, `"component":"web"`) {
			t.Errorf("line without request id or attrs: %s", l)
		}
	}
}
