package demo_test

import (
	"context"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/demo"
	"learnwell/internal/secret"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// Every demo account signs in with the published password and authenticator
// secret, in the role README lists, and the demo's agreement lets the
// service share with the provider.
func TestDemoAccountsSignIn(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hasher, _ := account.NewHasher(account.TestHashParams, 2, 0)
		opts := demo.Options{Seed: 3, Services: 40, Hasher: hasher}
		if _, err := demo.Ensure(ctx, db, opts); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Ensure(ctx, db, opts); err != nil {
			t.Fatalf("Ensure again: %v", err)
		}
		svc, err := accounts.New(accounts.Options{DB: db, Hasher: hasher, Keys: secret.DemoKeyring(), BaseURL: "http://localhost:8080"})
		if err != nil {
			t.Fatal(err)
		}
		want := demo.DemoUsers()
		users, _ := db.FindUsers(ctx, store.UserFilter{})
		if len(users) != len(want) {
			t.Fatalf("%d users, want %d", len(users), len(want))
		}
		orgs := map[string]account.Organisation{}
		for _, du := range want {
			in, err := svc.Authenticate(ctx, du.Email, account.DemoPassword, "192.0.2.1")
			if err != nil || in.Next != accounts.EnterCode {
				t.Fatalf("%s: password: %+v, %v", du.Email, in, err)
			}
			code, _ := account.TOTPCode(account.DemoTOTPSecret, clock.Now())
			p, err := svc.VerifyTOTP(ctx, in.UserID, code, "192.0.2.1")
			if err != nil {
				t.Fatalf("%s: code: %v", du.Email, err)
			}
			if !p.User.Demo || !p.User.HasRole(du.Role) || !p.Actor().SignedIn() {
				t.Errorf("%s: %+v in %+v", du.Email, p.User, p.Organisation)
			}
			orgs[du.Email] = p.Organisation
		}
		lw, pc := orgs["link.worker@example.com"], orgs["provider.coordinator@example.com"]
		gla, borough := orgs["gla.analyst@example.com"], orgs["commissioner.analyst@example.com"]
		if pc.Kind != account.LearningProvider || pc.DirectoryOrganisationID != demo.Generate(opts).Organisations[0].ID {
			t.Errorf("provider %+v is not linked to the first demo provider", pc)
		}
		if !gla.AllLondon || borough.AllLondon || len(borough.Boroughs) != 1 || orgs["platform.admin@example.com"].Kind != account.PlatformOperator {
			t.Errorf("commissioners: GLA %+v, borough %+v", gla, borough)
		}
		if ok, reason, err := svc.CanShare(ctx, lw.ID, pc.ID, account.HealthAndWellbeing, clock.Now()); !ok || err != nil {
			t.Errorf("the demo agreement: %v %q %v", ok, reason, err)
		}
	})
}
