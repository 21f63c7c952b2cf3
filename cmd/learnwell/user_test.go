package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/secret"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// accountEnv is the environment of the account commands' tests: cheap
// password hashing and a fixed data key.
func accountEnv(url, key string) map[string]string {
	return map[string]string{
		"LEARNWELL_DATABASE_URL":    url,
		"LEARNWELL_DATA_KEY":        key,
		"LEARNWELL_BASE_URL":        "https://learnwell.example.org",
		"LEARNWELL_PASSWORD_MEMORY": "64", "LEARNWELL_PASSWORD_TIME": "1", "LEARNWELL_PASSWORD_THREADS": "1",
	}
}

var invitationRE = regexp.MustCompile(`https://learnwell\.example\.org/sign-in/invitation/([A-Za-z0-9_-]{43})\n`)

func TestUserAndTokenCommands(t *testing.T) {
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			key := secret.GenerateKeySetting()
			url := storetest.URL(t, engine)
			env := accountEnv(url, key)
			noKey := accountEnv(url, "")

			code, _, errOut := runCmd(t, noKey, "user", "create", "--email", "admin@example.org", "--org-name", "learnwell operations")
			if code != exitUsage || !strings.Contains(errOut, "LEARNWELL_DATA_KEY") || !strings.Contains(errOut, "openssl rand -base64 32") {
				t.Fatalf("without a data key: %d %q", code, errOut)
			}
			code, out, errOut := runCmd(t, env, "user", "create", "--email", "admin@example.org", "--org-name", "learnwell operations", "--role", "platform-admin")
			m := invitationRE.FindStringSubmatch(out)
			if code != 0 || m == nil || !strings.Contains(out, "a new platform operator organisation") || !strings.Contains(out, "platform-admin") {
				t.Fatalf("user create = %d %q %q", code, out, errOut)
			}
			token := m[1]

			usage := []struct {
				args []string
				want string
			}{
				{[]string{"user", "create", "--email", "ADMIN@example.org", "--org-name", "learnwell operations"}, "A user with this email address already exists"},
				{[]string{"user", "create", "--org-name", "learnwell operations"}, "email: Enter an email address"},
				{[]string{"user", "create", "--email", "b@example.org"}, "org_name"},
				{[]string{"user", "create", "--email", "b@example.org", "--org-name", "learnwell operations", "--role", "link-worker"}, "roles:"},
				{[]string{"user", "frobnicate"}, "learnwell user create"},
				{[]string{"user", "create", "extra", "--email", "b@example.org"}, "no further arguments"},
				{[]string{"token", "create"}, "--email EMAIL"},
				{[]string{"token", "create", "--email", "admin@example.org", "--expires", "400d"}, "366 days"},
				{[]string{"token"}, "learnwell token create"},
			}
			for _, u := range usage {
				code, _, errOut := runCmd(t, env, u.args...)
				if code != exitUsage || !strings.Contains(errOut, u.want) {
					t.Errorf("%v: %d %q, want exit 2 and %q", u.args, code, errOut, u.want)
				}
			}

			code, _, errOut = runCmd(t, env, "token", "create", "--email", "admin@example.org")
			if code != 1 || !strings.Contains(errOut, "only an active user") {
				t.Fatalf("token for an invited user: %d %q", code, errOut)
			}

			// The admin accepts the invitation (as the web page will).
			db, err := store.Open(ctx, url, store.Options{Logger: storetest.QuietLogger()})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			keys, _ := secret.ParseKeys(key)
			hasher, _ := account.NewHasher(account.TestHashParams, 1, 0)
			svc, err := accounts.New(accounts.Options{DB: db, Hasher: hasher, Keys: keys, BaseURL: "https://learnwell.example.org"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.AcceptInvitation(ctx, token, "tuna-kettle7-sofa"); err != nil {
				t.Fatal(err)
			}

			code, out, errOut = runCmd(t, env, "token", "create", "--email", "Admin@Example.org", "--name", "Nightly export", "--expires", "30d")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			plain := lines[len(lines)-1]
			if code != 0 || !strings.HasPrefix(plain, "lw_") || !strings.Contains(out, `"Nightly export"`) {
				t.Fatalf("token create = %d %q %q", code, out, errOut)
			}
			p, tok, err := svc.AuthenticateToken(ctx, plain)
			if err != nil || p.User.Email != "admin@example.org" || tok.ExpiresAt.Sub(tok.CreatedAt) != 30*24*time.Hour {
				t.Fatalf("the printed token: %+v, %v", tok, err)
			}
			code, _, errOut = runCmd(t, env, "token", "create", "--email", "nobody@example.org")
			if code != 1 || !strings.Contains(errOut, "no user with that email") {
				t.Fatalf("token for nobody: %d %q", code, errOut)
			}
		})
	}
}

func TestServeRefusesARealDatabaseWithoutADataKey(t *testing.T) {
	env := accountEnv(storetest.URL(t, store.SQLite), "")
	env["LEARNWELL_ADDR"] = "127.0.0.1:0"
	code, _, errOut := runCmd(t, env, "serve")
	if code != exitUsage || !strings.Contains(errOut, "LEARNWELL_DATA_KEY") {
		t.Fatalf("serve without a data key: %d %q", code, errOut)
	}
	env["LEARNWELL_DATA_KEY"] = "too short"
	code, _, errOut = runCmd(t, env, "serve")
	if code != exitUsage || !strings.Contains(errOut, "--data-key") {
		t.Fatalf("serve with a bad data key: %d %q", code, errOut)
	}
}

func TestUserCreateRefusesADemoDatabase(t *testing.T) {
	env := accountEnv(storetest.URL(t, store.SQLite), "")
	if code, _, errOut := runCmd(t, env, "demo", "--services", "30"); code != 0 {
		t.Fatalf("demo: %d %q", code, errOut)
	}
	code, _, errOut := runCmd(t, env, "user", "create", "--email", "admin@example.org", "--org-name", "Ops")
	if code != 1 || !strings.Contains(errOut, "demo database") {
		t.Fatalf("user create on the demo: %d %q", code, errOut)
	}
}
