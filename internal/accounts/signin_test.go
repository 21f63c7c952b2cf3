package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/directory"
	"learnwell/internal/store"
)

func TestLockoutAfterTenFailures(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		for i := range 10 {
			if _, err := h.svc.Authenticate(ctx, "admin@example.org", "wrong password "+string(rune('a'+i)), ip); err.Error() != account.ErrSignInFailed().Error() {
				t.Fatalf("failure %d: %v", i+1, err)
			}
			h.clock.Advance(time.Second)
		}
		// Locked: even the right password is refused, without a hash.
		before := h.hasher.Hashes()
		_, err := h.svc.Authenticate(ctx, "admin@example.org", password, ip)
		var th *account.Throttled
		if !errors.As(err, &th) || learnwell.ErrorCode(err) != learnwell.EUNAUTHORISED || h.hasher.Hashes() != before {
			t.Fatalf("11th attempt with the right password: %v", err)
		}
		// An unknown address locks the same way, with the same message.
		for range 10 {
			_, _ = h.svc.Authenticate(ctx, "nobody@example.com", "wrong password", "198.51.100.7")
		}
		_, errUnknown := h.svc.Authenticate(ctx, "nobody@example.com", password, "198.51.100.7")
		if learnwell.ErrorMessage(errUnknown) != learnwell.ErrorMessage(err) {
			t.Fatalf("unknown address: %q; a real one: %q", learnwell.ErrorMessage(errUnknown), learnwell.ErrorMessage(err))
		}
		// Another account from the same address is not locked.
		if _, err := h.svc.Authenticate(ctx, "someone@example.com", "x", ip); err.Error() != account.ErrSignInFailed().Error() {
			t.Fatalf("another account: %v", err)
		}
		// Fifteen minutes after the last failure, the right password works; a
		// full sign-in forgets the failures.
		h.clock.Advance(15 * time.Minute)
		if _, err := h.signIn("admin@example.org", password, admin.secret); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
		if _, err := h.svc.Authenticate(ctx, "admin@example.org", "wrong again", ip); err.Error() != account.ErrSignInFailed().Error() {
			t.Fatalf("one failure after a success: %v", err)
		}
		if _, err := h.svc.Authenticate(ctx, "admin@example.org", password, ip); err != nil {
			t.Fatalf("failures were not forgotten after the sign-in: %v", err)
		}
	})
}

func TestLockoutBacksOff(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		h.bootstrap()
		fail := func(n int) {
			for range n {
				_, _ = h.svc.Authenticate(ctx, "admin@example.org", "wrong password", ip)
			}
		}
		locked := func() bool {
			_, err := h.svc.Authenticate(ctx, "admin@example.org", password, ip)
			var th *account.Throttled
			return errors.As(err, &th)
		}
		fail(10)
		// Attempts while locked are refused unheard and not counted: after
		// each lock, one more failure locks again for 15 minutes.
		for range 9 {
			h.clock.Advance(14 * time.Minute)
			if !locked() {
				t.Fatal("not locked within 15 minutes of a failure")
			}
			h.clock.Advance(time.Minute)
			fail(1)
		}
		h.clock.Advance(15 * time.Minute)
		fail(1) // the 20th failure: 30 minutes
		h.clock.Advance(29 * time.Minute)
		if !locked() {
			t.Fatal("20 failures: not locked after 29 minutes")
		}
		h.clock.Advance(time.Minute)
		if locked() {
			t.Fatal("20 failures: still locked after 30 minutes")
		}
	})
}

// A password is not enough to guess the second factor forever: wrong codes
// count towards the same lockout.
func TestWrongCodesLockToo(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		in, err := h.svc.Authenticate(ctx, "admin@example.org", password, ip)
		if err != nil || in.Next != accounts.EnterCode {
			t.Fatalf("password: %+v, %v", in, err)
		}
		right, _ := account.TOTPCode(admin.secret, h.clock.Now())
		wrong := "000000"
		if wrong == right {
			wrong = "111111"
		}
		for i := range 10 {
			if _, err := h.svc.VerifyTOTP(ctx, in.UserID, wrong, ip); learnwell.ErrorCode(err) != learnwell.EUNAUTHORISED {
				t.Fatalf("wrong code %d: %v", i+1, err)
			}
		}
		_, err = h.svc.VerifyTOTP(ctx, in.UserID, right, ip)
		var th *account.Throttled
		if !errors.As(err, &th) {
			t.Fatalf("the right code while locked: %v", err)
		}
		if _, err := h.svc.VerifyTOTP(ctx, in.UserID, "12a", ip); learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("a code of the wrong shape: %v", err)
		}
	})
}

func TestTOTPThroughTheService(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		in, _ := h.svc.Authenticate(ctx, "admin@example.org", password, ip)
		code, _ := account.TOTPCode(admin.secret, h.clock.Now())
		p, err := h.svc.VerifyTOTP(ctx, in.UserID, code, ip)
		if err != nil || p.User.ID != admin.User.ID || p.User.LastSignInAt.IsZero() {
			t.Fatalf("VerifyTOTP = %+v, %v", p.User, err)
		}
		// The same code again, within its 30 seconds: refused.
		if _, err := h.svc.VerifyTOTP(ctx, in.UserID, code, ip); learnwell.ErrorCode(err) != learnwell.EUNAUTHORISED {
			t.Fatalf("replayed code: %v", err)
		}
		// A code from the previous step, after a newer one was used: refused.
		h.clock.Advance(30 * time.Second)
		previous, _ := account.TOTPCode(admin.secret, h.clock.Now().Add(-30*time.Second))
		if _, err := h.svc.VerifyTOTP(ctx, in.UserID, previous, ip); learnwell.ErrorCode(err) != learnwell.EUNAUTHORISED {
			t.Fatalf("an older code: %v", err)
		}
		// A phone 30 seconds slow is fine.
		h.clock.Advance(30 * time.Second)
		slow, _ := account.TOTPCode(admin.secret, h.clock.Now().Add(-30*time.Second))
		if _, err := h.svc.VerifyTOTP(ctx, in.UserID, slow, ip); err != nil {
			t.Fatalf("a code one step behind: %v", err)
		}
		// Setting up again while one is set up is refused.
		if _, err := h.svc.BeginSecondFactorSetup(ctx, in.UserID); learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Fatalf("second set-up: %v", err)
		}
	})
}

func TestRecoveryCodes(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		in, _ := h.svc.Authenticate(ctx, "admin@example.org", password, ip)
		typed := strings.ToUpper(strings.ReplaceAll(admin.codes[0], "-", " "))
		p, left, err := h.svc.UseRecoveryCode(ctx, in.UserID, typed, ip)
		if err != nil || p.User.ID != admin.User.ID || left != 9 {
			t.Fatalf("recovery code: %+v, %d left, %v", p.User, left, err)
		}
		if _, _, err := h.svc.UseRecoveryCode(ctx, in.UserID, admin.codes[0], ip); learnwell.ErrorCode(err) != learnwell.EUNAUTHORISED {
			t.Fatalf("a recovery code used twice: %v", err)
		}
		codes, err := h.svc.RegenerateRecoveryCodes(ctx, p.Actor())
		if err != nil || len(codes) != 10 {
			t.Fatalf("new codes: %d, %v", len(codes), err)
		}
		if _, _, err := h.svc.UseRecoveryCode(ctx, in.UserID, admin.codes[1], ip); err == nil {
			t.Fatal("an old code works after new ones were made")
		}
		if left, _ := h.svc.RecoveryCodesLeft(ctx, admin.User.ID); left != 10 {
			t.Fatalf("%d left after regenerating", left)
		}
	})
}

// Deactivating a leaver ends their sessions and API tokens at once.
func TestDeactivationEndsSessionsAndTokens(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		sps := h.org(admin, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := h.invite(admin, sps.ID, "lw@example.com", account.LinkWorker)
		sessionAt := h.clock.Now()
		token, _, err := h.svc.CreateToken(ctx, lw.Actor(), "Case system", account.DefaultTokenTTL)
		if err != nil {
			t.Fatal(err)
		}
		h.clock.Advance(time.Minute)
		if _, err := h.svc.SessionValid(ctx, lw.User.ID, sessionAt); err != nil {
			t.Fatalf("session before: %v", err)
		}
		if p, _, err := h.svc.AuthenticateToken(ctx, token); err != nil || p.User.ID != lw.User.ID {
			t.Fatalf("token before: %v", err)
		}
		if err := h.svc.Deactivate(ctx, lw.Actor(), lw.User.ID); learnwell.ErrorCode(err) != learnwell.EFORBIDDEN {
			t.Fatalf("a link worker deactivating themselves: %v", err)
		}
		if err := h.svc.Deactivate(ctx, admin.Actor(), admin.User.ID); learnwell.ErrorCode(err) != learnwell.EFORBIDDEN {
			t.Fatalf("an admin deactivating themselves: %v", err)
		}
		if err := h.svc.Deactivate(ctx, admin.Actor(), lw.User.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.svc.SessionValid(ctx, lw.User.ID, sessionAt); learnwell.ErrorCode(err) != learnwell.EUNAUTHORISED {
			t.Fatalf("session after deactivation: %v", err)
		}
		if _, _, err := h.svc.AuthenticateToken(ctx, token); err == nil || err.Error() != account.ErrTokenNotValid().Error() {
			t.Fatalf("token after deactivation: %v", err)
		}
		if _, err := h.svc.SessionValid(ctx, lw.User.ID, h.clock.Now().Add(time.Minute)); learnwell.ErrorCode(err) != learnwell.EUNAUTHORISED {
			t.Fatalf("a new session of a deactivated user: %v", err)
		}
		// Reactivated, they sign in again; the old token stays dead.
		if err := h.svc.Reactivate(ctx, admin.Actor(), lw.User.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.signIn("lw@example.com", password, lw.secret); err != nil {
			t.Fatalf("sign in after reactivation: %v", err)
		}
		if _, _, err := h.svc.AuthenticateToken(ctx, token); err == nil {
			t.Fatal("the old token came back with reactivation")
		}
	})
}

func TestSignOutEverywhereEndsTokens(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		token, tok, err := h.svc.CreateToken(ctx, admin.Actor(), "Script", 30*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		sessionAt := h.clock.Now()
		h.clock.Advance(time.Second)
		if err := h.svc.SignOutEverywhere(ctx, admin.Actor(), admin.User.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.svc.SessionValid(ctx, admin.User.ID, sessionAt); err == nil {
			t.Fatal("a session survived signing out everywhere")
		}
		if _, _, err := h.svc.AuthenticateToken(ctx, token); err == nil {
			t.Fatal("a token survived signing out everywhere")
		}
		if _, err := h.svc.SessionValid(ctx, admin.User.ID, h.clock.Now()); err != nil {
			t.Fatalf("a session issued after: %v", err)
		}
		token2, _, _ := h.svc.CreateToken(ctx, admin.Actor(), "Script 2", 30*24*time.Hour)
		if _, _, err := h.svc.AuthenticateToken(ctx, token2); err != nil {
			t.Fatalf("a token made after: %v", err)
		}
		if err := h.svc.RevokeToken(ctx, admin.Actor(), tok.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		sps := h.org(admin, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		orgAdmin := h.invite(admin, sps.ID, "oa@example.com", account.OrgAdmin)
		lw := h.invite(orgAdmin, sps.ID, "lw@example.com", account.LinkWorker)
		token, tok, err := h.svc.CreateToken(ctx, lw.Actor(), "Case system", 2*24*time.Hour)
		if err != nil || !strings.HasPrefix(token, "lw_") {
			t.Fatalf("CreateToken = %q, %v", token, err)
		}
		if p, got, err := h.svc.AuthenticateToken(ctx, token); err != nil || p.User.ID != lw.User.ID || got.ID != tok.ID {
			t.Fatalf("AuthenticateToken: %v", err)
		}
		list, _ := h.svc.Tokens(ctx, lw.Actor(), lw.User.ID)
		if len(list) != 1 || list[0].LastUsedAt.IsZero() || strings.Contains(list[0].Display, token[12:]) {
			t.Fatalf("tokens %+v", list)
		}
		refused := map[string]string{
			"changed":      token[:10] + map[bool]string{true: "B", false: "A"}[token[10] == 'A'] + token[11:],
			"no prefix":    token[3:],
			"not a token":  "hello",
			"never issued": "lw_" + strings.Repeat("A", 43),
		}
		for name, bad := range refused {
			if _, _, err := h.svc.AuthenticateToken(ctx, bad); err == nil || err.Error() != account.ErrTokenNotValid().Error() {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, err := h.svc.Tokens(ctx, lw.Actor(), orgAdmin.User.ID); learnwell.ErrorCode(err) != learnwell.EFORBIDDEN {
			t.Fatalf("a link worker listing an admin's tokens: %v", err)
		}
		// The org admin can revoke their user's token.
		if err := h.svc.RevokeToken(ctx, orgAdmin.Actor(), tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := h.svc.AuthenticateToken(ctx, token); err == nil {
			t.Fatal("a revoked token works")
		}
		// Tokens expire.
		short, _, _ := h.svc.CreateToken(ctx, lw.Actor(), "Short", 24*time.Hour)
		h.clock.Advance(24 * time.Hour)
		if _, _, err := h.svc.AuthenticateToken(ctx, short); err == nil {
			t.Fatal("an expired token works")
		}
		// The command's way in: by email, for active users only.
		if _, _, err := h.svc.CreateTokenFor(ctx, "LW@example.com", "From the command", account.DefaultTokenTTL, "command:token-create"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := h.svc.CreateTokenFor(ctx, "nobody@example.com", "x", account.DefaultTokenTTL, "command:token-create"); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("unknown email: %v", err)
		}
	})
}

func TestPasswordReset(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		sessionAt := h.clock.Now()
		h.clock.Advance(time.Second)
		// The same answer whether or not there is an account.
		if err := h.svc.RequestPasswordReset(ctx, "nobody@example.com"); err != nil {
			t.Fatal(err)
		}
		h.workResets()
		if h.messages("nobody@example.com") != 0 {
			t.Fatal("a reset email went to an unknown address")
		}
		if err := h.svc.RequestPasswordReset(ctx, "not an email"); learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("bad address: %v", err)
		}
		if err := h.svc.RequestPasswordReset(ctx, "ADMIN@example.org"); err != nil {
			t.Fatal(err)
		}
		h.workResets()
		token := h.lastLink("admin@example.org", "password-reset")
		if err := h.svc.ResetPassword(ctx, token, "short"); learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("short password: %v", err)
		}
		if err := h.svc.ResetPassword(ctx, token, "a whole new password"); err != nil {
			t.Fatalf("reset: %v", err)
		}
		if err := h.svc.ResetPassword(ctx, token, "another new password"); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("reset link used twice: %v", err)
		}
		if _, err := h.svc.SessionValid(ctx, admin.User.ID, sessionAt); err == nil {
			t.Fatal("a session survived the reset")
		}
		if _, err := h.svc.Authenticate(ctx, "admin@example.org", password, ip); err == nil {
			t.Fatal("the old password works")
		}
		if _, err := h.signIn("admin@example.org", "a whole new password", admin.secret); err != nil {
			t.Fatalf("the new password: %v", err)
		}
		// At most 3 reset emails an hour.
		for range 5 {
			_ = h.svc.RequestPasswordReset(ctx, "admin@example.org")
			h.workResets()
		}
		if n := h.messages("admin@example.org"); n != 3 {
			t.Fatalf("%d reset emails within the hour, want 3", n)
		}
		// A reset link expires after an hour.
		h.clock.Advance(2 * time.Hour)
		_ = h.svc.RequestPasswordReset(ctx, "admin@example.org")
		h.workResets()
		late := h.lastLink("admin@example.org", "password-reset")
		h.clock.Advance(time.Hour)
		if err := h.svc.ResetPassword(ctx, late, "yet another password"); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("expired reset link: %v", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		err := h.svc.ChangePassword(ctx, admin.Actor(), "wrong current", "a brand new password", ip)
		if learnwell.FieldMap(learnwell.ErrorFields(err))["current_password"] == "" {
			t.Fatalf("wrong current password: %v", err)
		}
		err = h.svc.ChangePassword(ctx, admin.Actor(), password, "qwertyuiop123", ip)
		if learnwell.FieldMap(learnwell.ErrorFields(err))["password"] != "Enter a less common password" {
			t.Fatalf("common new password: %v", err)
		}
		if err := h.svc.ChangePassword(ctx, admin.Actor(), password, "a brand new password", ip); err != nil {
			t.Fatal(err)
		}
		if _, err := h.signIn("admin@example.org", "a brand new password", admin.secret); err != nil {
			t.Fatal(err)
		}
	})
}

// A password hashed with old costs is hashed again with the current ones at
// the next sign-in.
func TestRehashOnSignIn(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		old, _ := account.NewHasher(account.HashParams{Memory: 32, Time: 1, Threads: 1}, 1, 0)
		oldHash, _ := old.Hash(ctx, password)
		if err := h.db.WriteTx(ctx, func(tx *store.Tx) error { return tx.ReplacePasswordHash(ctx, admin.User.ID, oldHash) }); err != nil {
			t.Fatal(err)
		}
		if _, err := h.svc.Authenticate(ctx, "admin@example.org", password, ip); err != nil {
			t.Fatal(err)
		}
		var c store.Credentials
		_ = h.db.ReadTx(ctx, func(tx *store.Tx) error { var err error; c, err = tx.FindCredentials(ctx, admin.User.ID); return err })
		if !strings.HasPrefix(c.PasswordHash, "$argon2id$v=19$m=64,t=1,p=1$") {
			t.Fatalf("hash after sign-in: %q", c.PasswordHash)
		}
	})
}

// Demo accounts work only in a demo database.
func TestDemoAccountsOnlyInADemoDatabase(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		hash, _ := h.hasher.Hash(ctx, account.DemoPassword)
		var u account.User
		err := h.db.WriteTx(ctx, func(tx *store.Tx) error {
			o := account.Organisation{Name: "Demo operator", Kind: account.PlatformOperator, Demo: true}
			if err := tx.CreateAccountOrganisation(ctx, &o); err != nil {
				return err
			}
			u = account.User{OrganisationID: o.ID, Email: "platform.admin@example.com", Name: "Demo", Roles: []account.Role{account.PlatformAdmin},
				Status: account.Active, Demo: true}
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
			return tx.SetPassword(ctx, u.ID, hash, false)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.svc.Authenticate(ctx, "platform.admin@example.com", account.DemoPassword, ip); err == nil || err.Error() != account.ErrSignInFailed().Error() {
			t.Fatalf("demo credentials in a real database: %v", err)
		}
		if _, err := h.svc.SessionValid(ctx, u.ID, h.clock.Now()); err == nil {
			t.Fatal("a demo user's session is valid in a real database")
		}
		if err := h.db.WriteTx(ctx, func(tx *store.Tx) error { return tx.MarkDemo(ctx) }); err != nil {
			t.Fatal(err)
		}
		if in, err := h.svc.Authenticate(ctx, "platform.admin@example.com", account.DemoPassword, ip); err != nil || in.Next != accounts.SetUpSecondFactor {
			t.Fatalf("demo credentials in a demo database: %+v, %v", in, err)
		}
	})
}

// In a demo database nobody can lock a demo account: its password is
// published, so a lock would only let one visitor shut out every other. The
// network address's limit still holds, and other accounts still lock.
func TestDemoAccountsNeverLock(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		hash, _ := h.hasher.Hash(ctx, account.DemoPassword)
		err := h.db.WriteTx(ctx, func(tx *store.Tx) error {
			if err := tx.MarkDemo(ctx); err != nil {
				return err
			}
			o := account.Organisation{Name: "Demo operator", Kind: account.PlatformOperator, Demo: true}
			if err := tx.CreateAccountOrganisation(ctx, &o); err != nil {
				return err
			}
			for _, email := range []string{"platform.admin@example.com", "visitor@example.com"} {
				u := account.User{OrganisationID: o.ID, Email: email, Name: "Demo", Roles: []account.Role{account.PlatformAdmin},
					Status: account.Active, Demo: email == "platform.admin@example.com"}
				if err := tx.CreateUser(ctx, &u); err != nil {
					return err
				}
				if err := tx.SetPassword(ctx, u.ID, hash, false); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, email := range []string{"platform.admin@example.com", "visitor@example.com"} {
			for i := range 12 { // from a new network address each time, as an attacker would
				from := fmt.Sprintf("198.51.100.%d", i+1)
				if _, err := h.svc.Authenticate(ctx, email, "wrong password", from); err == nil || learnwell.ErrorCode(err) != learnwell.EUNAUTHORISED {
					t.Fatalf("%s: failure %d: %v", email, i+1, err)
				}
				h.clock.Advance(time.Second)
			}
		}
		if in, err := h.svc.Authenticate(ctx, "platform.admin@example.com", account.DemoPassword, "203.0.113.9"); err != nil || in.Next != accounts.SetUpSecondFactor {
			t.Fatalf("the demo account after twelve failures: %+v, %v", in, err)
		}
		var th *account.Throttled
		if _, err := h.svc.Authenticate(ctx, "visitor@example.com", account.DemoPassword, "203.0.113.9"); !errors.As(err, &th) {
			t.Fatalf("an account that is not a demo account, after twelve failures: %v", err)
		}
		// The network address that keeps failing is still held back.
		for range account.DefaultLockout.AddressLimit {
			_, _ = h.svc.Authenticate(ctx, "platform.admin@example.com", "wrong password", "192.0.2.77")
		}
		if _, err := h.svc.Authenticate(ctx, "platform.admin@example.com", account.DemoPassword, "192.0.2.77"); !errors.As(err, &th) {
			t.Fatalf("the failing network address: %v", err)
		}
	})
}

func TestAdminsManageUsers(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		sps := h.org(admin, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		orgAdmin := h.invite(admin, sps.ID, "oa@example.com", account.OrgAdmin)
		lw := h.invite(orgAdmin, sps.ID, "lw@example.com", account.LinkWorker)
		if err := h.svc.ChangeRoles(ctx, orgAdmin.Actor(), lw.User.ID, []account.Role{account.LinkWorker, account.OrgAdmin}); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.ChangeRoles(ctx, orgAdmin.Actor(), orgAdmin.User.ID, []account.Role{account.LinkWorker}); learnwell.ErrorCode(err) != learnwell.EFORBIDDEN {
			t.Fatalf("changing one's own roles: %v", err)
		}
		if err := h.svc.ChangeRoles(ctx, lw.Actor(), orgAdmin.User.ID, []account.Role{account.LinkWorker}); learnwell.ErrorCode(err) != learnwell.EFORBIDDEN {
			t.Fatalf("a link worker (actor made before the change) changing roles: %v", err)
		}
		// Lost phone: the admin resets the second factor; the user sets up a new one.
		if err := h.svc.ResetSecondFactor(ctx, orgAdmin.Actor(), lw.User.ID); err != nil {
			t.Fatal(err)
		}
		in, err := h.svc.Authenticate(ctx, "lw@example.com", password, ip)
		if err != nil || in.Next != accounts.SetUpSecondFactor {
			t.Fatalf("after the reset: %+v, %v", in, err)
		}
		if _, err := h.svc.VerifyTOTP(ctx, in.UserID, mustCode(lw.secret, h.clock.Now()), ip); err == nil {
			t.Fatal("the old authenticator still works")
		}
		u, _ := h.svc.User(ctx, orgAdmin.Actor(), lw.User.ID)
		if u.SecondFactor || !u.HasRole(account.OrgAdmin) {
			t.Fatalf("user after the changes: %+v", u)
		}
		if err := h.svc.ResendInvitation(ctx, orgAdmin.Actor(), lw.User.ID); learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Fatalf("resending to an active user: %v", err)
		}
	})
}

func mustCode(secret string, at time.Time) string {
	c, err := account.TOTPCode(secret, at)
	if err != nil {
		panic(err)
	}
	return c
}

func TestAgreementsThroughTheService(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		admin := h.bootstrap()
		sps := h.org(admin, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		orgAdmin := h.invite(admin, sps.ID, "oa@example.com", account.OrgAdmin)
		hackney := h.org(admin, "Hackney Social Prescribing", account.SocialPrescribingService, "E09000012")
		ag := account.Agreement{Title: "Islington and Hackney", Purpose: "Joint referrals", Parties: []string{sps.ID, hackney.ID},
			Categories: []account.Category{account.ReferralDetails}, StartsOn: learnwellDate(2026, 1, 1)}
		if err := h.svc.CreateAgreement(ctx, orgAdmin.Actor(), &ag); learnwell.ErrorCode(err) != learnwell.EFORBIDDEN {
			t.Fatalf("an org admin making an agreement: %v", err)
		}
		if err := h.svc.CreateAgreement(ctx, admin.Actor(), &ag); err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := h.svc.CanShare(ctx, sps.ID, hackney.ID, account.ReferralDetails, h.clock.Now()); ok {
			t.Fatal("a draft covers sharing")
		}
		if err := h.svc.ActivateAgreement(ctx, admin.Actor(), ag.ID); err != nil {
			t.Fatal(err)
		}
		if ok, reason, err := h.svc.CanShare(ctx, sps.ID, hackney.ID, account.ReferralDetails, h.clock.Now()); !ok || err != nil {
			t.Fatalf("active: %v %q %v", ok, reason, err)
		}
		seen, err := h.svc.Agreements(ctx, orgAdmin.Actor(), store.AgreementFilter{OrganisationID: sps.ID})
		if err != nil || len(seen) != 1 {
			t.Fatalf("the org admin's agreements: %d, %v", len(seen), err)
		}
		if _, err := h.svc.Agreement(ctx, orgAdmin.Actor(), ag.ID); err != nil {
			t.Fatalf("the org admin viewing their agreement: %v", err)
		}
		if err := h.svc.EndAgreement(ctx, admin.Actor(), ag.ID); err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := h.svc.CanShare(ctx, sps.ID, hackney.ID, account.ReferralDetails, h.clock.Now()); ok {
			t.Fatal("an ended agreement covers sharing")
		}
		if !strings.Contains(strings.Join(h.actions(), " "), "agreement.ended") {
			t.Error("no agreement.ended event")
		}
	})
}

func learnwellDate(y, m, d int) directory.Date { return directory.NewDate(y, time.Month(m), d) }
