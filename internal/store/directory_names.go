package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"learnwell"
)

// DirectoryOrganisationName is a provider organisation of the directory by
// its name, as an admin picks one when linking a learning provider's account.
type DirectoryOrganisationName struct {
	ID, Name string
}

// nameKey is how names are compared: letter case and runs of spaces ignored.
// It is worked out here rather than by either engine, whose lower() and
// collations differ outside ASCII.
func nameKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// FindDirectoryOrganisationNames returns every organisation of the directory
// by name (ignoring letter case), then id.
func (db *DB) FindDirectoryOrganisationNames(ctx context.Context) ([]DirectoryOrganisationName, error) {
	var out []DirectoryOrganisationName
	err := eachRow(ctx, db.read, "SELECT id, name FROM organisations", nil, func(rows *sql.Rows) error {
		var o DirectoryOrganisationName
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return err
		}
		out = append(out, o)
		return nil
	})
	keys := make(map[string]string, len(out))
	for _, o := range out {
		keys[o.ID] = nameKey(o.Name)
	}
	slices.SortFunc(out, func(a, b DirectoryOrganisationName) int {
		return cmp.Or(strings.Compare(keys[a.ID], keys[b.ID]), strings.Compare(a.ID, b.ID))
	})
	return out, err
}

// FindDirectoryOrganisationsNamed returns the organisations of the directory
// called name, ignoring letter case and runs of spaces: none, one, or more
// than one where names are shared.
func (db *DB) FindDirectoryOrganisationsNamed(ctx context.Context, name string) ([]DirectoryOrganisationName, error) {
	all, err := db.FindDirectoryOrganisationNames(ctx)
	if err != nil {
		return nil, err
	}
	key := nameKey(name)
	var out []DirectoryOrganisationName
	for _, o := range all {
		if nameKey(o.Name) == key {
			out = append(out, o)
		}
	}
	return out, nil
}

// FindDirectoryOrganisationName returns the organisation of the directory
// with the id, or ENOTFOUND.
func (db *DB) FindDirectoryOrganisationName(ctx context.Context, id string) (DirectoryOrganisationName, error) {
	o := DirectoryOrganisationName{ID: id}
	err := db.read.QueryRowContext(ctx, "SELECT name FROM organisations WHERE id = $1", id).Scan(&o.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return o, learnwell.Errorf(learnwell.ENOTFOUND, "There is no such organisation in the directory.")
	}
	return o, err
}
