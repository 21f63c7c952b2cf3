package directory

import "learnwell"

// TermIDs returns the id of every taxonomy term that classifies the course,
// in the order of docs/oruk-mapping.md: subjects, wellbeing focus, level,
// other terms, languages, accessibility, delivery, funding. The Open
// Referral feed publishes them as the service's attributes and filters by
// them; the store keeps them in a table of their own for that.
func (c Course) TermIDs() []string {
	ids := make([]string, 0, len(c.Subjects)+len(c.Wellbeing)+len(c.OtherTerms)+len(c.Languages)+len(c.Accessibility)+3)
	ids = append(ids, c.Subjects...)
	ids = append(ids, c.Wellbeing...)
	if c.Level != "" {
		ids = append(ids, c.Level)
	}
	ids = append(ids, c.OtherTerms...)
	for _, l := range c.Languages {
		ids = append(ids, TermID(SchemeLanguage, l))
	}
	for _, a := range c.Accessibility {
		ids = append(ids, TermID(SchemeAccessibility, string(a)))
	}
	if c.Delivery != "" {
		ids = append(ids, TermID(SchemeDelivery, string(c.Delivery)))
	}
	if c.Funding != "" {
		ids = append(ids, TermID(SchemeFunding, string(c.Funding)))
	}
	return ids
}

// ServiceAtLocationID returns the id the Open Referral feed gives a course
// at one of its venues (an HSDS service_at_location). It is derived from the
// two ids, so it never changes while they do not.
func ServiceAtLocationID(courseID, locationID string) string {
	return learnwell.DerivedID("oruk", "service_at_location", courseID, locationID)
}
