package accounts_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/secret"
)

// After a new data key is put first, second-factor secrets sealed with the
// old one still open, are sealed again at sign-in, and ResealSecrets does the
// rest, after which the old key can go.
func TestDataKeyRotation(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		oldKey, newKey := secret.GenerateKeySetting(), secret.GenerateKeySetting()
		service := func(setting string) *accounts.Service {
			keys, err := secret.ParseKeys(setting)
			if err != nil {
				t.Fatal(err)
			}
			svc, err := accounts.New(accounts.Options{DB: h.db, Hasher: h.hasher, Keys: keys, BaseURL: "https://learnwell.example.org"})
			if err != nil {
				t.Fatal(err)
			}
			return svc
		}
		before := service("old:" + oldKey)
		secrets := map[string]string{}
		for _, email := range []string{"a@example.org", "b@example.org"} {
			r, err := before.CreateFirstUser(ctx, accounts.Bootstrap{Email: email, OrgName: "Ops", Roles: []account.Role{account.PlatformAdmin}}, "command:user-create")
			if err != nil {
				t.Fatal(err)
			}
			in, err := before.AcceptInvitation(ctx, regexp.MustCompile(`[A-Za-z0-9_-]{43}$`).FindString(r.Link), password)
			if err != nil {
				t.Fatal(err)
			}
			setup, _ := before.BeginSecondFactorSetup(ctx, in.UserID)
			if _, _, err := before.ConfirmSecondFactor(ctx, in.UserID, mustCode(setup.Secret, h.clock.Now()), ip); err != nil {
				t.Fatal(err)
			}
			secrets[email] = setup.Secret
		}
		h.clock.Advance(30 * time.Second)
		signIn := func(svc *accounts.Service, email string) error {
			in, err := svc.Authenticate(ctx, email, password, ip)
			if err != nil {
				return err
			}
			_, err = svc.VerifyTOTP(ctx, in.UserID, mustCode(secrets[email], h.clock.Now()), ip)
			return err
		}
		rotated := service("new:" + newKey + ",old:" + oldKey)
		if err := signIn(rotated, "a@example.org"); err != nil {
			t.Fatalf("sign in with the old key second: %v", err)
		}
		n, err := rotated.ResealSecrets(ctx)
		if err != nil || n != 1 {
			t.Fatalf("ResealSecrets = %d, %v; want 1 (b; a was resealed at sign-in)", n, err)
		}
		if n, _ := rotated.ResealSecrets(ctx); n != 0 {
			t.Fatalf("a second ResealSecrets sealed %d", n)
		}
		h.clock.Advance(30 * time.Second)
		onlyNew := service("new:" + newKey)
		for _, email := range []string{"a@example.org", "b@example.org"} {
			if err := signIn(onlyNew, email); err != nil {
				t.Errorf("%s with only the new key: %v", email, err)
			}
		}
	})
}
