package demo

import (
	"context"
	"fmt"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/secret"
	"learnwell/internal/store"
)

// The demo's organisations and users: one organisation of each kind, and one
// user per role (two commissioner analysts: a borough's and the GLA's), all
// with the published demo password and authenticator secret
// (account.DemoPassword, account.DemoTOTPSecret). They are marked as demo
// records, and sign-in refuses them outside a demo database. README's demo
// section lists them.

// demoBorough is the borough of the demo's social prescribing service and
// commissioner: Islington.
const demoBorough = "E09000019"

// DemoUser is one demo account.
type DemoUser struct {
	Email string
	Name  string
	Role  account.Role
	Org   string // the name of its organisation
}

// The demo organisations' names.
const (
	demoSPS      = "Islington Social Prescribing (demo)"
	demoCommish  = "Islington Council Commissioning (demo)"
	demoGLA      = "Greater London Authority (demo)"
	demoOperator = "learnwell demo operations"
)

// DemoUsers lists the demo accounts. The learning provider's organisation is
// the first provider of the demo directory, named after it.
func DemoUsers() []DemoUser {
	return []DemoUser{
		{"link.worker@example.com", "Lina Walker", account.LinkWorker, demoSPS},
		{"provider.coordinator@example.com", "Priya Coates", account.ProviderCoordinator, ""},
		{"commissioner.analyst@example.com", "Chris Ansell", account.CommissionerAnalyst, demoCommish},
		{"gla.analyst@example.com", "Gale Anderson", account.CommissionerAnalyst, demoGLA},
		{"org.admin@example.com", "Omar Adeyemi", account.OrgAdmin, demoSPS},
		{"platform.admin@example.com", "Pat Adams", account.PlatformAdmin, demoOperator},
	}
}

// accountsSetup is what writing the demo accounts needs, made before the
// transaction (hashing takes a moment).
type accountsSetup struct {
	hash string
	keys *secret.Keyring
}

func newAccountsSetup(ctx context.Context, opts Options) (accountsSetup, error) {
	h := opts.Hasher
	if h == nil {
		var err error
		if h, err = account.NewHasher(account.DefaultHashParams, 1, 0); err != nil {
			return accountsSetup{}, err
		}
	}
	hash, err := h.Hash(ctx, account.DemoPassword)
	return accountsSetup{hash: hash, keys: secret.DemoKeyring()}, err
}

// writeAccounts writes the demo organisations, users and a data sharing
// agreement between the service and the provider, unless they are there
// already (a demo database made before accounts existed gets them).
func (g *generator) writeAccounts(ctx context.Context, tx *store.Tx, a accountsSetup) error {
	if _, err := tx.FindUserByEmail(ctx, DemoUsers()[0].Email); err == nil {
		return nil
	} else if learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
		return err
	}
	provider := g.orgs[0]
	orgs := []account.Organisation{
		{Name: demoSPS, Kind: account.SocialPrescribingService, Boroughs: []string{demoBorough}},
		{Name: provider.Name, Kind: account.LearningProvider, Boroughs: provider.Boroughs, AllLondon: len(provider.Boroughs) == 0,
			DirectoryOrganisationID: provider.ID},
		{Name: demoCommish, Kind: account.Commissioner, Boroughs: []string{demoBorough}},
		{Name: demoGLA, Kind: account.Commissioner, AllLondon: true},
		{Name: demoOperator, Kind: account.PlatformOperator},
	}
	byName := map[string]account.Organisation{}
	for i := range orgs {
		o := &orgs[i]
		o.ID, o.Demo = g.id("account-organisation", i), true
		if err := tx.CreateAccountOrganisation(ctx, o); err != nil {
			return fmt.Errorf("demo organisation %q: %w", o.Name, err)
		}
		byName[o.Name] = *o
	}
	for i, du := range DemoUsers() {
		org := byName[du.Org]
		if du.Org == "" {
			org = orgs[1]
		}
		u := account.User{ID: g.id("account-user", i), OrganisationID: org.ID, Email: du.Email, Name: du.Name,
			Roles: []account.Role{du.Role}, Status: account.Active, Demo: true}
		if err := tx.CreateUser(ctx, &u); err != nil {
			return fmt.Errorf("demo user %s: %w", du.Email, err)
		}
		if err := tx.SetPassword(ctx, u.ID, a.hash, false); err != nil {
			return err
		}
		sealed, err := a.keys.Seal([]byte(account.DemoTOTPSecret), account.TOTPSecretContext(u.ID))
		if err != nil {
			return err
		}
		if err := tx.EnableSecondFactor(ctx, u.ID, sealed, 0, nil); err != nil {
			return err
		}
	}
	ag := account.Agreement{ID: g.id("account-agreement", 0), Title: "Referrals from Islington Social Prescribing to " + provider.Name,
		Purpose:  "To refer Islington residents to adult learning for their wellbeing, and to feed back attendance and outcomes (demo).",
		Parties:  []string{orgs[0].ID, orgs[1].ID},
		StartsOn: g.cal.agreement.from, EndsOn: g.cal.agreement.to,
		Categories: account.Categories(), Status: account.InForce, Demo: true}
	if err := tx.CreateAgreement(ctx, &ag); err != nil {
		return fmt.Errorf("demo agreement: %w", err)
	}
	return nil
}

// ensureAccounts adds the demo accounts to a demo database that lacks them.
func ensureAccounts(ctx context.Context, db *store.DB, opts Options) error {
	var missing bool
	err := db.ReadTx(ctx, func(tx *store.Tx) error {
		_, err := tx.FindUserByEmail(ctx, DemoUsers()[0].Email)
		missing = learnwell.ErrorCode(err) == learnwell.ENOTFOUND
		if missing {
			return nil
		}
		return err
	})
	if err != nil || !missing {
		return err
	}
	setup, err := newAccountsSetup(ctx, opts)
	if err != nil {
		return err
	}
	g := newGenerator(opts)
	return db.WriteTx(ctx, func(tx *store.Tx) error { return g.writeAccounts(ctx, tx, setup) })
}
