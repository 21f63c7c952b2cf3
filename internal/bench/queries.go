package bench

import (
	"net/url"
	"strings"
)

// query is one finder query of the benchmark mix: the query string a person's
// browser sends to GET /courses, and the kind it is reported under.
type query struct {
	Kind   string
	Values url.Values
}

// Kinds of query in the mix, in the order they are reported.
const (
	KindCommonWord   = "word, common"
	KindRareWord     = "word, rare"
	KindTwoWords     = "two words"
	KindBorough      = "borough"
	KindSubjectFree  = "subject + free"
	KindDayTime      = "day + time"
	KindWellbeing    = "wellbeing + level + mode"
	KindStarts       = "starts within 4 weeks"
	KindAge          = "age"
	KindPostcode     = "postcode within 5 miles"
	KindWordPostcode = "word + postcode 5 miles"
	KindRelevance    = "sort: relevance"
	KindDistance     = "sort: distance"
	KindSoonest      = "sort: soonest"
	KindPage2        = "page 2"
)

// Districts are the London postcode districts the geographic queries start
// from: north, south-east, east, Croydon, south-west, Harrow and Hayes.
var Districts = []string{"N7", "SE1", "E8", "CR0", "SW2", "HA1", "UB3"}

// commonWords, rareWords and twoWords are the word queries, also the ones the
// engines' own full-text search is timed on.
var (
	commonWords = []string{"english", "painting", "cooking"}
	rareWords   = []string{"ukulele", "stargazing", "mosaic"}
	twoWords    = []string{"watercolour painting", "english conversation", "budget cooking"}
)

// mix returns the fixed, deterministic query mix. Every query is one a person
// could make from the finder's form.
func mix() []query {
	var qs []query
	add := func(kind, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			panic("bench: bad query " + raw)
		}
		qs = append(qs, query{Kind: kind, Values: v})
	}
	for _, w := range commonWords {
		add(KindCommonWord, "q="+url.QueryEscape(w))
	}
	for _, w := range rareWords {
		add(KindRareWord, "q="+url.QueryEscape(w))
	}
	for _, w := range twoWords {
		add(KindTwoWords, "q="+url.QueryEscape(w))
	}
	add(KindBorough, "borough=E09000019")                   // Islington
	add(KindBorough, "borough=E09000028")                   // Southwark
	add(KindBorough, "borough=E09000008&borough=E09000022") // Croydon or Lambeth
	add(KindSubjectFree, "subject=esol&free=1")
	add(KindSubjectFree, "subject=digital-skills&free=1")
	add(KindSubjectFree, "subject=arts-and-crafts&free=1")
	add(KindDayTime, "day=MO&time=evening")
	add(KindDayTime, "day=SA&day=SU&time=morning")
	add(KindDayTime, "day=WE&time=afternoon")
	add(KindWellbeing, "wellbeing=loneliness-and-connection&level=beginner&mode=in-person")
	add(KindWellbeing, "wellbeing=anxiety-and-stress&level=taster&mode=online")
	add(KindWellbeing, "wellbeing=low-mood&level=improver&mode=in-person&mode=blended")
	add(KindStarts, "starts=4")
	add(KindStarts, "starts=4&subject=cooking")
	add(KindAge, "age=70")
	add(KindAge, "age=19")
	for _, d := range Districts {
		add(KindPostcode, "postcode="+d+"&miles=5")
	}
	add(KindWordPostcode, "q=english&postcode=E8&miles=5")
	add(KindWordPostcode, "q=painting&postcode=SW2&miles=5")
	add(KindRelevance, "q=art&sort=relevance")
	add(KindRelevance, "q=learn&sort=relevance")
	add(KindDistance, "postcode=SE1&miles=5&sort=distance")
	add(KindDistance, "q=yoga&postcode=N7&sort=distance")
	add(KindDistance, "subject=music&postcode=HA1&sort=distance")
	add(KindSoonest, "q=english&sort=soonest")
	add(KindSoonest, "subject=cooking&sort=soonest")
	add(KindPage2, "q=english&page=2")
	add(KindPage2, "borough=E09000019&page=2")
	add(KindPage2, "postcode=CR0&miles=5&page=2")
	return qs
}

// kindsOf returns the kinds of qs in first-seen order.
func kindsOf(qs []query) []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range qs {
		if !seen[q.Kind] {
			seen[q.Kind] = true
			out = append(out, q.Kind)
		}
	}
	return out
}

// fts5Match quotes each of a person's words as an FTS5 string, so that nothing
// they type is query syntax; the terms are ANDed.
func fts5Match(words string) string {
	var terms []string
	for _, w := range strings.Fields(words) {
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " ")
}
