package store_test

import (
	"context"
	"testing"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/directory"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// TestUnusualTextIsRefused is the store's last line of defence: the edges
// refuse unusual text before it gets here, and if some caller forgot, both
// engines refuse it alike with EINVALID. Without this SQLite stored a NUL
// and text that is not UTF-8, and PostgreSQL failed with SQLSTATE 22021 (a
// 500).
func TestUnusualTextIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for name, bad := range map[string]string{"NUL": "Art\x00 club", "not UTF-8": "Caf\xe9", "control": "a\x1bb"} {
			// A write through Exec.
			o := account.Organisation{Name: bad, Kind: account.Commissioner, AllLondon: true}
			err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.CreateAccountOrganisation(ctx, &o) })
			if learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Errorf("%s: create an organisation: %v, want invalid", name, err)
			}
			// A write through a query (RETURNING) and a lookup through QueryRow.
			d := directory.Organisation{Name: bad, Description: "Adult learning.", Kind: directory.College}
			err = db.WriteTx(ctx, func(tx *store.Tx) error { return tx.PutOrganisation(ctx, &d) })
			if learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Errorf("%s: put a directory organisation: %v, want invalid", name, err)
			}
			err = db.ReadTx(ctx, func(tx *store.Tx) error {
				_, err := tx.FindAccountOrganisationByName(ctx, bad)
				return err
			})
			// A lookup by name folds its case first, which turns bytes that
			// are not UTF-8 into U+FFFD: then it finds nothing, on both.
			if want := map[bool]string{true: learnwell.ENOTFOUND, false: learnwell.EINVALID}[name == "not UTF-8"]; learnwell.ErrorCode(err) != want {
				t.Errorf("%s: find an organisation by name: %v, want %s", name, err, want)
			}
		}
		orgs, err := db.FindAccountOrganisations(ctx, store.AccountOrganisationFilter{})
		if err != nil || len(orgs) != 0 {
			t.Errorf("stored %d organisations (%v)", len(orgs), err)
		}
		// Plain text with tabs and line ends is stored as it is.
		o := account.Organisation{Name: "Tabs\tand\r\nlines — café", Kind: account.Commissioner, AllLondon: true}
		mustWrite(t, db, func(tx *store.Tx) error { return tx.CreateAccountOrganisation(ctx, &o) })
		if got, _ := db.FindAccountOrganisationByID(ctx, o.ID); got.Name != o.Name {
			t.Errorf("stored %q, want %q", got.Name, o.Name)
		}
	})
}
