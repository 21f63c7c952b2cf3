package directory

import (
	"strings"
	"testing"

	"learnwell"
)

func TestBuiltinTaxonomies(t *testing.T) {
	tax := BuiltinTaxonomies()
	counts := map[string][2]int{ // scheme: min, max terms
		SchemeSubject:          {15, 22},
		SchemeWellbeing:        {5, 5},
		SchemeLevel:            {4, 4},
		SchemeAccessibility:    {8, 12},
		SchemeLanguage:         {20, 60},
		SchemeDelivery:         {3, 3},
		SchemeFunding:          {3, 3},
		SchemeOrganisationKind: {5, 5},
	}
	if got := len(tax.Taxonomies()); got != len(counts) {
		t.Errorf("%d taxonomies, want %d", got, len(counts))
	}
	ids := map[string]bool{}
	for scheme, c := range counts {
		x, ok := tax.TaxonomyByScheme(scheme)
		if !ok {
			t.Fatalf("no taxonomy %q", scheme)
		}
		if x.ID != TaxonomyID(scheme) || !learnwell.ValidID(x.ID) || x.Name == "" || x.Description == "" || x.Version == "" {
			t.Errorf("taxonomy %q incomplete: %+v", scheme, x)
		}
		terms := tax.Terms(scheme)
		if len(terms) < c[0] || len(terms) > c[1] {
			t.Errorf("%s has %d terms, want %d to %d", scheme, len(terms), c[0], c[1])
		}
		for _, term := range terms {
			if ids[term.ID] {
				t.Errorf("duplicate term id %s", term.ID)
			}
			ids[term.ID] = true
			// ORUK requires id, name and description on every term.
			if term.ID != TermID(scheme, term.Code) || term.Name == "" || term.Description == "" ||
				term.TaxonomyID != x.ID || term.Taxonomy != x.Name || term.Scheme != scheme || term.Language != "en" {
				t.Errorf("term incomplete: %+v", term)
			}
			if !strings.HasSuffix(term.Description, ".") {
				t.Errorf("term %s description should be a sentence: %q", term.Code, term.Description)
			}
			if term.ParentID != "" {
				p, ok := tax.TermByID(term.ParentID)
				if !ok || p.Scheme != scheme {
					t.Errorf("term %s has a parent outside its scheme", term.Code)
				}
			}
			byCode, ok := tax.TermByCode(scheme, term.Code)
			if !ok || byCode != term {
				t.Errorf("TermByCode(%s, %s) = %+v, %v", scheme, term.Code, byCode, ok)
			}
		}
	}
	for _, code := range []string{"arts-and-crafts", "creative-writing", "languages", "esol", "digital-skills",
		"english", "maths", "music", "cooking", "gardening", "photography", "mindfulness-and-wellbeing",
		"physical-activity", "history-and-culture", "family-learning", "employability"} {
		if _, ok := tax.TermByCode(SchemeSubject, code); !ok {
			t.Errorf("subject %q missing", code)
		}
	}
	for _, code := range []string{"loneliness-and-connection", "confidence-and-self-esteem", "anxiety-and-stress", "low-mood", "skills-to-manage-life"} {
		if _, ok := tax.TermByCode(SchemeWellbeing, code); !ok {
			t.Errorf("wellbeing %q missing", code)
		}
	}
	for _, code := range []string{"taster", "beginner", "improver", "accredited"} {
		if _, ok := tax.TermByCode(SchemeLevel, code); !ok {
			t.Errorf("level %q missing", code)
		}
	}
	if _, ok := tax.TermByCode(SchemeSubject, "taster"); ok {
		t.Errorf("TermByCode found a level in subjects")
	}
	if ar, _ := tax.TermByCode(SchemeLanguage, "ar"); ar.TermURI != "http://id.loc.gov/vocabulary/iso639-1/ar" {
		t.Errorf("language term URI = %q", ar.TermURI)
	}
	if x, _ := tax.TaxonomyByScheme(SchemeLanguage); x.URI != "http://id.loc.gov/vocabulary/iso639-1" {
		t.Errorf("language taxonomy URI = %q", x.URI)
	}
	if x, _ := tax.TaxonomyByScheme(SchemeSubject); x.URI != "" {
		t.Errorf("subject taxonomy URI = %q", x.URI)
	}
	// Stable ids: these are published in the ORUK feed and must never change.
	if got := TermID(SchemeSubject, "esol"); got != learnwell.DerivedID("taxonomy", "subject", "esol") {
		t.Errorf("TermID changed: %s", got)
	}
	// Each call returns its own registry.
	if BuiltinTaxonomies() == tax {
		t.Errorf("BuiltinTaxonomies shares its registry")
	}
}

func TestTaxonomyChildren(t *testing.T) {
	tax := BuiltinTaxonomies()
	history, _ := tax.TermByCode(SchemeSubject, "history-and-culture")
	local, _ := tax.TermByCode(SchemeSubject, "local-history")
	kids := tax.Children(history.ID)
	if len(kids) != 1 || kids[0].ID != local.ID {
		t.Errorf("Children(history) = %v", kids)
	}
	if got := tax.Children(local.ID); len(got) != 0 {
		t.Errorf("Children(local history) = %v", got)
	}
}

func TestTaxonomiesAdd(t *testing.T) {
	good := Taxonomy{ID: learnwell.DerivedID("t", "x"), Scheme: "oruk-example", Name: "Example", Description: "An imported taxonomy."}
	parent := TaxonomyTerm{ID: learnwell.DerivedID("t", "x", "1"), Name: "Parent", Description: "A parent."}
	child := TaxonomyTerm{ID: learnwell.DerivedID("t", "x", "2"), Name: "Child", Description: "A child.", ParentID: parent.ID}
	tests := []struct {
		name  string
		tx    Taxonomy
		terms []TaxonomyTerm
		err   string
	}{
		{"good, child before parent", good, []TaxonomyTerm{child, parent}, ""},
		{"no id", Taxonomy{Scheme: "s", Name: "n"}, nil, "has no id"},
		{"no scheme", Taxonomy{ID: good.ID, Name: "n"}, nil, "has no scheme"},
		{"no name", Taxonomy{ID: good.ID, Scheme: "s"}, nil, "has no name"},
		{"scheme taken", Taxonomy{ID: good.ID, Scheme: SchemeSubject, Name: "n"}, nil, "scheme \"subject\" is already"},
		{"id taken", Taxonomy{ID: TaxonomyID(SchemeSubject), Scheme: "new", Name: "n"}, nil, "taxonomy id"},
		{"term id taken", good, []TaxonomyTerm{{ID: TermID(SchemeSubject, "esol"), Name: "x"}}, "term id"},
		{"term repeated", good, []TaxonomyTerm{parent, parent}, "term id"},
		{"term without name", good, []TaxonomyTerm{{ID: parent.ID}}, "has no name"},
		{"term without id", good, []TaxonomyTerm{{Name: "x"}}, "has no id"},
		{"unknown parent", good, []TaxonomyTerm{child}, "is not a term"},
		{"term of another taxonomy", good, []TaxonomyTerm{{ID: parent.ID, Name: "x", TaxonomyID: TaxonomyID(SchemeSubject)}}, "belongs to"},
		{"repeated code", good, []TaxonomyTerm{{ID: parent.ID, Name: "x", Code: "a"}, {ID: child.ID, Name: "y", Code: "a"}}, "is repeated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tax := BuiltinTaxonomies()
			before := len(tax.Taxonomies())
			err := tax.Add(tt.tx, tt.terms)
			if tt.err == "" {
				if err != nil {
					t.Fatalf("Add: %v", err)
				}
				got, ok := tax.TermByID(child.ID)
				if !ok || got.TaxonomyID != good.ID || got.Scheme != good.Scheme || got.Taxonomy != good.Name {
					t.Errorf("added term = %+v", got)
				}
				if len(tax.Terms(good.Scheme)) != 2 || len(tax.Taxonomies()) != before+1 {
					t.Errorf("registry not updated")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) || learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Fatalf("Add error = %v, want one mentioning %q", err, tt.err)
			}
			if len(tax.Taxonomies()) != before || len(tax.Terms(tt.tx.Scheme)) != len(BuiltinTaxonomies().Terms(tt.tx.Scheme)) {
				t.Errorf("a failed Add changed the registry")
			}
			if _, ok := tax.TermByID(parent.ID); ok {
				t.Errorf("a failed Add left a term behind")
			}
		})
	}
}

func TestControlledLists(t *testing.T) {
	for _, f := range AccessibilityFeatures() {
		if !AccessibilityFeature(f.Code).Valid() || AccessibilityFeature(f.Code).Name() != f.Name {
			t.Errorf("accessibility %q", f.Code)
		}
	}
	if AccessibilityFeature("lift-to-heaven").Valid() || DeliveryMode("carrier-pigeon").Valid() ||
		FundingLine("lottery").Valid() || OrganisationKind("bank").Valid() {
		t.Errorf("unknown codes are valid")
	}
	if InPerson.Name() != "In person" || FundingCommunityLearning.Name() == "" || Library.Name() != "Library" {
		t.Errorf("names wrong")
	}
	if name, ok := LanguageName("zh"); !ok || !strings.Contains(name, "Mandarin") {
		t.Errorf("LanguageName(zh) = %q, %v", name, ok)
	}
	if _, ok := LanguageName("xx"); ok {
		t.Errorf("LanguageName(xx) found")
	}
	langs := Languages()
	if langs[0].Code != "en" {
		t.Errorf("English should come first, got %v", langs[0])
	}
	for i := 2; i < len(langs); i++ {
		if langs[i-1].Name > langs[i].Name {
			t.Errorf("languages after English not in name order: %s before %s", langs[i-1].Name, langs[i].Name)
		}
	}
	seen := map[string]bool{}
	for _, l := range langs {
		if len(l.Code) != 2 || strings.ToLower(l.Code) != l.Code || seen[l.Code] {
			t.Errorf("bad or repeated ISO 639-1 code %q", l.Code)
		}
		seen[l.Code] = true
	}
	// Returned lists are copies.
	AccessibilityFeatures()[0].Name = "changed"
	if AccessibilityFeatures()[0].Name == "changed" {
		t.Errorf("AccessibilityFeatures returns shared data")
	}
}
