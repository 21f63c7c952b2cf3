// Package importer brings other systems' directories into learnwell: Open
// Referral UK 3.0 and HSDS 3.0 feeds and files (ImportORUK), and providers'
// spreadsheets (ImportCSV). Every import upserts by source (the feed's base
// URL or the file's name, and the record's id there), so running it again
// updates what changed and duplicates nothing; each record is written in its
// own transaction, so an interrupted import leaves the database consistent
// and a re-run carries on. It reports counts created, updated, unchanged and
// rejected, each rejection with its reason, and warnings. See
// docs/import-oruk.md and docs/import-csv.md.
package importer

import (
	"context"
	"errors"
	"io"
	"maps"
	"slices"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
	"learnwell/internal/store"
)

// Options are what every import needs.
type Options struct {
	DB *store.DB
	// Source names where the records come from, kept on each one as its
	// source system. Default: the feed's base URL, or the file's name.
	Source string
	// Locator places postcodes (default: the store's, which uses the exact
	// postcodes of an imported ONS directory and falls back to the embedded
	// district centres).
	Locator geo.Locator
	// Clock tells today's date, for runs (default: the store's clock).
	Clock learnwell.Clock
	// Progress shows how far the import has got (nil: none).
	Progress io.Writer
	// ProgressBar draws a bar (the progress writer is a terminal) instead of
	// plain lines.
	ProgressBar bool
	// ProgressEvery is the least time between plain progress lines (default 5s).
	ProgressEvery time.Duration
	// DefaultSubject is the subject code given to a course when no rule
	// finds one ("" rejects such a course: learnwell needs a subject).
	DefaultSubject string
}

func (o *Options) defaults() error {
	if o.DB == nil {
		return errors.New("importer: a database is required")
	}
	if o.Locator == nil {
		o.Locator = o.DB.Locator()
	}
	if o.Clock == nil {
		o.Clock = o.DB.Clock()
	}
	if o.DefaultSubject != "" {
		if _, ok := directory.BuiltinTaxonomies().TermByCode(directory.SchemeSubject, o.DefaultSubject); !ok {
			return learnwell.Errorf(learnwell.EINVALID, "%q is not a subject code: use one of the codes in docs/import-csv.md", o.DefaultSubject)
		}
	}
	return nil
}

// listing is one record made ready to write: a course with its provider,
// venues and runs, each with its source and the id the source gave it (the
// store resolves the ids learnwell uses), and the imported taxonomies and
// terms it uses.
type listing struct {
	where string // for the report: "record 3 (service ...)"
	org   directory.Organisation
	// keepOrg is set when the course joins an organisation already in
	// learnwell, found by name, which the import must not change.
	keepOrg bool
	// orgByName is set when the provider is named, not identified (a
	// spreadsheet): it is the one this source made, else one learnwell has
	// by that name (kept as it is), else a new one.
	orgByName bool
	// field renames a validation message's field for the report (a
	// spreadsheet's row and column); nil keeps it.
	field      func(string) string
	locations  []directory.Location
	course     directory.Course
	runs       []directory.Run
	taxonomies []directory.Taxonomy
	terms      []directory.TaxonomyTerm
	warnings   []string
}

// writer writes listings, one transaction each, keeping the registry of
// taxonomies (the built-in ones and the imported ones) up to date.
type writer struct {
	db       *store.DB
	clock    learnwell.Clock
	imported map[string]store.ImportedTaxonomy // by taxonomy id
	tax      *directory.Taxonomies
	report   *Report
	progress *Progress
}

func newWriter(ctx context.Context, opts Options, report *Report) (*writer, error) {
	isDemo, err := opts.DB.IsDemo(ctx)
	if err != nil {
		return nil, err
	}
	if isDemo {
		return nil, learnwell.Errorf(learnwell.ECONFLICT, "This is a demo database, so real data cannot be imported into it. Import into a new database.")
	}
	list, err := opts.DB.ImportedTaxonomies(ctx)
	if err != nil {
		return nil, err
	}
	w := &writer{db: opts.DB, clock: opts.Clock, imported: map[string]store.ImportedTaxonomy{}, report: report,
		progress: NewProgress(opts.Progress, opts.ProgressBar, report.Noun, opts.ProgressEvery)}
	for _, it := range list {
		w.imported[it.Taxonomy.ID] = it
	}
	w.tax = buildRegistry(w.imported)
	return w, nil
}

// buildRegistry makes the registry of the built-in taxonomies and the
// imported ones, leaving out any imported one that does not fit.
func buildRegistry(imported map[string]store.ImportedTaxonomy) *directory.Taxonomies {
	reg := directory.BuiltinTaxonomies()
	for _, id := range sortedKeys(imported) {
		_ = store.AddImportedTaxonomy(reg, imported[id])
	}
	return reg
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range maps.Keys(m) {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// withTerms returns the imported taxonomies with the listing's taxonomies
// and terms added or replaced.
func (w *writer) withTerms(l *listing) map[string]store.ImportedTaxonomy {
	next := maps.Clone(w.imported)
	for _, t := range l.taxonomies {
		it := next[t.ID]
		it.Taxonomy = t
		next[t.ID] = it
	}
	for _, term := range l.terms {
		it := next[term.TaxonomyID]
		terms := make([]directory.TaxonomyTerm, 0, len(it.Terms)+1)
		for _, old := range it.Terms {
			if old.ID != term.ID {
				terms = append(terms, old)
			}
		}
		it.Terms = append(terms, term)
		next[term.TaxonomyID] = it
	}
	return next
}

// write validates and writes one listing in its own transaction and counts
// the outcome; a listing that is not valid, or cannot be stored, is
// rejected with the reason and nothing of it is written.
func (w *writer) write(ctx context.Context, l *listing) {
	defer w.progress.Step(w.report)
	for _, msg := range l.warnings {
		w.report.Warnings = append(w.report.Warnings, Warning{Where: l.where, Message: msg})
	}
	tax, next := w.tax, w.imported
	if len(l.terms) > 0 || len(l.taxonomies) > 0 {
		next = w.withTerms(l)
		tax = buildRegistry(next)
		for _, term := range l.terms {
			if _, ok := tax.TermByID(term.ID); !ok {
				w.report.reject(l.where, learnwell.Errorf(learnwell.EINVALID,
					"Its taxonomy term %q (%s) clashes with a term learnwell already has.", term.Name, term.ID))
				return
			}
		}
	}
	if l.orgByName {
		if err := w.resolveProvider(ctx, l); err != nil {
			w.report.reject(l.where, l.rename(err))
			return
		}
	}
	if err := directory.ValidateListing(l.org, l.course, l.locations, l.runs, tax); err != nil {
		w.report.reject(l.where, l.rename(err))
		return
	}
	var outcome store.ImportOutcome
	err := w.db.WriteTx(ctx, func(tx *store.Tx) error {
		var err error
		outcome, err = w.writeTx(ctx, tx, l, tax)
		return err
	})
	switch {
	case err == nil:
		w.imported, w.tax = next, tax
		w.report.count(outcome)
	case ctx.Err() != nil:
		// Interrupted: the transaction rolled back; the caller reports it.
	default:
		w.report.reject(l.where, l.rename(err))
	}
}

// rename names the fields of a validation error for the report.
func (l *listing) rename(err error) error {
	fields := learnwell.ErrorFields(err)
	if l.field == nil || len(fields) == 0 {
		return err
	}
	var v learnwell.Validation
	for _, f := range fields {
		v.Add(l.field(f.Field), f.Message)
	}
	return v.Err()
}

// resolveProvider finds the organisation a spreadsheet names: the one this
// source made before (whose details the spreadsheet updates, keeping its
// description when the spreadsheet leaves it blank), else one learnwell has
// by that name (which the import leaves as it is), else a new one, which
// needs a description.
func (w *writer) resolveProvider(ctx context.Context, l *listing) error {
	return w.db.ReadTx(ctx, func(tx *store.Tx) error {
		id, existing, err := tx.ResolveImportID(ctx, store.ImportOrganisation, l.org.Source, l.org.ID)
		if err != nil {
			return err
		}
		if existing {
			l.org.ID = id
			if l.org.Description == "" {
				o, ok, err := tx.FindOrganisationByName(ctx, l.org.Name)
				if err != nil {
					return err
				}
				if ok && o.ID == id {
					l.org.Description = o.Description
				}
			}
		} else if o, ok, err := tx.FindOrganisationByName(ctx, l.org.Name); err != nil {
			return err
		} else if ok {
			l.org, l.keepOrg = o, true
		}
		if l.org.Description == "" {
			var v learnwell.Validation
			v.Add("organisation.description", "Enter a description of "+l.org.Name+" on one of its rows: it is new to learnwell")
			return v.Err()
		}
		l.course.OrganisationID = l.org.ID
		for i := range l.locations {
			l.locations[i].OrganisationID = l.org.ID
		}
		return nil
	})
}

func (w *writer) writeTx(ctx context.Context, tx *store.Tx, l *listing, tax *directory.Taxonomies) (store.ImportOutcome, error) {
	if err := tx.MarkReal(ctx); err != nil {
		return "", err
	}
	changed := store.ImportUnchanged
	for _, t := range l.taxonomies {
		o, err := tx.PutImportedTaxonomy(ctx, t)
		if err != nil {
			return "", err
		}
		changed = changed.With(o)
	}
	for _, t := range l.terms {
		o, err := tx.PutImportedTerm(ctx, t)
		if err != nil {
			return "", err
		}
		changed = changed.With(o)
	}
	org := l.org
	// A provider learnwell already had by name (keepOrg) is left as it is.
	if !l.keepOrg {
		id, _, err := tx.ResolveImportID(ctx, store.ImportOrganisation, org.Source, org.ID)
		if err != nil {
			return "", err
		}
		org.ID = id
		o, err := tx.ImportOrganisation(ctx, &org)
		if err != nil {
			return "", prefixed("organisation.", err)
		}
		changed = changed.With(o)
	}
	locIDs := map[string]string{}
	for i := range l.locations {
		loc := l.locations[i]
		id, _, err := tx.ResolveImportID(ctx, store.ImportLocation, loc.Source, loc.ID)
		if err != nil {
			return "", err
		}
		locIDs[loc.ID] = id
		loc.ID, loc.OrganisationID = id, org.ID
		o, err := tx.ImportLocation(ctx, &loc)
		if err != nil {
			return "", prefixed("locations.", err)
		}
		changed = changed.With(o)
	}
	course := l.course
	id, _, err := tx.ResolveImportID(ctx, store.ImportCourse, course.Source, course.ID)
	if err != nil {
		return "", err
	}
	course.ID, course.OrganisationID = id, org.ID
	runs := make([]directory.Run, len(l.runs))
	for i, r := range l.runs {
		r.CourseID = id
		if r.LocationID != "" {
			r.LocationID = locIDs[r.LocationID]
		}
		runs[i] = r
	}
	o, err := tx.ImportCourse(ctx, &course, runs, tax, directory.Today(w.clock))
	if err != nil {
		return "", err
	}
	return o.With(changed), nil
}

// prefixed names the fields of a validation error after the record they
// belong to.
func prefixed(prefix string, err error) error {
	fields := learnwell.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	var v learnwell.Validation
	for _, f := range fields {
		v.Add(prefix+f.Field, f.Message)
	}
	return v.Err()
}
