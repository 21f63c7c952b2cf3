package importer

import (
	"strings"

	"learnwell/internal/directory"
)

// subjectRules find a built-in subject for an imported course that has none
// of learnwell's subject terms, from words in its name, description and the
// names of its own taxonomy terms. The first rule that matches wins; they
// run from the most specific. docs/import-oruk.md lists them.
var subjectRules = []struct {
	code  string
	words []string
}{
	{"esol", []string{"esol", "english for speakers", "english as a second", "english language class"}},
	{"digital-skills", []string{"digital", "computer", "smartphone", "tablet", "internet", "online safety", "ipad"}},
	{"money-and-budgeting", []string{"budget", "money", "debt", "finance"}},
	{"cooking", []string{"cook", "nutrition", "baking", "recipe"}},
	{"gardening", []string{"garden", "allotment", "growing food"}},
	{"creative-writing", []string{"creative writing", "poetry", "storytelling", "writing group"}},
	{"photography", []string{"photograph", "film-making", "filmmaking"}},
	{"sewing-and-textiles", []string{"sewing", "knitting", "crochet", "textile", "dressmaking"}},
	{"arts-and-crafts", []string{"art ", "arts", "craft", "painting", "drawing", "pottery", "ceramic"}},
	{"music", []string{"music", "singing", "choir", "guitar", "ukulele", "piano"}},
	{"drama-and-performance", []string{"drama", "theatre", "acting", "performance"}},
	{"languages", []string{"language", "spanish", "french", "german", "italian", "arabic", "mandarin"}},
	{"maths", []string{"maths", "numeracy", "arithmetic"}},
	{"english", []string{"literacy", "reading and writing", "functional skills english", "gcse english"}},
	{"local-history", []string{"local history", "family history", "genealogy"}},
	{"history-and-culture", []string{"history", "heritage", "culture", "museum"}},
	{"science-and-nature", []string{"science", "nature", "wildlife", "astronomy"}},
	{"physical-activity", []string{"exercise", "yoga", "tai chi", "walking", "dance", "fitness", "pilates", "sport"}},
	{"family-learning", []string{"family learning", "parents", "parenting", "children and families"}},
	{"employability", []string{"employ", "job", "cv ", "interview", "career", "volunteer"}},
	{"mindfulness-and-wellbeing", []string{"mindful", "wellbeing", "well-being", "mental health", "counselling", "stress", "anxiety", "relaxation", "meditation"}},
}

// guessSubject returns the subject term id the rules find in the texts, or "".
func guessSubject(texts ...string) string {
	all := " " + strings.ToLower(strings.Join(texts, " ")) + " "
	for _, r := range subjectRules {
		for _, w := range r.words {
			if strings.Contains(all, " "+w) {
				return directory.TermID(directory.SchemeSubject, r.code)
			}
		}
	}
	return ""
}

// accessibilityRules find learnwell's accessibility features in an imported
// venue's accessibility text.
var accessibilityRules = []struct {
	feature directory.AccessibilityFeature
	words   []string
}{
	{directory.StepFreeAccess, []string{"step-free", "step free", "wheelchair", "level access", "ramp", "lift"}},
	{directory.HearingLoop, []string{"hearing loop", "induction loop", "loop system"}},
	{directory.AccessibleToilet, []string{"accessible toilet", "disabled toilet", "accessible wc", "changing places"}},
	{directory.QuietSpace, []string{"quiet room", "quiet space", "quiet area"}},
	{directory.LargePrint, []string{"large print"}},
	{directory.BSLInterpretation, []string{"bsl", "sign language"}},
	{directory.SeatingWithArms, []string{"seating with arms", "chairs with arms"}},
	{directory.BlueBadgeParking, []string{"blue badge", "disabled parking", "accessible parking"}},
}

// guessFeatures returns the accessibility features the text names, in the
// order of the list.
func guessFeatures(text string) []directory.AccessibilityFeature {
	var out []directory.AccessibilityFeature
	lower := " " + strings.ToLower(text)
	for _, r := range accessibilityRules {
		for _, w := range r.words {
			if strings.Contains(lower, " "+w) || strings.Contains(lower, w) && len(w) > 4 {
				out = append(out, r.feature)
				break
			}
		}
	}
	return out
}

// guessKind returns the kind of an imported provider that does not say, from
// its name.
func guessKind(name string) directory.OrganisationKind {
	n := " " + strings.ToLower(name) + " "
	switch {
	case strings.Contains(n, " college"):
		return directory.College
	case strings.Contains(n, " librar"):
		return directory.Library
	case strings.Contains(n, "adult education") || strings.Contains(n, "adult learning") || strings.Contains(n, "community learning") || strings.Contains(n, " council"):
		return directory.AdultEducationService
	case strings.Contains(n, " charity") || strings.Contains(n, " trust") || strings.Contains(n, " association") || strings.Contains(n, " community"):
		return directory.CommunityOrganisation
	}
	return directory.OtherOrganisation
}
