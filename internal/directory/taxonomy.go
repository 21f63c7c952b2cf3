package directory

import (
	"slices"
	"sync"

	"learnwell"
)

// Taxonomy is a set of terms used to classify things, as HSDS models it
// (taxonomy: id, name, description, uri, version). Scheme is learnwell's own
// short key for it ("subject"), unique among the taxonomies in a registry:
// the built-in taxonomies use the Scheme* constants, and an import picks one
// for each taxonomy it brings. HSDS has no such field.
type Taxonomy struct {
	ID          string `json:"id"`
	Scheme      string `json:"scheme"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URI         string `json:"uri,omitempty"`
	Version     string `json:"version,omitempty"`
}

// TaxonomyTerm is one term of a taxonomy, as HSDS models it (taxonomy_term:
// id, code, name, description, parent_id, taxonomy, taxonomy_id, language,
// term_uri). Taxonomy is the taxonomy's name. Scheme is learnwell's key of
// its taxonomy, filled in by the registry. Code is unique within a scheme
// when set; imported terms may have none (ORUK drops code), and are then
// found by ID only.
type TaxonomyTerm struct {
	ID          string `json:"id"`
	Scheme      string `json:"scheme"`
	Code        string `json:"code,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description"`
	ParentID    string `json:"parent_id,omitempty"`
	Taxonomy    string `json:"taxonomy,omitempty"`
	TaxonomyID  string `json:"taxonomy_id"`
	Language    string `json:"language,omitempty"`
	TermURI     string `json:"term_uri,omitempty"`
}

// TaxonomyID returns the stable id of a built-in taxonomy.
func TaxonomyID(scheme string) string { return learnwell.DerivedID("taxonomy", scheme) }

// TermID returns the stable id of a built-in taxonomy term. These ids are
// published in the Open Referral UK feed and stored against courses: a term's
// scheme and code must never change once released.
func TermID(scheme, code string) string { return learnwell.DerivedID("taxonomy", scheme, code) }

// Taxonomies is a registry of taxonomies and their terms: the built-in
// "learning for wellbeing" taxonomies and any an import adds. It is safe for
// concurrent use. Build one with BuiltinTaxonomies and pass it explicitly.
type Taxonomies struct {
	mu         sync.RWMutex
	taxonomies []Taxonomy
	terms      []TaxonomyTerm // in the order added
	byID       map[string]int // term id -> index in terms
	byCode     map[[2]string]int
	byScheme   map[string][]int
}

// NewTaxonomies returns an empty registry.
func NewTaxonomies() *Taxonomies {
	return &Taxonomies{byID: map[string]int{}, byCode: map[[2]string]int{}, byScheme: map[string][]int{}}
}

// BuiltinTaxonomies returns a new registry holding the curated taxonomies:
// subjects, wellbeing focus, levels, and the controlled lists (accessibility
// features, languages, delivery modes, funding lines, organisation kinds) as
// taxonomies too, so every classification the feed publishes has a term id.
func BuiltinTaxonomies() *Taxonomies {
	t := NewTaxonomies()
	for _, b := range builtinTaxonomies() {
		if err := t.Add(b.taxonomy, b.terms); err != nil {
			panic("directory: built-in taxonomy is broken: " + err.Error())
		}
	}
	return t
}

// Add adds a taxonomy and its terms, all or nothing. Each term's TaxonomyID,
// Taxonomy and Scheme are set from tx. The taxonomy needs an id, a scheme and
// a name not already in the registry; each term needs an unused id and a
// name, a code (if any) unused in the scheme, and a parent (if any) among
// tx's terms. Errors are *learnwell.Error with code EINVALID.
func (t *Taxonomies) Add(tx Taxonomy, terms []TaxonomyTerm) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.checkTaxonomy(tx); err != nil {
		return err
	}
	ids := map[string]bool{}
	codes := map[string]bool{}
	for _, term := range terms {
		if err := t.checkTerm(tx, term, ids, codes); err != nil {
			return err
		}
	}
	for _, term := range terms {
		if term.ParentID != "" && !ids[term.ParentID] {
			return errTaxonomy("taxonomy term %s: parent %s is not a term of taxonomy %s", term.ID, term.ParentID, tx.ID)
		}
	}
	t.taxonomies = append(t.taxonomies, tx)
	t.byScheme[tx.Scheme] = []int{}
	for _, term := range terms {
		term.TaxonomyID, term.Taxonomy, term.Scheme = tx.ID, tx.Name, tx.Scheme
		i := len(t.terms)
		t.terms = append(t.terms, term)
		t.byID[term.ID] = i
		t.byScheme[tx.Scheme] = append(t.byScheme[tx.Scheme], i)
		if term.Code != "" {
			t.byCode[[2]string{tx.Scheme, term.Code}] = i
		}
	}
	return nil
}

func (t *Taxonomies) checkTaxonomy(tx Taxonomy) error {
	switch {
	case tx.ID == "":
		return errTaxonomy("taxonomy %q has no id", tx.Name)
	case tx.Scheme == "":
		return errTaxonomy("taxonomy %s has no scheme", tx.ID)
	case tx.Name == "":
		return errTaxonomy("taxonomy %s has no name", tx.ID)
	case t.byScheme[tx.Scheme] != nil:
		return errTaxonomy("taxonomy scheme %q is already in use", tx.Scheme)
	case slices.ContainsFunc(t.taxonomies, func(x Taxonomy) bool { return x.ID == tx.ID }):
		return errTaxonomy("taxonomy id %s is already in use", tx.ID)
	}
	return nil
}

func (t *Taxonomies) checkTerm(tx Taxonomy, term TaxonomyTerm, ids, codes map[string]bool) error {
	_, taken := t.byID[term.ID]
	switch {
	case term.ID == "":
		return errTaxonomy("a term of taxonomy %s has no id", tx.ID)
	case taken || ids[term.ID]:
		return errTaxonomy("taxonomy term id %s is already in use", term.ID)
	case term.Name == "":
		return errTaxonomy("taxonomy term %s has no name", term.ID)
	case term.TaxonomyID != "" && term.TaxonomyID != tx.ID:
		return errTaxonomy("taxonomy term %s belongs to taxonomy %s, not %s", term.ID, term.TaxonomyID, tx.ID)
	case term.Code != "" && codes[term.Code]:
		return errTaxonomy("taxonomy term code %q is repeated in scheme %q", term.Code, tx.Scheme)
	}
	ids[term.ID] = true
	if term.Code != "" {
		codes[term.Code] = true
	}
	return nil
}

func errTaxonomy(format string, args ...any) error {
	return learnwell.Errorf(learnwell.EINVALID, format, args...)
}

// Taxonomies returns the taxonomies in the order they were added.
func (t *Taxonomies) Taxonomies() []Taxonomy {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return slices.Clone(t.taxonomies)
}

// TaxonomyByID returns the taxonomy with the id.
func (t *Taxonomies) TaxonomyByID(id string) (Taxonomy, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	i := slices.IndexFunc(t.taxonomies, func(x Taxonomy) bool { return x.ID == id })
	if i < 0 {
		return Taxonomy{}, false
	}
	return t.taxonomies[i], true
}

// TaxonomyByScheme returns the taxonomy with the scheme key.
func (t *Taxonomies) TaxonomyByScheme(scheme string) (Taxonomy, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	i := slices.IndexFunc(t.taxonomies, func(x Taxonomy) bool { return x.Scheme == scheme })
	if i < 0 {
		return Taxonomy{}, false
	}
	return t.taxonomies[i], true
}

// Terms returns the terms of the scheme in their curated order (nil for an
// unknown scheme).
func (t *Taxonomies) Terms(scheme string) []TaxonomyTerm {
	t.mu.RLock()
	defer t.mu.RUnlock()
	idx := t.byScheme[scheme]
	if len(idx) == 0 {
		return nil
	}
	out := make([]TaxonomyTerm, len(idx))
	for j, i := range idx {
		out[j] = t.terms[i]
	}
	return out
}

// AllTerms returns every term of every taxonomy, in the order added.
func (t *Taxonomies) AllTerms() []TaxonomyTerm {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return slices.Clone(t.terms)
}

// TermByID returns the term with the id, from any taxonomy.
func (t *Taxonomies) TermByID(id string) (TaxonomyTerm, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	i, ok := t.byID[id]
	if !ok {
		return TaxonomyTerm{}, false
	}
	return t.terms[i], true
}

// TermByCode returns the term of the scheme with the code.
func (t *Taxonomies) TermByCode(scheme, code string) (TaxonomyTerm, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	i, ok := t.byCode[[2]string{scheme, code}]
	if !ok {
		return TaxonomyTerm{}, false
	}
	return t.terms[i], true
}

// Children returns the terms whose parent is the term with the id, so a search
// for "history and culture" can take in "local history".
func (t *Taxonomies) Children(id string) []TaxonomyTerm {
	t.mu.RLock()
	defer t.mu.RUnlock()
	var out []TaxonomyTerm
	for _, term := range t.terms {
		if term.ParentID == id {
			out = append(out, term)
		}
	}
	return out
}

// inScheme reports whether id is a term of the scheme.
func (t *Taxonomies) inScheme(id, scheme string) bool {
	term, ok := t.TermByID(id)
	return ok && term.Scheme == scheme
}
