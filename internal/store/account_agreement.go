package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/directory"
)

// This file keeps data sharing agreements and answers CanShare.

const (
	agreementColumns   = "id, title, purpose, status, area_wide, starts_on, ends_on, demo, created_at, updated_at"
	msgPartyUnknown    = "Select organisations from the list"
	errNoSuchAgreement = "There is no such agreement."
)

// CreateAgreement validates and writes a new agreement, as a draft unless
// a.Status says otherwise.
func (tx *Tx) CreateAgreement(ctx context.Context, a *account.Agreement) error {
	if a.ID == "" {
		a.ID = learnwell.NewID()
	}
	a.Normalise()
	if err := tx.checkAgreement(ctx, a); err != nil {
		return err
	}
	a.CreatedAt, a.UpdatedAt = tx.Now, tx.Now
	_, err := tx.ExecContext(ctx, `INSERT INTO sharing_agreements (`+agreementColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		a.ID, a.Title, a.Purpose, string(a.Status), a.AreaWide, a.StartsOn.String(), dateText(a.EndsOn), a.Demo, tx.Now)
	if err != nil {
		return err
	}
	return tx.replaceAgreementLists(ctx, a)
}

// UpdateAgreement writes changes to a draft agreement (everything but its
// status). An active or ended agreement cannot be changed: end it and make
// a new one.
func (tx *Tx) UpdateAgreement(ctx context.Context, a *account.Agreement) error {
	old, err := tx.FindAgreementByID(ctx, a.ID)
	if err != nil {
		return err
	}
	if old.Status != account.Draft {
		return learnwell.Errorf(learnwell.ECONFLICT, "Only a draft agreement can be changed. End this one and make a new one.")
	}
	a.Status, a.Demo, a.CreatedAt, a.UpdatedAt = old.Status, old.Demo, old.CreatedAt, tx.Now
	a.Normalise()
	if err := tx.checkAgreement(ctx, a); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE sharing_agreements SET title = $2, purpose = $3, area_wide = $4, starts_on = $5, ends_on = $6,
		updated_at = $7 WHERE id = $1`, a.ID, a.Title, a.Purpose, a.AreaWide, a.StartsOn.String(), dateText(a.EndsOn), tx.Now)
	if err != nil {
		return err
	}
	return tx.replaceAgreementLists(ctx, a)
}

// SetAgreementStatus moves an agreement to a new status (see
// account.Agreement.CanMoveTo) and returns it.
func (tx *Tx) SetAgreementStatus(ctx context.Context, id string, status account.AgreementStatus) (account.Agreement, error) {
	a, err := tx.FindAgreementByID(ctx, id)
	if err != nil {
		return a, err
	}
	if err := a.CanMoveTo(status); err != nil {
		return a, err
	}
	a.Status, a.UpdatedAt = status, tx.Now
	_, err = tx.ExecContext(ctx, "UPDATE sharing_agreements SET status = $2, updated_at = $3 WHERE id = $1", id, string(status), tx.Now)
	return a, err
}

func dateText(d directory.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// checkAgreement validates the agreement and checks that its parties exist.
func (tx *Tx) checkAgreement(ctx context.Context, a *account.Agreement) error {
	var v learnwell.Validation
	for _, f := range learnwell.ErrorFields(a.Validate()) {
		v.Add(f.Field, f.Message)
	}
	if !v.Has("parties") {
		for _, p := range a.Parties {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM account_organisations WHERE id = $1", p).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				v.Add("parties", msgPartyUnknown)
			}
		}
	}
	return v.Err()
}

func (tx *Tx) replaceAgreementLists(ctx context.Context, a *account.Agreement) error {
	for _, table := range []string{"sharing_agreement_parties", "sharing_agreement_categories", "sharing_agreement_boroughs"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE agreement_id = $1", a.ID); err != nil {
			return err
		}
	}
	for _, p := range a.Parties {
		if _, err := tx.ExecContext(ctx, "INSERT INTO sharing_agreement_parties (agreement_id, organisation_id) VALUES ($1, $2)", a.ID, p); err != nil {
			return err
		}
	}
	for _, c := range a.Categories {
		if _, err := tx.ExecContext(ctx, "INSERT INTO sharing_agreement_categories (agreement_id, category) VALUES ($1, $2)", a.ID, string(c)); err != nil {
			return err
		}
	}
	for _, b := range a.Boroughs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO sharing_agreement_boroughs (agreement_id, borough) VALUES ($1, $2)", a.ID, b); err != nil {
			return err
		}
	}
	return nil
}

func scanAgreement(row interface{ Scan(...any) error }) (account.Agreement, error) {
	var a account.Agreement
	var status, starts, ends string
	if err := row.Scan(&a.ID, &a.Title, &a.Purpose, &status, &a.AreaWide, &starts, &ends, &a.Demo, &a.CreatedAt, &a.UpdatedAt); err != nil {
		return a, err
	}
	a.Status, a.CreatedAt, a.UpdatedAt = account.AgreementStatus(status), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	var err error
	if a.StartsOn, err = directory.ParseDate(starts); err != nil {
		return a, learnwell.Internal(err)
	}
	if ends != "" {
		if a.EndsOn, err = directory.ParseDate(ends); err != nil {
			return a, learnwell.Internal(err)
		}
	}
	return a, nil
}

// agreementLists are the parties, categories and boroughs of agreements, by id.
type agreementLists struct {
	parties, boroughs map[string][]string
	categories        map[string][]account.Category
}

// loadAgreementLists reads the lists of the agreement with the id, or of all
// agreements when id is "".
func (tx *Tx) loadAgreementLists(ctx context.Context, id string) (agreementLists, error) {
	l := agreementLists{parties: map[string][]string{}, boroughs: map[string][]string{}, categories: map[string][]account.Category{}}
	lists := []struct {
		query string
		add   func(id, v string)
	}{
		{"SELECT agreement_id, organisation_id FROM sharing_agreement_parties", func(id, v string) { l.parties[id] = append(l.parties[id], v) }},
		{"SELECT agreement_id, borough FROM sharing_agreement_boroughs", func(id, v string) { l.boroughs[id] = append(l.boroughs[id], v) }},
		{"SELECT agreement_id, category FROM sharing_agreement_categories", func(id, v string) {
			l.categories[id] = append(l.categories[id], account.Category(v))
		}},
	}
	for _, list := range lists {
		err := eachRow(ctx, tx, list.query+" WHERE ($1 = '' OR agreement_id = $1) ORDER BY 1, 2", []any{id}, func(r *sql.Rows) error {
			var aid, v string
			err := r.Scan(&aid, &v)
			list.add(aid, v)
			return err
		})
		if err != nil {
			return l, err
		}
	}
	return l, nil
}

func (l agreementLists) fill(a *account.Agreement) {
	a.Parties, a.Boroughs, a.Categories = l.parties[a.ID], l.boroughs[a.ID], l.categories[a.ID]
}

// FindAgreementByID returns an agreement, or ENOTFOUND.
func (tx *Tx) FindAgreementByID(ctx context.Context, id string) (account.Agreement, error) {
	a, err := scanAgreement(tx.QueryRowContext(ctx, "SELECT "+agreementColumns+" FROM sharing_agreements WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, learnwell.Errorf(learnwell.ENOTFOUND, errNoSuchAgreement)
	}
	if err != nil {
		return a, err
	}
	l, err := tx.loadAgreementLists(ctx, id)
	l.fill(&a)
	return a, err
}

// FindAgreementByID returns an agreement, or ENOTFOUND.
func (db *DB) FindAgreementByID(ctx context.Context, id string) (a account.Agreement, err error) {
	err = db.ReadTx(ctx, func(tx *Tx) error { a, err = tx.FindAgreementByID(ctx, id); return err })
	return a, db.classify(err)
}

// AgreementFilter selects agreements.
type AgreementFilter struct {
	// OrganisationID keeps the agreements the organisation is party to, and
	// the area-wide ones that cover it; "" keeps all.
	OrganisationID string
	Status         account.AgreementStatus // "" for every status
}

// FindAgreements returns the agreements that match, newest first.
func (db *DB) FindAgreements(ctx context.Context, f AgreementFilter) ([]account.Agreement, error) {
	var out []account.Agreement
	err := db.ReadTx(ctx, func(tx *Tx) error {
		var org account.Organisation
		if f.OrganisationID != "" {
			var err error
			if org, err = tx.FindAccountOrganisationByID(ctx, f.OrganisationID); err != nil {
				return err
			}
		}
		all, err := tx.findAgreementsWhere(ctx, "($1 = '' OR status = $1)", string(f.Status))
		if err != nil {
			return err
		}
		for _, a := range all {
			if f.OrganisationID == "" || a.Involves(org) {
				out = append(out, a)
			}
		}
		return nil
	})
	return out, db.classify(err)
}

func (tx *Tx) findAgreementsWhere(ctx context.Context, where string, args ...any) ([]account.Agreement, error) {
	l, err := tx.loadAgreementLists(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []account.Agreement
	err = eachRow(ctx, tx, "SELECT "+agreementColumns+" FROM sharing_agreements WHERE "+where+" ORDER BY created_at DESC, id", args,
		func(r *sql.Rows) error {
			a, err := scanAgreement(r)
			l.fill(&a)
			out = append(out, a)
			return err
		})
	return out, err
}

// CanShare decides whether personal data of the category may flow from one
// organisation to another at the instant, and says why (see
// account.CanShare): only while an active agreement covers it.
func (tx *Tx) CanShare(ctx context.Context, fromOrgID, toOrgID string, c account.Category, at time.Time) (bool, string, error) {
	from, err := tx.FindAccountOrganisationByID(ctx, fromOrgID)
	if err != nil {
		return false, "", err
	}
	to, err := tx.FindAccountOrganisationByID(ctx, toOrgID)
	if err != nil {
		return false, "", err
	}
	active, err := tx.findAgreementsWhere(ctx, "status = $1 AND id IN (SELECT agreement_id FROM sharing_agreement_categories WHERE category = $2)",
		string(account.InForce), string(c))
	if err != nil {
		return false, "", err
	}
	ok, reason := account.CanShare(active, from, to, c, at)
	return ok, reason, nil
}

// CanShare is Tx.CanShare in a read transaction of its own.
func (db *DB) CanShare(ctx context.Context, fromOrgID, toOrgID string, c account.Category, at time.Time) (ok bool, reason string, err error) {
	err = db.ReadTx(ctx, func(tx *Tx) error {
		ok, reason, err = tx.CanShare(ctx, fromOrgID, toOrgID, c, at)
		return err
	})
	return ok, reason, db.classify(err)
}
