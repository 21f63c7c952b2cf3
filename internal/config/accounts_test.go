package config

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"learnwell/internal/account"
)

func TestAccountSettingsDefaults(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.DataKey != "" || c.Passwords.HashParams() != account.DefaultHashParams || c.Passwords.Concurrency != 4 || c.Passwords.Wait != 10*time.Second {
		t.Fatalf("defaults: key %q, passwords %+v", c.DataKey, c.Passwords)
	}
}

func TestDataKeyFromTheEnvironmentAndAFile(t *testing.T) {
	key := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32)))
	c, err := load(t, nil, map[string]string{"LEARNWELL_DATA_KEY": "one:" + key})
	if err != nil || c.DataKey != "one:"+key {
		t.Fatalf("from the environment: %q, %v", c.DataKey, err)
	}
	path := filepath.Join(t.TempDir(), "data-key")
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = load(t, nil, map[string]string{"LEARNWELL_DATA_KEY_FILE": path})
	if err != nil || c.DataKey != key {
		t.Fatalf("from a file: %q, %v", c.DataKey, err)
	}
	c, err = load(t, []string{"--password-memory", "64", "--password-time", "1", "--password-threads", "1"}, map[string]string{"LEARNWELL_PASSWORD_CONCURRENCY": "2"})
	if err != nil || c.Passwords.HashParams() != account.TestHashParams || c.Passwords.Concurrency != 2 {
		t.Fatalf("cheap passwords: %+v, %v", c.Passwords, err)
	}
}

func TestBadAccountSettings(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--data-key", "not a key"}, nil, "--data-key"},
		{nil, map[string]string{"LEARNWELL_DATA_KEY": base64.StdEncoding.EncodeToString([]byte("short"))}, "--data-key"},
		{[]string{"--password-memory", "4"}, nil, "--password-memory"},
		{[]string{"--password-threads", "4", "--password-memory", "16"}, nil, "--password-memory"},
		{[]string{"--password-time", "0"}, nil, "--password-time"},
		{[]string{"--password-concurrency", "0"}, nil, "--password-concurrency"},
		{nil, map[string]string{"LEARNWELL_PASSWORD_WAIT": "-1s"}, "--password-wait"},
	}
	for _, tt := range tests {
		_, err := load(t, tt.args, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %v: err = %v, want one naming %s", tt.args, tt.env, err, tt.want)
		}
	}
}
