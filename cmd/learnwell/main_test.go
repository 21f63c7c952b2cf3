package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func runCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestHelpAndVersion(t *testing.T) {
	code, out, _ := runCmd(t, nil, "help")
	if code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "migrate") || !strings.Contains(out, "demo") || !strings.Contains(out, "version") {
		t.Fatalf("help = %d %q", code, out)
	}
	for _, c := range []string{"serve", "migrate", "demo", "version"} {
		code, _, errOut := runCmd(t, nil, c, "--help")
		if code != 0 || !strings.Contains(errOut, "Usage: learnwell "+c) || !strings.Contains(errOut, "LEARNWELL_DATABASE_URL") {
			t.Errorf("%s --help = %d %q", c, code, errOut)
		}
	}
	code, out, _ = runCmd(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "learnwell ") {
		t.Fatalf("version = %d %q", code, out)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"frobnicate"}, nil, "unknown command"},
		{[]string{"serve", "--no-such-flag"}, nil, "flag provided but not defined"},
		{[]string{"migrate", "--addr", "nonsense"}, nil, "--addr"},
		{[]string{"migrate"}, map[string]string{"LEARNWELL_DATABASE_URL": "mysql://x"}, "sqlite: or postgres://"},
		{[]string{"demo", "--services", "-5"}, nil, "--services"},
		{[]string{"migrate", "extra"}, nil, "no arguments"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, tt.env, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	if code, _, _ := runCmd(t, nil); code != exitUsage {
		t.Errorf("no command: exit %d, want 2", code)
	}
}

func TestMigrateAndDemoOnBothEngines(t *testing.T) {
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			env := map[string]string{"LEARNWELL_DATABASE_URL": storetest.URL(t, engine)}
			code, out, errOut := runCmd(t, env, "migrate")
			if code != 0 || !strings.Contains(out, "schema version") {
				t.Fatalf("migrate = %d %q %q", code, out, errOut)
			}
			code, out, errOut = runCmd(t, env, "demo")
			// The demo is made for today: its runs are placed around it.
			today := directory.Today(learnwell.SystemClock{}).Spoken()
			if code != 0 || !strings.Contains(out, "Loaded the demo dataset (seed 1, for "+today+")") {
				t.Fatalf("demo = %d %q %q", code, out, errOut)
			}
			code, _, errOut = runCmd(t, env, "demo")
			if code != 1 || !strings.Contains(errOut, "already holds the demo") {
				t.Fatalf("second demo = %d %q", code, errOut)
			}
		})
	}
}

func TestDemoRefusesRealData(t *testing.T) {
	url := "sqlite:" + filepath.Join(t.TempDir(), "real.db")
	real, err := store.Open(context.Background(), url, store.Options{Logger: storetest.QuietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := real.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := real.WriteTx(context.Background(), func(tx *store.Tx) error { return tx.MarkReal(context.Background()) }); err != nil {
		t.Fatal(err)
	}
	real.Close()
	env := map[string]string{"LEARNWELL_DATABASE_URL": url}
	if code, _, errOut := runCmd(t, env, "demo"); code == 0 || !strings.Contains(errOut, "holds real data") {
		t.Fatalf("demo on real data = %d %q", code, errOut)
	}
	if code, _, errOut := runCmd(t, env, "serve", "--demo", "--addr", "127.0.0.1:0"); code == 0 || !strings.Contains(errOut, "holds real data") {
		t.Fatalf("serve --demo on real data = %d %q", code, errOut)
	}
}

// syncBuffer is a bytes.Buffer safe to read while serve writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestServeDemoAnswersThenShutsDown(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"LEARNWELL_DATABASE_URL": "sqlite:" + filepath.Join(dir, "demo.db"), "LEARNWELL_ADDR": "127.0.0.1:0"}
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo"}, io.Discard, &logs, func(k string) string { return env[k] })
	}()
	addrRE := regexp.MustCompile(`learnwell is serving" address=(\S+)`)
	var addr string
	// Loading the demo and hashing its accounts' passwords takes seconds,
	// many more under -race or on a busy machine: wait for as long as it
	// takes, but not for a serve that has already stopped.
	deadline := time.Now().Add(3 * time.Minute)
	for addr == "" && time.Now().Before(deadline) {
		if m := addrRE.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve stopped with %d before it served:\n%s", code, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if addr == "" {
		cancel()
		t.Fatalf("serve did not start:\n%s", logs.String())
	}
	for _, path := range []string{"/readyz", "/"} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s = %d", path, resp.StatusCode)
		}
		if path == "/" && !strings.Contains(string(body), "lw-demo-banner") {
			t.Fatal("no demo banner")
		}
	}
	cancel() // as SIGTERM does
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d:\n%s", code, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if !strings.Contains(logs.String(), "msg=stopped") {
		t.Fatalf("no graceful stop in the log:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "Welcome to the learnwell demo") || strings.Contains(logs.String(), "alex.demo@example.com") {
		t.Fatal("a message body or recipient reached the log")
	}
}
