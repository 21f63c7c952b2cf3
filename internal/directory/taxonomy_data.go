package directory

import "strings"

// The schemes (keys) of the built-in taxonomies.
const (
	SchemeSubject          = "subject"           // what a course teaches
	SchemeWellbeing        = "wellbeing"         // what a course can help with
	SchemeLevel            = "level"             // how much a learner needs to know already
	SchemeAccessibility    = "accessibility"     // AccessibilityFeature codes
	SchemeLanguage         = "language"          // ISO 639-1 codes
	SchemeDelivery         = "delivery"          // DeliveryMode codes
	SchemeFunding          = "funding"           // FundingLine codes
	SchemeOrganisationKind = "organisation-kind" // OrganisationKind codes
)

// builtinVersion is the version of the curated taxonomies. Raise it when terms
// are added or reworded; never change a term's scheme or code.
const builtinVersion = "2026-11"

// curated is one curated term: code, name, description and the code of its
// parent in the same scheme.
type curated struct{ code, name, description, parent string }

var subjects = []curated{
	{"arts-and-crafts", "Arts and crafts", "Drawing, painting, pottery, printmaking and other ways of making things with your hands. Most courses need no experience.", ""},
	{"sewing-and-textiles", "Sewing and textiles", "Sewing, knitting, crochet, dressmaking and mending or upcycling clothes.", "arts-and-crafts"},
	{"photography", "Photography and film", "Taking and editing photos and videos, with a phone or a camera.", ""},
	{"creative-writing", "Creative writing", "Writing stories, poems and memories, on your own and in a friendly group.", ""},
	{"drama-and-performance", "Drama and performance", "Acting, improvising, storytelling and performing with others.", ""},
	{"music", "Music", "Singing, playing an instrument, and making or enjoying music with other people.", ""},
	{"languages", "Languages", "Learning to speak and understand another language, from first words to conversation.", ""},
	{"esol", "English for speakers of other languages (ESOL)", "English for people whose first language is not English: speaking, listening, reading and writing for everyday life.", ""},
	{"english", "English", "Reading, writing and spelling for everyday life and work, up to Functional Skills and GCSE.", ""},
	{"maths", "Maths", "Everyday maths and numbers, up to Functional Skills and GCSE.", ""},
	{"digital-skills", "Digital skills", "Using a smartphone, tablet or computer: email, video calls, forms, apps and staying safe online.", ""},
	{"money-and-budgeting", "Money and budgeting", "Managing money: budgeting, bills, saving and avoiding debt.", ""},
	{"cooking", "Cooking and nutrition", "Cooking healthy meals on a budget and learning about food.", ""},
	{"gardening", "Gardening", "Growing flowers, plants and food, often outdoors in a community garden.", ""},
	{"science-and-nature", "Science and nature", "Discovering the natural world and how things work, from wildlife walks to the night sky.", ""},
	{"history-and-culture", "History and culture", "Exploring the past, art, beliefs and cultures through talks, visits and discussion.", ""},
	{"local-history", "Local history", "The history of London and its neighbourhoods, and tracing your own family history.", "history-and-culture"},
	{"mindfulness-and-wellbeing", "Mindfulness and wellbeing", "Practical ways to look after your mental health: mindfulness, relaxation, and coping with stress and poor sleep.", ""},
	{"physical-activity", "Physical activity", "Gentle exercise, yoga, tai chi, dance and walking, at a pace that suits you.", ""},
	{"family-learning", "Family learning", "Learning together with your children or grandchildren, and helping them learn.", ""},
	{"employability", "Employability and work skills", "Getting ready for work or volunteering: CVs, interviews, confidence and skills for a job.", ""},
}

var wellbeingFocus = []curated{
	{"loneliness-and-connection", "Loneliness and connection", "Meeting people and feeling part of a group. Good for people who feel lonely or cut off.", ""},
	{"confidence-and-self-esteem", "Confidence and self-esteem", "Building belief in yourself and what you can do, at your own pace.", ""},
	{"anxiety-and-stress", "Anxiety and stress", "A calm, friendly setting that can help with worry, stress and anxiety.", ""},
	{"low-mood", "Low mood", "Something to look forward to that can lift your mood and give a sense of achievement.", ""},
	{"skills-to-manage-life", "Skills to manage life", "Practical skills for everyday life, such as money, cooking, health or getting online, so you can do more for yourself.", ""},
}

var levels = []curated{
	{"taster", "Taster", "A single session or a short course to try something new, with no commitment.", ""},
	{"beginner", "Beginner", "For people new to the subject. No experience needed.", ""},
	{"improver", "Improver", "For people with some experience who want to build on it.", ""},
	{"accredited", "Accredited", "Leads to a recognised qualification or certificate.", ""},
}

type builtin struct {
	taxonomy Taxonomy
	terms    []TaxonomyTerm
}

// builtinTaxonomies returns the built-in taxonomies with their terms.
func builtinTaxonomies() []builtin {
	return []builtin{
		fromCurated(SchemeSubject, "Learning for wellbeing: subjects", "What a course teaches.", subjects),
		fromCurated(SchemeWellbeing, "Learning for wellbeing: wellbeing focus", "What a course can help with, as link workers and providers describe it.", wellbeingFocus),
		fromCurated(SchemeLevel, "Learning for wellbeing: levels", "How much a learner needs to know before they start.", levels),
		fromChoices(SchemeAccessibility, "Learning for wellbeing: accessibility", "What venues and courses offer to make them accessible.", AccessibilityFeatures(), ""),
		fromChoices(SchemeLanguage, "Languages (ISO 639-1)", "Languages a course is taught or supported in, by their ISO 639-1 codes.", Languages(), "http://id.loc.gov/vocabulary/iso639-1/"),
		fromChoices(SchemeDelivery, "Learning for wellbeing: delivery modes", "How a course is delivered.", DeliveryModes(), ""),
		fromChoices(SchemeFunding, "Learning for wellbeing: funding lines", "How a course is funded.", FundingLines(), ""),
		fromChoices(SchemeOrganisationKind, "Learning for wellbeing: kinds of provider", "What kind of organisation provides learning.", OrganisationKinds(), ""),
	}
}

func newBuiltin(scheme, name, description string) builtin {
	return builtin{taxonomy: Taxonomy{
		ID: TaxonomyID(scheme), Scheme: scheme, Name: name, Description: description, Version: builtinVersion,
	}}
}

func fromCurated(scheme, name, description string, list []curated) builtin {
	b := newBuiltin(scheme, name, description)
	for _, c := range list {
		term := TaxonomyTerm{ID: TermID(scheme, c.code), Code: c.code, Name: c.name, Description: c.description, Language: "en"}
		if c.parent != "" {
			term.ParentID = TermID(scheme, c.parent)
		}
		b.terms = append(b.terms, term)
	}
	return b
}

// fromChoices makes a taxonomy of a controlled list. When uriBase is set, it
// is the taxonomy's URI (without its final slash) and each term's URI is
// uriBase followed by the term's code.
func fromChoices(scheme, name, description string, list []Choice, uriBase string) builtin {
	b := newBuiltin(scheme, name, description)
	b.taxonomy.URI = strings.TrimSuffix(uriBase, "/")
	for _, c := range list {
		term := TaxonomyTerm{ID: TermID(scheme, c.Code), Code: c.Code, Name: c.Name, Description: c.Description, Language: "en"}
		if uriBase != "" {
			term.TermURI = uriBase + c.Code
		}
		b.terms = append(b.terms, term)
	}
	return b
}
