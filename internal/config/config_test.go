package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T, args []string, env map[string]string) (*Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	s := Register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return s.Load(func(k string) string { return env[k] })
}

func TestDefaults(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DatabaseURL != "sqlite:learnwell-data/learnwell.db" || c.BaseURL != "http://127.0.0.1:8080" {
		t.Fatalf("defaults = %+v", c)
	}
	if c.Messages.Transport != "outbox" {
		t.Fatalf("default transport = %q", c.Messages.Transport)
	}
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	env := map[string]string{"LEARNWELL_ADDR": "127.0.0.1:9000", "LEARNWELL_DATABASE_URL": "postgres://env/db"}
	c, err := load(t, []string{"--addr", "127.0.0.1:7000"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" {
		t.Errorf("Addr = %q, want the flag's value", c.Addr)
	}
	if c.DatabaseURL != "postgres://env/db" {
		t.Errorf("DatabaseURL = %q, want the environment's value", c.DatabaseURL)
	}
	if c.BaseURL != "http://127.0.0.1:7000" {
		t.Errorf("BaseURL = %q, want it derived from the address", c.BaseURL)
	}
}

func TestSecretsFromFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(path, []byte("secret-key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := load(t, nil, map[string]string{"LEARNWELL_NOTIFY_API_KEY_FILE": path})
	if err != nil {
		t.Fatal(err)
	}
	if c.Messages.NotifyAPIKey != "secret-key" {
		t.Errorf("NotifyAPIKey = %q", c.Messages.NotifyAPIKey)
	}
	_, err = load(t, nil, map[string]string{"LEARNWELL_SMTP_PASSWORD_FILE": filepath.Join(t.TempDir(), "missing")})
	if err == nil || !strings.Contains(err.Error(), "LEARNWELL_SMTP_PASSWORD_FILE") {
		t.Errorf("missing secret file: err = %v, want one naming the variable", err)
	}
	// a non-secret has no _FILE form
	c, _ = load(t, nil, map[string]string{"LEARNWELL_ADDR_FILE": path})
	if c.Addr != "127.0.0.1:8080" {
		t.Errorf("LEARNWELL_ADDR_FILE was read: %q", c.Addr)
	}
}

func TestBadSettings(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--addr", "nonsense"}, nil, "--addr"},
		{[]string{"--base-url", "learnwell.example.org"}, nil, "--base-url"},
		{[]string{"--log-level", "loud"}, nil, "--log-level"},
		{nil, map[string]string{"LEARNWELL_JOB_WORKERS": "many"}, "LEARNWELL_JOB_WORKERS"},
		{nil, map[string]string{"LEARNWELL_SHUTDOWN_TIMEOUT": "soon"}, "LEARNWELL_SHUTDOWN_TIMEOUT"},
		{[]string{"--job-workers", "0"}, nil, "--job-workers"},
	}
	for _, tt := range tests {
		_, err := load(t, tt.args, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %v: err = %v, want one naming %s", tt.args, tt.env, err, tt.want)
		}
	}
}

func TestBaseURLTrimmedAndWildcardHost(t *testing.T) {
	c, err := load(t, []string{"--base-url", "https://learnwell.example.org/"}, nil)
	if err != nil || c.BaseURL != "https://learnwell.example.org" {
		t.Fatalf("BaseURL = %q, %v", c.BaseURL, err)
	}
	c, _ = load(t, []string{"--addr", "0.0.0.0:8080"}, nil)
	if c.BaseURL != "http://localhost:8080" {
		t.Fatalf("BaseURL = %q", c.BaseURL)
	}
}
