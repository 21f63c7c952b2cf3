package directory

import "slices"

// Choice is one entry of a controlled list: a stable code, and a name and a
// description written for people. The lists are also built-in taxonomies
// (see BuiltinTaxonomies), whose term ids are TermID(scheme, Code).
type Choice struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

func find(list []Choice, code string) (Choice, bool) {
	i := slices.IndexFunc(list, func(c Choice) bool { return c.Code == code })
	if i < 0 {
		return Choice{}, false
	}
	return list[i], true
}

func nameOf(list []Choice, code string) string {
	c, _ := find(list, code)
	return c.Name
}

// AccessibilityFeature is a code from the accessibility list: what a venue
// has ("step-free-access") or a course offers ("large-print").
type AccessibilityFeature string

// The accessibility features.
const (
	StepFreeAccess    AccessibilityFeature = "step-free-access"
	HearingLoop       AccessibilityFeature = "hearing-loop"
	AccessibleToilet  AccessibilityFeature = "accessible-toilet"
	QuietSpace        AccessibilityFeature = "quiet-space"
	LargePrint        AccessibilityFeature = "large-print"
	BSLInterpretation AccessibilityFeature = "bsl-interpretation"
	SeatingWithArms   AccessibilityFeature = "seating-with-arms"
	BlueBadgeParking  AccessibilityFeature = "blue-badge-parking"
)

var accessibilityFeatures = []Choice{
	{string(StepFreeAccess), "Step-free access", "You can get into the building and the room without using steps."},
	{string(HearingLoop), "Hearing loop", "There is a hearing loop for people who use hearing aids."},
	{string(AccessibleToilet), "Accessible toilet", "There is a toilet that wheelchair users can use."},
	{string(QuietSpace), "Quiet space", "There is a quiet room or area to use if you need a break."},
	{string(LargePrint), "Large print materials", "Course materials are available in large print."},
	{string(BSLInterpretation), "BSL interpretation on request", "A British Sign Language interpreter can be arranged if you ask in advance."},
	{string(SeatingWithArms), "Seating with arms", "There are chairs with arms."},
	{string(BlueBadgeParking), "Parking for blue badge holders", "There is parking for blue badge holders at or near the venue."},
}

// AccessibilityFeatures returns the accessibility list, in order.
func AccessibilityFeatures() []Choice { return slices.Clone(accessibilityFeatures) }

// Valid reports whether f is on the accessibility list.
func (f AccessibilityFeature) Valid() bool {
	_, ok := find(accessibilityFeatures, string(f))
	return ok
}

// Name returns the name for people ("" if unknown).
func (f AccessibilityFeature) Name() string { return nameOf(accessibilityFeatures, string(f)) }

// DeliveryMode is how a course is delivered.
type DeliveryMode string

// The delivery modes.
const (
	InPerson DeliveryMode = "in-person"
	Online   DeliveryMode = "online"
	Blended  DeliveryMode = "blended"
)

var deliveryModes = []Choice{
	{string(InPerson), "In person", "Sessions take place at a venue."},
	{string(Online), "Online", "Sessions take place online, by video call or on a learning website."},
	{string(Blended), "Blended", "Some sessions take place at a venue and some online."},
}

// DeliveryModes returns the delivery modes, in order.
func DeliveryModes() []Choice { return slices.Clone(deliveryModes) }

// Valid reports whether m is a delivery mode.
func (m DeliveryMode) Valid() bool { _, ok := find(deliveryModes, string(m)); return ok }

// Name returns the name for people ("" if unknown).
func (m DeliveryMode) Name() string { return nameOf(deliveryModes, string(m)) }

// FundingLine is how a course is funded, for commissioners' reports. The
// Greater London Authority's Adult Skills Fund (the Adult Education Budget
// until 2024-25) has two lines: adult skills (formula funded, mostly
// qualifications) and community learning (grant funded, non-accredited).
type FundingLine string

// The funding lines.
const (
	FundingAdultSkills       FundingLine = "adult-skills"
	FundingCommunityLearning FundingLine = "community-learning"
	FundingOther             FundingLine = "other"
)

var fundingLines = []Choice{
	{string(FundingAdultSkills), "Adult Skills Fund: adult skills",
		"Funded by the Greater London Authority's Adult Skills Fund, mostly for courses that lead to qualifications."},
	{string(FundingCommunityLearning), "Adult Skills Fund: community learning",
		"Funded by the Adult Skills Fund's community learning grant: local courses without a qualification, often free or low cost."},
	{string(FundingOther), "Other funding", "Funded in another way, such as a charity grant, the council or course fees."},
}

// FundingLines returns the funding lines, in order.
func FundingLines() []Choice { return slices.Clone(fundingLines) }

// Valid reports whether f is a funding line.
func (f FundingLine) Valid() bool { _, ok := find(fundingLines, string(f)); return ok }

// Name returns the name for people ("" if unknown).
func (f FundingLine) Name() string { return nameOf(fundingLines, string(f)) }

// OrganisationKind is what kind of learning provider an organisation is.
type OrganisationKind string

// The kinds of organisation.
const (
	AdultEducationService OrganisationKind = "adult-education-service"
	College               OrganisationKind = "college"
	Library               OrganisationKind = "library"
	CommunityOrganisation OrganisationKind = "community-organisation"
	OtherOrganisation     OrganisationKind = "other"
)

var organisationKinds = []Choice{
	{string(AdultEducationService), "Adult education service", "A council's adult and community learning service."},
	{string(College), "College", "A further education college."},
	{string(Library), "Library", "A public library."},
	{string(CommunityOrganisation), "Community organisation", "A charity, social enterprise or community group."},
	{string(OtherOrganisation), "Other", "Another kind of learning provider."},
}

// OrganisationKinds returns the kinds of organisation, in order.
func OrganisationKinds() []Choice { return slices.Clone(organisationKinds) }

// Valid reports whether k is a kind of organisation.
func (k OrganisationKind) Valid() bool { _, ok := find(organisationKinds, string(k)); return ok }

// Name returns the name for people ("" if unknown).
func (k OrganisationKind) Name() string { return nameOf(organisationKinds, string(k)) }

// languages are ISO 639-1 codes: English, then languages widely spoken in
// London's communities (2021 Census main languages), by name. Chinese is one
// code, zh, for Mandarin and Cantonese alike; ISO 639-1 has no code for
// British Sign Language (see BSLInterpretation) or Sylheti.
var languages = []Choice{
	{"en", "English", ""},
	{"sq", "Albanian", ""}, {"am", "Amharic", ""}, {"ar", "Arabic", ""}, {"bn", "Bengali", ""},
	{"bg", "Bulgarian", ""}, {"zh", "Chinese (Mandarin or Cantonese)", ""}, {"fa", "Farsi (Persian)", ""},
	{"fr", "French", ""}, {"de", "German", ""}, {"el", "Greek", ""}, {"gu", "Gujarati", ""},
	{"hi", "Hindi", ""}, {"hu", "Hungarian", ""}, {"ig", "Igbo", ""}, {"it", "Italian", ""},
	{"ku", "Kurdish", ""}, {"lt", "Lithuanian", ""}, {"ps", "Pashto", ""}, {"pl", "Polish", ""},
	{"pt", "Portuguese", ""}, {"pa", "Punjabi", ""}, {"ro", "Romanian", ""}, {"ru", "Russian", ""},
	{"so", "Somali", ""}, {"es", "Spanish", ""}, {"sw", "Swahili", ""}, {"ta", "Tamil", ""},
	{"ti", "Tigrinya", ""}, {"tr", "Turkish", ""}, {"tw", "Twi", ""}, {"uk", "Ukrainian", ""},
	{"ur", "Urdu", ""}, {"vi", "Vietnamese", ""}, {"yo", "Yoruba", ""},
}

// Languages returns the languages a course can be taught or supported in:
// English first, then by name. Code is the ISO 639-1 code.
func Languages() []Choice {
	out := slices.Clone(languages)
	for i := range out {
		out[i].Description = "The course is taught in " + out[i].Name + ", or has support in it."
	}
	return out
}

// LanguageName returns the name of the language with the ISO 639-1 code.
func LanguageName(code string) (string, bool) {
	c, ok := find(languages, code)
	return c.Name, ok
}
