package notify_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/notify"
)

const (
	svc    = "26785a09-ab16-4eb0-8407-a37497a57506"
	secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"
)

func TestParseAPIKey(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want notify.APIKey
		ok   bool
	}{
		{"simple name", "mykey-" + svc + "-" + secret, notify.APIKey{"mykey", svc, secret}, true},
		{"name with hyphens", "my-test-key-" + svc + "-" + secret, notify.APIKey{"my-test-key", svc, secret}, true},
		{"name with underscores", "my_test_key-" + svc + "-" + secret, notify.APIKey{"my_test_key", svc, secret}, true},
		{"surrounding space and newline", "  live-" + svc + "-" + secret + "\n", notify.APIKey{"live", svc, secret}, true},
		{"name that looks like a uuid", svc + "-" + svc + "-" + secret, notify.APIKey{svc, svc, secret}, true},
		{"empty", "", notify.APIKey{}, false},
		{"no name", "-" + svc + "-" + secret, notify.APIKey{}, false},
		{"missing name and hyphen", svc + "-" + secret, notify.APIKey{}, false},
		{"secret only", "name-" + secret, notify.APIKey{}, false},
		{"secret one short", "name-" + svc + "-" + secret[:35], notify.APIKey{}, false},
		{"secret one long", "name-" + svc + "-" + secret + "0", notify.APIKey{}, false},
		{"secret not a uuid", "name-" + svc + "-" + strings.Repeat("z", 36), notify.APIKey{}, false},
		{"service not a uuid", "name-" + strings.Repeat("x", 36) + "-" + secret, notify.APIKey{}, false},
		{"underscore separators", "name_" + svc + "_" + secret, notify.APIKey{}, false},
		{"service id and secret only, no hyphens", "name-" + strings.ReplaceAll(svc+secret, "-", ""), notify.APIKey{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := notify.ParseAPIKey(tt.in)
			if !tt.ok {
				if err == nil {
					t.Fatalf("ParseAPIKey(%q) = %v, want an error", tt.in, got)
				}
				if learnwell.ErrorCode(err) != learnwell.EINVALID {
					t.Errorf("code = %q, want invalid", learnwell.ErrorCode(err))
				}
				if tt.in != "" && strings.Contains(err.Error(), strings.TrimSpace(tt.in)) {
					t.Errorf("error %q repeats the key", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAPIKey: %v", err)
			}
			if got != tt.want {
				t.Errorf("ParseAPIKey(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestAPIKeyHidesSecret(t *testing.T) {
	k, err := notify.ParseAPIKey("name-" + svc + "-" + secret)
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("key", "key", k)
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s", k, k, k, k), k.String(), logged.String()} {
		if strings.Contains(s, secret) {
			t.Errorf("%q shows the secret", s)
		}
		if !strings.Contains(s, svc) {
			t.Errorf("%q does not show the service id", s)
		}
	}
}

func FuzzParseAPIKey(f *testing.F) {
	f.Add("name-" + svc + "-" + secret)
	f.Add("a-b-c-" + svc + "-" + secret)
	f.Add("-" + svc + "-" + secret)
	f.Fuzz(func(t *testing.T, s string) {
		k, err := notify.ParseAPIKey(s)
		if err != nil {
			return
		}
		if k.Name == "" || !learnwell.ValidID(k.ServiceID) || !learnwell.ValidID(k.SecretKey) {
			t.Fatalf("ParseAPIKey(%q) = %#v", s, k)
		}
		if got := k.Name + "-" + k.ServiceID + "-" + k.SecretKey; got != strings.TrimSpace(s) {
			t.Fatalf("ParseAPIKey(%q) parts join to %q", s, got)
		}
	})
}
