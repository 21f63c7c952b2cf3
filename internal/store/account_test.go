package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/directory"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func fieldMessage(err error, field string) string {
	return learnwell.FieldMap(learnwell.ErrorFields(err))[field]
}

func write(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) error {
	t.Helper()
	return db.WriteTx(context.Background(), fn)
}

func mustWrite(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := write(t, db, fn); err != nil {
		t.Fatal(err)
	}
}

func makeOrg(t *testing.T, db *store.DB, name string, kind account.OrgKind, boroughs ...string) account.Organisation {
	t.Helper()
	o := account.Organisation{Name: name, Kind: kind, Boroughs: boroughs}
	if kind == account.LearningProvider {
		dir, _, _, _ := putSample(t, db)
		o.DirectoryOrganisationID = dir.ID
	}
	mustWrite(t, db, func(tx *store.Tx) error { return tx.CreateAccountOrganisation(context.Background(), &o) })
	return o
}

func makeUser(t *testing.T, db *store.DB, org account.Organisation, email string, roles ...account.Role) account.User {
	t.Helper()
	u := account.User{OrganisationID: org.ID, Email: email, Name: "Test " + email, Roles: roles}
	mustWrite(t, db, func(tx *store.Tx) error { return tx.CreateUser(context.Background(), &u) })
	return u
}

func TestAccountOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sps := makeOrg(t, db, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019", "E09000007")
		got, err := db.FindAccountOrganisationByID(ctx, sps.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != sps.Name || got.Kind != sps.Kind || !slices.Equal(got.Boroughs, []string{"E09000007", "E09000019"}) || got.CreatedAt.IsZero() {
			t.Fatalf("found %+v", got)
		}
		if _, err := db.FindAccountOrganisationByID(ctx, learnwell.NewID()); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("unknown id: %v", err)
		}
		var byName account.Organisation
		mustWrite(t, db, func(tx *store.Tx) error {
			byName, err = tx.FindAccountOrganisationByName(ctx, "  islington   SOCIAL prescribing ")
			return err
		})
		if byName.ID != sps.ID {
			t.Fatalf("by name: %+v", byName)
		}

		// The same name in another case is taken.
		dup := account.Organisation{Name: "ISLINGTON social prescribing", Kind: account.Commissioner, Boroughs: []string{"E09000019"}}
		err = write(t, db, func(tx *store.Tx) error { return tx.CreateAccountOrganisation(ctx, &dup) })
		if fieldMessage(err, "name") != "An organisation with this name already exists" {
			t.Fatalf("duplicate name: %v", err)
		}

		// A learning provider links to a directory organisation that exists, once.
		college := makeOrg(t, db, "Camden College", account.LearningProvider, "E09000007")
		again := account.Organisation{Name: "Camden College again", Kind: account.LearningProvider, Boroughs: []string{"E09000007"},
			DirectoryOrganisationID: college.DirectoryOrganisationID}
		err = write(t, db, func(tx *store.Tx) error { return tx.CreateAccountOrganisation(ctx, &again) })
		if !strings.Contains(fieldMessage(err, "directory_organisation_id"), "already linked") {
			t.Fatalf("second link: %v", err)
		}
		ghost := account.Organisation{Name: "Ghost College", Kind: account.LearningProvider, Boroughs: []string{"E09000007"},
			DirectoryOrganisationID: learnwell.NewID()}
		err = write(t, db, func(tx *store.Tx) error { return tx.CreateAccountOrganisation(ctx, &ghost) })
		if fieldMessage(err, "directory_organisation_id") == "" {
			t.Fatalf("unknown directory organisation: %v", err)
		}

		// Updates: boroughs change; the kind does not.
		sps.Boroughs = []string{"E09000012"}
		sps.ODSCode = "u12345"
		mustWrite(t, db, func(tx *store.Tx) error { return tx.UpdateAccountOrganisation(ctx, &sps) })
		got, _ = db.FindAccountOrganisationByID(ctx, sps.ID)
		if !slices.Equal(got.Boroughs, []string{"E09000012"}) || got.ODSCode != "U12345" {
			t.Fatalf("updated = %+v", got)
		}
		sps.Kind = account.Commissioner
		err = write(t, db, func(tx *store.Tx) error { return tx.UpdateAccountOrganisation(ctx, &sps) })
		if fieldMessage(err, "kind") == "" {
			t.Fatalf("kind changed: %v", err)
		}

		gla := account.Organisation{Name: "Greater London Authority", Kind: account.Commissioner, AllLondon: true}
		mustWrite(t, db, func(tx *store.Tx) error { return tx.CreateAccountOrganisation(ctx, &gla) })
		orgs, err := db.FindAccountOrganisations(ctx, store.AccountOrganisationFilter{Kind: account.Commissioner})
		if err != nil || len(orgs) != 1 || orgs[0].ID != gla.ID || !orgs[0].AllLondon {
			t.Fatalf("commissioners = %+v, %v", orgs, err)
		}
		orgs, _ = db.FindAccountOrganisations(ctx, store.AccountOrganisationFilter{Borough: "E09000007"})
		var names []string
		for _, o := range orgs {
			names = append(names, o.Name)
		}
		if strings.Join(names, "|") != "Camden College|Greater London Authority" {
			t.Fatalf("serving Camden: %v", names)
		}
	})
}

func TestUsers(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sps := makeOrg(t, db, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		u := makeUser(t, db, sps, "Sam.Jones@Example.com", account.OrgAdmin, account.LinkWorker)
		got, err := db.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != "Sam.Jones@Example.com" || got.Status != account.Invited || got.SecondFactor ||
			!slices.Equal(got.Roles, []account.Role{account.LinkWorker, account.OrgAdmin}) || !got.SessionsValidAfter.Equal(clock.Now()) {
			t.Fatalf("found %+v", got)
		}

		// Email addresses are unique without regard to case, and found in any case.
		dup := account.User{OrganisationID: sps.ID, Email: "sam.jones@EXAMPLE.com", Name: "Other Sam", Roles: []account.Role{account.LinkWorker}}
		err = write(t, db, func(tx *store.Tx) error { return tx.CreateUser(ctx, &dup) })
		if fieldMessage(err, "email") != "A user with this email address already exists" {
			t.Fatalf("duplicate email: %v", err)
		}
		mustWrite(t, db, func(tx *store.Tx) error {
			byEmail, err := tx.FindUserByEmail(ctx, " SAM.JONES@example.COM ")
			if err == nil && byEmail.ID != u.ID {
				t.Errorf("by email: %+v", byEmail)
			}
			return err
		})

		// Roles must fit the organisation; nothing is written when they do not.
		bad := account.User{OrganisationID: sps.ID, Email: "pat@example.com", Name: "Pat", Roles: []account.Role{account.ProviderCoordinator}}
		err = write(t, db, func(tx *store.Tx) error { return tx.CreateUser(ctx, &bad) })
		if fieldMessage(err, "roles") == "" {
			t.Fatalf("a provider role in a social prescribing service: %v", err)
		}
		nowhere := account.User{OrganisationID: learnwell.NewID(), Email: "pat@example.com", Name: "Pat", Roles: []account.Role{account.LinkWorker}}
		err = write(t, db, func(tx *store.Tx) error { return tx.CreateUser(ctx, &nowhere) })
		if fieldMessage(err, "organisation_id") == "" {
			t.Fatalf("unknown organisation: %v", err)
		}
		if users, _ := db.FindUsers(ctx, store.UserFilter{}); len(users) != 1 {
			t.Fatalf("%d users after refusals, want 1", len(users))
		}

		err = write(t, db, func(tx *store.Tx) error { return tx.SetUserRoles(ctx, u.ID, []account.Role{account.PlatformAdmin}) })
		if fieldMessage(err, "roles") == "" {
			t.Fatalf("platform admin in a social prescribing service: %v", err)
		}
		mustWrite(t, db, func(tx *store.Tx) error { return tx.SetUserRoles(ctx, u.ID, []account.Role{account.LinkWorker}) })

		clock.Advance(time.Hour)
		mustWrite(t, db, func(tx *store.Tx) error { return tx.SetPassword(ctx, u.ID, "$argon2id$fake", false) })
		got, _ = db.FindUserByID(ctx, u.ID)
		if got.Status != account.Active || !got.PasswordChangedAt.Equal(clock.Now()) || !slices.Equal(got.Roles, []account.Role{account.LinkWorker}) {
			t.Fatalf("after password: %+v", got)
		}
		if !got.SessionsValidAfter.Before(clock.Now()) {
			t.Error("setting a password without ending sessions ended them")
		}

		// Deactivation ends sessions and links at once.
		var token string
		mustWrite(t, db, func(tx *store.Tx) error {
			token, _, err = tx.CreateLink(ctx, store.NewLink{Purpose: account.PasswordResetLink, SubjectID: u.ID})
			return err
		})
		clock.Advance(time.Minute)
		mustWrite(t, db, func(tx *store.Tx) error { return tx.DeactivateUser(ctx, u.ID) })
		got, _ = db.FindUserByID(ctx, u.ID)
		if got.Status != account.Deactivated || !got.DeactivatedAt.Equal(clock.Now()) || !got.SessionsValidAfter.Equal(clock.Now()) {
			t.Fatalf("deactivated: %+v", got)
		}
		err = write(t, db, func(tx *store.Tx) error { _, err := tx.RedeemLink(ctx, account.PasswordResetLink, token); return err })
		if learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("a deactivated user's reset link: %v", err)
		}
		if err := write(t, db, func(tx *store.Tx) error { return tx.DeactivateUser(ctx, u.ID) }); learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Fatalf("deactivating twice: %v", err)
		}
		mustWrite(t, db, func(tx *store.Tx) error { return tx.ReactivateUser(ctx, u.ID) })
		got, _ = db.FindUserByID(ctx, u.ID)
		if got.Status != account.Active || !got.DeactivatedAt.IsZero() {
			t.Fatalf("reactivated: %+v", got)
		}
		active, _ := db.FindUsers(ctx, store.UserFilter{OrganisationID: sps.ID, Status: account.Active})
		invited, _ := db.FindUsers(ctx, store.UserFilter{OrganisationID: sps.ID, Status: account.Invited})
		if len(active) != 1 || len(invited) != 0 {
			t.Fatalf("filters: %d active, %d invited", len(active), len(invited))
		}
	})
}

func TestSignInFailuresCount(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	p := account.DefaultLockout
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		clock.Set(start)
		count := func(email, ip string) account.Failures {
			var f account.Failures
			mustWrite(t, db, func(tx *store.Tx) error {
				var err error
				f, err = tx.CountSignInFailures(ctx, email, ip, p)
				return err
			})
			return f
		}
		fail := func(email, ip string) {
			mustWrite(t, db, func(tx *store.Tx) error { return tx.RecordSignInFailure(ctx, email, ip, p) })
		}
		for range 3 {
			fail("email-a", "ip-1")
			clock.Advance(time.Minute)
		}
		fail("email-b", "ip-1")
		f := count("email-a", "ip-1")
		if f.Account != 3 || !f.LastAccount.Equal(start.Add(2*time.Minute)) || f.Address != 4 || !f.LastAddress.Equal(start.Add(3*time.Minute)) {
			t.Fatalf("failures = %+v", f)
		}
		// The address window is 15 minutes; the account's memory a day.
		clock.Set(start.Add(17*time.Minute + 30*time.Second))
		if f := count("email-a", "ip-1"); f.Account != 3 || f.Address != 1 {
			t.Fatalf("after 17 and a half minutes: %+v", f)
		}
		clock.Set(start.Add(24*time.Hour + 2*time.Minute + time.Second))
		if f := count("email-a", "ip-1"); f.Account != 0 || f.Address != 0 || !f.LastAccount.IsZero() {
			t.Fatalf("after a day: %+v", f)
		}
		// A success forgets the account's failures, not another's.
		fail("email-a", "ip-2")
		fail("email-b", "ip-2")
		mustWrite(t, db, func(tx *store.Tx) error { return tx.ClearSignInFailures(ctx, "email-a") })
		if a, b := count("email-a", ""), count("email-b", ""); a.Account != 0 || b.Account != 2 {
			t.Fatalf("after clearing a: a %+v, b %+v", a, b)
		}
	})
}

func TestSecondFactorAndRecoveryCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sps := makeOrg(t, db, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		u := makeUser(t, db, sps, "sam@example.com", account.LinkWorker)
		mustWrite(t, db, func(tx *store.Tx) error { return tx.SetPendingSecondFactor(ctx, u.ID, "lw1.k.pending") })
		mustWrite(t, db, func(tx *store.Tx) error {
			c, err := tx.FindCredentials(ctx, u.ID)
			if err == nil && (c.TOTPPending != "lw1.k.pending" || c.TOTPSecret != "" || c.User.SecondFactor) {
				t.Errorf("pending: %+v", c)
			}
			return err
		})
		_, hashes := account.NewRecoveryCodes()
		mustWrite(t, db, func(tx *store.Tx) error { return tx.EnableSecondFactor(ctx, u.ID, "lw1.k.secret", 100, hashes) })
		var c store.Credentials
		mustWrite(t, db, func(tx *store.Tx) error {
			var err error
			c, err = tx.FindCredentialsByEmail(ctx, "SAM@example.com")
			return err
		})
		if c.TOTPSecret != "lw1.k.secret" || c.TOTPPending != "" || c.TOTPLastStep != 100 || !c.User.SecondFactor {
			t.Fatalf("enabled: %+v", c)
		}
		use := func(step int64) bool {
			var ok bool
			mustWrite(t, db, func(tx *store.Tx) error { var err error; ok, err = tx.UseTOTPStep(ctx, u.ID, step); return err })
			return ok
		}
		if use(100) || use(99) || !use(101) || use(101) {
			t.Fatal("a step was used twice, or an older one after a newer")
		}
		if n, _ := db.CountRecoveryCodes(ctx, u.ID); n != 10 {
			t.Fatalf("%d recovery codes", n)
		}
		spend := func(hash string) bool {
			var ok bool
			mustWrite(t, db, func(tx *store.Tx) error { var err error; ok, err = tx.UseRecoveryCode(ctx, u.ID, hash); return err })
			return ok
		}
		if !spend(hashes[3]) || spend(hashes[3]) || spend(account.HashRecoveryCode("0000-0000-0000-0000")) {
			t.Fatal("a recovery code was not single-use, or an unknown one worked")
		}
		if n, _ := db.CountRecoveryCodes(ctx, u.ID); n != 9 {
			t.Fatalf("%d recovery codes left, want 9", n)
		}
		mustWrite(t, db, func(tx *store.Tx) error { return tx.ResetSecondFactor(ctx, u.ID) })
		got, _ := db.FindUserByID(ctx, u.ID)
		if n, _ := db.CountRecoveryCodes(ctx, u.ID); n != 0 || got.SecondFactor {
			t.Fatalf("after reset: %d codes, %+v", n, got)
		}
	})
}

func TestAgreementsAndCanShare(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sps := makeOrg(t, db, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		college := makeOrg(t, db, "Camden College", account.LearningProvider, "E09000007")
		hackney := makeOrg(t, db, "Hackney Learning", account.SocialPrescribingService, "E09000012")
		at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

		if ok, reason, err := db.CanShare(ctx, sps.ID, college.ID, account.ReferralDetails, at); ok || err != nil || reason == "" {
			t.Fatalf("no agreement: %v %q %v", ok, reason, err)
		}
		bad := account.Agreement{Title: "Bad", Purpose: "p", Parties: []string{sps.ID, learnwell.NewID()},
			Categories: []account.Category{account.ReferralDetails}, StartsOn: directory.NewDate(2026, 4, 1)}
		err := write(t, db, func(tx *store.Tx) error { return tx.CreateAgreement(ctx, &bad) })
		if fieldMessage(err, "parties") == "" {
			t.Fatalf("unknown party: %v", err)
		}
		a := account.Agreement{Title: "Islington to Camden College", Purpose: "Referrals to courses", Parties: []string{sps.ID, college.ID},
			Categories: []account.Category{account.ReferralDetails, account.AttendanceAndOutcomes}, StartsOn: directory.NewDate(2026, 4, 1),
			EndsOn: directory.NewDate(2027, 3, 31)}
		mustWrite(t, db, func(tx *store.Tx) error { return tx.CreateAgreement(ctx, &a) })
		got, err := db.FindAgreementByID(ctx, a.ID)
		if err != nil || got.Status != account.Draft || got.StartsOn != a.StartsOn || got.EndsOn != a.EndsOn ||
			len(got.Parties) != 2 || len(got.Categories) != 2 {
			t.Fatalf("found %+v, %v", got, err)
		}
		if ok, _, _ := db.CanShare(ctx, sps.ID, college.ID, account.ReferralDetails, at); ok {
			t.Fatal("a draft covers sharing")
		}
		a.Title = "Islington referrals to Camden College"
		mustWrite(t, db, func(tx *store.Tx) error { return tx.UpdateAgreement(ctx, &a) })
		mustWrite(t, db, func(tx *store.Tx) error { _, err := tx.SetAgreementStatus(ctx, a.ID, account.InForce); return err })
		ok, reason, err := db.CanShare(ctx, sps.ID, college.ID, account.ReferralDetails, at)
		if !ok || err != nil || !strings.Contains(reason, a.ID) {
			t.Fatalf("active agreement: %v %q %v", ok, reason, err)
		}
		if ok, _, _ := db.CanShare(ctx, college.ID, sps.ID, account.HealthAndWellbeing, at); ok {
			t.Fatal("a category not in the agreement is covered")
		}
		if ok, _, _ := db.CanShare(ctx, sps.ID, college.ID, account.ReferralDetails, time.Date(2027, 4, 1, 12, 0, 0, 0, time.UTC)); ok {
			t.Fatal("covered after the end date")
		}
		if _, _, err := db.CanShare(ctx, sps.ID, learnwell.NewID(), account.ReferralDetails, at); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("unknown organisation: %v", err)
		}
		if err := write(t, db, func(tx *store.Tx) error { return tx.UpdateAgreement(ctx, &a) }); learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Fatalf("changing an active agreement: %v", err)
		}

		area := account.Agreement{Title: "North east London", Purpose: "Area-wide sharing", AreaWide: true, Boroughs: []string{"E09000012", "E09000007"},
			Categories: account.Categories(), StartsOn: directory.NewDate(2026, 1, 1)}
		mustWrite(t, db, func(tx *store.Tx) error { return tx.CreateAgreement(ctx, &area) })
		mustWrite(t, db, func(tx *store.Tx) error { _, err := tx.SetAgreementStatus(ctx, area.ID, account.InForce); return err })
		if ok, reason, _ := db.CanShare(ctx, hackney.ID, college.ID, account.HealthAndWellbeing, at); !ok || !strings.Contains(reason, area.ID) {
			t.Fatalf("area-wide: %v %q", ok, reason)
		}
		if ok, _, _ := db.CanShare(ctx, hackney.ID, sps.ID, account.HealthAndWellbeing, at); ok {
			t.Fatal("area-wide covers an organisation outside its boroughs")
		}
		forCollege, _ := db.FindAgreements(ctx, store.AgreementFilter{OrganisationID: college.ID})
		forSPS, _ := db.FindAgreements(ctx, store.AgreementFilter{OrganisationID: sps.ID})
		forHackney, _ := db.FindAgreements(ctx, store.AgreementFilter{OrganisationID: hackney.ID, Status: account.InForce})
		if len(forCollege) != 2 || len(forSPS) != 1 || len(forHackney) != 1 || forHackney[0].ID != area.ID {
			t.Fatalf("by organisation: college %d, sps %d, hackney %d", len(forCollege), len(forSPS), len(forHackney))
		}
		mustWrite(t, db, func(tx *store.Tx) error { _, err := tx.SetAgreementStatus(ctx, area.ID, account.Ended); return err })
		if ok, _, _ := db.CanShare(ctx, hackney.ID, college.ID, account.HealthAndWellbeing, at); ok {
			t.Fatal("an ended agreement covers sharing")
		}
		err = write(t, db, func(tx *store.Tx) error { _, err := tx.SetAgreementStatus(ctx, area.ID, account.InForce); return err })
		if learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Fatalf("reviving an ended agreement: %v", err)
		}
	})
}
