package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"learnwell"
	"learnwell/internal/directory"
)

// ImportOutcome says what an import did to a record: created it, updated it,
// or found it already as the source has it.
type ImportOutcome string

// The outcomes of importing a record.
const (
	ImportCreated   ImportOutcome = "created"
	ImportUpdated   ImportOutcome = "updated"
	ImportUnchanged ImportOutcome = "unchanged"
)

// With combines the outcomes of the parts of one record (its provider, its
// venues, the course): created if the main part was created, else updated if
// any part changed, else unchanged. Call it on the course's outcome.
func (o ImportOutcome) With(part ImportOutcome) ImportOutcome {
	if o == ImportCreated || part == "" {
		return o
	}
	if o == ImportUpdated || part != ImportUnchanged {
		return ImportUpdated
	}
	return ImportUnchanged
}

// ImportKind names a kind of record that keeps its source: the tables with
// source_system and source_id columns.
type ImportKind string

// The kinds of record an import finds by source.
const (
	ImportOrganisation ImportKind = "organisation"
	ImportLocation     ImportKind = "location"
	ImportCourse       ImportKind = "course"
)

func (k ImportKind) table() (string, error) {
	switch k {
	case ImportOrganisation:
		return "organisations", nil
	case ImportLocation:
		return "locations", nil
	case ImportCourse:
		return "courses", nil
	}
	return "", fmt.Errorf("store: no table for import kind %q", k)
}

// ResolveImportID returns the learnwell id of the record with the source:
// the id it was given when first imported (existing is then true); else the
// proposed id (the source's own) when it is a UUID that no record of the kind
// has yet, so a learnwell feed imported into an empty database keeps its ids;
// else an id derived from the kind and the source. The same source always
// resolves to the same record, which is what makes imports idempotent.
func (tx *Tx) ResolveImportID(ctx context.Context, kind ImportKind, src directory.Source, proposed string) (id string, existing bool, err error) {
	table, err := kind.table()
	if err != nil {
		return "", false, err
	}
	if src.System == "" || src.ID == "" {
		return "", false, learnwell.Errorf(learnwell.EINVALID, "An imported %s needs its source system and id.", kind)
	}
	err = tx.QueryRowContext(ctx, "SELECT id FROM "+table+" WHERE source_system = $1 AND source_id = $2", src.System, src.ID).Scan(&id)
	switch {
	case err == nil:
		return id, true, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", false, err
	}
	candidates := []string{learnwell.DerivedID("import", string(kind), src.System, src.ID)}
	if learnwell.ValidID(proposed) {
		candidates = slices.Insert(candidates, 0, strings.ToLower(proposed))
	}
	for _, c := range candidates {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE id = $1", c).Scan(&n); err != nil {
			return "", false, err
		}
		if n == 0 {
			return c, false, nil
		}
	}
	return "", false, learnwell.Errorf(learnwell.ECONFLICT, "The %s %s from %s cannot be given an id: both its own and the derived one are taken.", kind, src.ID, src.System)
}

// loadData reads the data column of the row with the id into v; false when
// there is no such row.
func loadData(ctx context.Context, q querier, table, id string, v any) (bool, error) {
	var data string
	err := q.QueryRowContext(ctx, "SELECT data FROM "+table+" WHERE id = $1", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal([]byte(data), v)
}

// ImportOrganisation creates or updates an imported learning provider by its
// id (see ResolveImportID), and reports which it did. An organisation that is
// already as given is left alone, so its updated time stays. The boroughs it
// serves are added to, never taken away: each imported course names only the
// areas it serves.
func (tx *Tx) ImportOrganisation(ctx context.Context, o *directory.Organisation) (ImportOutcome, error) {
	var old directory.Organisation
	found, err := loadData(ctx, tx, "organisations", o.ID, &old)
	if err != nil {
		return "", err
	}
	if !found {
		return ImportCreated, tx.PutOrganisation(ctx, o)
	}
	merged := slices.Clone(old.Boroughs)
	for _, b := range o.Boroughs {
		if !slices.Contains(merged, b) {
			merged = append(merged, b)
		}
	}
	o.Boroughs = merged
	o.CreatedAt, o.UpdatedAt = old.CreatedAt, old.UpdatedAt
	if same, err := sameRecord(old, *o); err != nil || same {
		return ImportUnchanged, err
	}
	return ImportUpdated, tx.PutOrganisation(ctx, o)
}

// ImportLocation creates or updates an imported venue by its id, and reports
// which it did. A venue keeps the organisation it was first imported with,
// since providers share venues (a library hosts several).
func (tx *Tx) ImportLocation(ctx context.Context, l *directory.Location) (ImportOutcome, error) {
	var old directory.Location
	found, err := loadData(ctx, tx, "locations", l.ID, &old)
	if err != nil {
		return "", err
	}
	if !found {
		return ImportCreated, tx.PutLocation(ctx, l)
	}
	l.Normalise()
	l.OrganisationID = old.OrganisationID
	l.CreatedAt, l.UpdatedAt = old.CreatedAt, old.UpdatedAt
	if same, err := sameRecord(old, *l); err != nil || same {
		return ImportUnchanged, err
	}
	return ImportUpdated, tx.PutLocation(ctx, l)
}

// ImportCourse creates or updates an imported course and its runs, and
// reports which it did. The runs are the source's; besides them:
//
//   - a run that is already here keeps its places taken (learnwell's own
//     count, which referrals change), no more than its places;
//   - a run here that the source no longer lists is kept when it has
//     finished (before today), and otherwise is cancelled, not deleted, so
//     anything that refers to it still finds it.
//
// A course and runs that are already as given are left alone.
func (tx *Tx) ImportCourse(ctx context.Context, c *directory.Course, runs []directory.Run, tax *directory.Taxonomies, today directory.Date) (ImportOutcome, error) {
	var old directory.Course
	found, err := loadData(ctx, tx, "courses", c.ID, &old)
	if err != nil {
		return "", err
	}
	oldRuns, err := tx.courseRuns(ctx, c.ID)
	if err != nil {
		return "", err
	}
	byID := map[string]directory.Run{}
	for _, r := range oldRuns {
		byID[r.ID] = r
	}
	final := make([]directory.Run, 0, len(runs)+len(oldRuns))
	listed := map[string]bool{}
	for _, r := range runs {
		r.CourseID = c.ID
		if o, ok := byID[r.ID]; ok {
			r.CreatedAt, r.UpdatedAt = o.CreatedAt, o.UpdatedAt
			r.PlacesTaken = o.PlacesTaken
			if r.PlacesTotal > 0 {
				r.PlacesTaken = min(r.PlacesTaken, r.PlacesTotal)
			}
		}
		listed[r.ID] = true
		final = append(final, r)
	}
	for _, o := range oldRuns {
		if listed[o.ID] {
			continue
		}
		if !o.LastSession.Before(today) {
			o.Status = directory.RunCancelled
		}
		final = append(final, o)
	}
	if !found {
		return ImportCreated, tx.PutCourse(ctx, c, final, tax)
	}
	c.CreatedAt, c.UpdatedAt = old.CreatedAt, old.UpdatedAt
	same, err := sameRecord(old, *c)
	if err != nil {
		return "", err
	}
	if same && len(final) == len(oldRuns) {
		for _, r := range final {
			if same, err = sameRecord(byID[r.ID], r); err != nil || !same {
				break
			}
		}
	} else {
		same = false
	}
	if err != nil || same {
		return ImportUnchanged, err
	}
	return ImportUpdated, tx.PutCourse(ctx, c, final, tax)
}

// courseRuns reads a course's runs inside the transaction.
func (tx *Tx) courseRuns(ctx context.Context, courseID string) ([]directory.Run, error) {
	var out []directory.Run
	err := eachRow(ctx, tx, "SELECT data, places_taken, places_total, status FROM runs WHERE course_id = $1 ORDER BY first_session, id",
		[]any{courseID}, func(rows *sql.Rows) error {
			var data, status string
			var taken, total int
			if err := rows.Scan(&data, &taken, &total, &status); err != nil {
				return err
			}
			var r directory.Run
			if err := json.Unmarshal([]byte(data), &r); err != nil {
				return err
			}
			r.PlacesTaken, r.PlacesTotal, r.Status = taken, total, directory.RunStatus(status)
			out = append(out, r)
			return nil
		})
	return out, err
}

// FindOrganisationByName returns an organisation whose name is the same as
// name apart from letter case (the first by id if several are), for imports
// that name a provider rather than give its id.
func (tx *Tx) FindOrganisationByName(ctx context.Context, name string) (directory.Organisation, bool, error) {
	var o directory.Organisation
	var data string
	err := tx.QueryRowContext(ctx, "SELECT data FROM organisations WHERE lower(name) = lower($1) ORDER BY id LIMIT 1", strings.TrimSpace(name)).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return o, false, nil
	}
	if err != nil {
		return o, false, err
	}
	return o, true, json.Unmarshal([]byte(data), &o)
}

// sameRecord reports whether two records hold the same data, ignoring their
// created and updated times and treating empty and absent members alike.
func sameRecord(a, b any) (bool, error) {
	ca, err := canonicalJSON(a)
	if err != nil {
		return false, err
	}
	cb, err := canonicalJSON(b)
	return err == nil && ca == cb, err
}

func canonicalJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return "", err
	}
	if m, ok := x.(map[string]any); ok {
		delete(m, "created_at")
		delete(m, "updated_at")
	}
	b, err = json.Marshal(prune(x))
	return string(b), err
}

// prune drops empty members: null, "", 0, false, [] and {}.
func prune(x any) any {
	switch v := x.(type) {
	case map[string]any:
		for k, e := range v {
			e = prune(e)
			if isEmpty(e) {
				delete(v, k)
			} else {
				v[k] = e
			}
		}
		return v
	case []any:
		for i := range v {
			v[i] = prune(v[i])
		}
		return v
	}
	return x
}

func isEmpty(x any) bool {
	switch v := x.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case float64:
		return v == 0
	case bool:
		return !v
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

// ImportedTaxonomy is a taxonomy an import added, with its terms.
type ImportedTaxonomy struct {
	Taxonomy directory.Taxonomy
	Terms    []directory.TaxonomyTerm
}

// ImportedTaxonomies returns the taxonomies imports have added, with their
// terms, ordered by scheme and the terms by name and id.
func (db *DB) ImportedTaxonomies(ctx context.Context) ([]ImportedTaxonomy, error) {
	var out []ImportedTaxonomy
	err := db.ReadTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.importedTaxonomies(ctx)
		return err
	})
	return out, db.classify(err)
}

func (tx *Tx) importedTaxonomies(ctx context.Context) ([]ImportedTaxonomy, error) {
	var out []ImportedTaxonomy
	index := map[string]int{}
	err := scanJSON(ctx, tx, "SELECT data FROM taxonomies ORDER BY id", nil, func(t directory.Taxonomy) {
		index[t.ID] = len(out)
		out = append(out, ImportedTaxonomy{Taxonomy: t})
	})
	if err != nil {
		return nil, err
	}
	err = scanJSON(ctx, tx, "SELECT data FROM taxonomy_terms ORDER BY id", nil, func(t directory.TaxonomyTerm) {
		if i, ok := index[t.TaxonomyID]; ok {
			out[i].Terms = append(out[i].Terms, t)
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b ImportedTaxonomy) int { return strings.Compare(a.Taxonomy.Scheme, b.Taxonomy.Scheme) })
	for _, t := range out {
		slices.SortFunc(t.Terms, func(a, b directory.TaxonomyTerm) int {
			if c := strings.Compare(a.Name, b.Name); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
	}
	return out, nil
}

// Taxonomies returns a registry of the built-in taxonomies and every
// taxonomy imports have added. A stored term whose parent is not among its
// taxonomy's terms is added without the parent; a stored taxonomy that does
// not fit the registry (its scheme or a term id already taken) is left out and
// logged, so one bad import never stops the app.
func (db *DB) Taxonomies(ctx context.Context) (*directory.Taxonomies, error) {
	imported, err := db.ImportedTaxonomies(ctx)
	if err != nil {
		return nil, err
	}
	reg := directory.BuiltinTaxonomies()
	for _, it := range imported {
		if err := AddImportedTaxonomy(reg, it); err != nil {
			db.log.WarnContext(ctx, "an imported taxonomy is left out of the registry", "taxonomy", it.Taxonomy.ID, "error", err.Error())
		}
	}
	return reg, nil
}

// AddImportedTaxonomy adds an imported taxonomy to a registry, dropping
// parents that are not among its terms.
func AddImportedTaxonomy(reg *directory.Taxonomies, it ImportedTaxonomy) error {
	ids := map[string]bool{}
	for _, t := range it.Terms {
		ids[t.ID] = true
	}
	terms := make([]directory.TaxonomyTerm, len(it.Terms))
	for i, t := range it.Terms {
		if !ids[t.ParentID] {
			t.ParentID = ""
		}
		terms[i] = t
	}
	return reg.Add(it.Taxonomy, terms)
}

// PutImportedTaxonomy creates or updates a taxonomy an import brings, and
// reports which it did. Its id must not be a built-in taxonomy's.
func (tx *Tx) PutImportedTaxonomy(ctx context.Context, t directory.Taxonomy) (ImportOutcome, error) {
	if _, builtin := directory.BuiltinTaxonomies().TaxonomyByID(t.ID); builtin {
		return "", learnwell.Errorf(learnwell.ECONFLICT, "Taxonomy %s is one of learnwell's own and cannot be imported over.", t.ID)
	}
	if t.ID == "" || t.Scheme == "" || strings.TrimSpace(t.Name) == "" {
		return "", learnwell.Errorf(learnwell.EINVALID, "An imported taxonomy needs an id, a scheme and a name.")
	}
	var old directory.Taxonomy
	found, err := loadData(ctx, tx, "taxonomies", t.ID, &old)
	if err != nil {
		return "", err
	}
	if found {
		if same, err := sameRecord(old, t); err != nil || same {
			return ImportUnchanged, err
		}
	}
	data, err := json.Marshal(t)
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO taxonomies (id, data, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`, t.ID, string(data), tx.Now)
	if err != nil {
		return "", err
	}
	if found {
		return ImportUpdated, nil
	}
	return ImportCreated, nil
}

// PutImportedTerm creates or updates a term of an imported taxonomy (which
// must be stored already), and reports which it did.
func (tx *Tx) PutImportedTerm(ctx context.Context, t directory.TaxonomyTerm) (ImportOutcome, error) {
	if _, builtin := directory.BuiltinTaxonomies().TermByID(t.ID); builtin {
		return "", learnwell.Errorf(learnwell.ECONFLICT, "Taxonomy term %s is one of learnwell's own and cannot be imported over.", t.ID)
	}
	if t.ID == "" || t.TaxonomyID == "" || strings.TrimSpace(t.Name) == "" {
		return "", learnwell.Errorf(learnwell.EINVALID, "An imported taxonomy term needs an id, a taxonomy and a name.")
	}
	var old directory.TaxonomyTerm
	found, err := loadData(ctx, tx, "taxonomy_terms", t.ID, &old)
	if err != nil {
		return "", err
	}
	if found {
		if same, err := sameRecord(old, t); err != nil || same {
			return ImportUnchanged, err
		}
	}
	data, err := json.Marshal(t)
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO taxonomy_terms (id, taxonomy_id, data, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET taxonomy_id = excluded.taxonomy_id, data = excluded.data, updated_at = excluded.updated_at`,
		t.ID, t.TaxonomyID, string(data), tx.Now)
	if err != nil {
		return "", tx.foreignKey(err, "taxonomy_id", "Import the term's taxonomy first")
	}
	if found {
		return ImportUpdated, nil
	}
	return ImportCreated, nil
}
