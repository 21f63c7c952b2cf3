package demo

import (
	"math/rand/v2"
	"strings"

	"learnwell/internal/directory"
)

// Made-up place words. Providers, venues and streets are named by joining a
// first part and a second part ("Wren" and "mere" make "Wrenmere"), so that
// names read like London names without being any real place or organisation.
var (
	placeFirst = []string{
		"Larkspur", "Thistle", "Bramble", "Wren", "Kestrel", "Hazel", "Rowan", "Juniper",
		"Foxglove", "Sorrel", "Teasel", "Yarrow", "Campion", "Celandine", "Marigold", "Heron",
		"Linnet", "Otter", "Bluebell", "Clover", "Fern", "Hawthorn", "Lavender", "Mallow",
		"Primrose", "Quince", "Rosehip", "Saffron", "Tansy", "Willow", "Alder", "Aspen",
		"Birch", "Cedar", "Elder", "Linden", "Poplar", "Sycamore", "Plover", "Sedge",
		"Moss", "Damson", "Medlar", "Bracken", "Cowslip", "Dunnock", "Finch", "Lapwing",
	}
	placeSecond = []string{
		"", "wood", "brook", "field", "mere", "gate", "well", "ford", "hollow", "dene",
		"hurst", "combe", "vale", "stead", "haven", "croft", "moor", "ridge", "lea", "bank",
	}
	streetKinds = []string{
		"Road", "Street", "Lane", "Avenue", "Grove", "Mews", "Way", "Parade",
		"Crescent", "Gardens", "Terrace", "Place", "Walk", "Row",
	}
)

// providerForms are the patterns of provider names by kind; %s is a place.
var providerForms = map[directory.OrganisationKind][]string{
	directory.AdultEducationService: {
		"%s Adult Learning", "%s Adult and Community Learning", "%s Community Learning Service",
		"%s Learning for Life", "%s Adult Education",
	},
	directory.College: {
		"%s College", "%s Further Education College", "%s College of Arts and Skills",
		"%s Community College", "%s Institute",
	},
	directory.Library: {
		"%s Library Learning", "%s Libraries", "%s Reading Rooms", "%s Library and Learning Hub",
	},
	directory.CommunityOrganisation: {
		"%s Community Learning Trust", "%s Neighbourhood Hub", "%s Community Garden Project",
		"%s Wellbeing Collective", "%s Arts Project", "%s Community Kitchen", "%s Learning Circle",
		"%s Community Association", "%s Together",
	},
	directory.OtherOrganisation: {
		"%s Museum Learning", "%s Arts Centre", "%s Heritage Trust", "%s Music House",
	},
}

// venueForms are the patterns of venue names by kind; %s is a place.
var venueForms = map[directory.OrganisationKind][]string{
	directory.AdultEducationService: {"%s Adult Learning Centre", "%s Learning Centre", "%s Centre", "%s Community Rooms"},
	directory.College:               {"%s Campus", "%s Centre", "%s Skills Centre"},
	directory.Library:               {"%s Library", "%s Library", "%s Community Library"},
	directory.CommunityOrganisation: {"%s Community Centre", "%s Hall", "%s House", "%s Community Garden", "%s Hub"},
	directory.OtherOrganisation:     {"%s Gallery", "%s Museum", "%s Arts Centre", "%s Studios"},
}

// kindDescriptions describe what each kind of provider does; %s is the
// borough's name.
var kindDescriptions = map[directory.OrganisationKind][]string{
	directory.AdultEducationService: {
		"The council's adult learning service for %s, with hundreds of friendly, low-cost courses for adults every year.",
		"Adult and community learning across %s: courses for work, for wellbeing and for fun, most of them free or low cost.",
	},
	directory.College: {
		"A further education college in %s offering qualifications, English and maths, and part-time courses for adults.",
		"A college for adults and young people in %s, from ESOL and Functional Skills to vocational qualifications.",
	},
	directory.Library: {
		"Public libraries in %s running free and low-cost learning: digital skills, reading groups, local history and family learning.",
		"The libraries of %s, with friendly courses and clubs for adults and families alongside the books.",
	},
	directory.CommunityOrganisation: {
		"A local charity in %s bringing people together to learn, grow, cook and make friends.",
		"A community organisation in %s running small, friendly groups for people who want to learn something new and meet others.",
		"A neighbourhood charity in %s offering courses and groups that help people feel better and do more for themselves.",
	},
	directory.OtherOrganisation: {
		"A small museum and arts venue in %s with courses, talks and creative groups for adults.",
		"An arts and heritage organisation in %s running courses and workshops for local people.",
	},
}

// fictional is the sentence every demo provider's description ends with.
const fictional = "This provider is made up for the learnwell demo: it does not exist."

// place returns a made-up place name: "Wrenmere", "Hazel".
func place(rng *rand.Rand) string {
	first := pick(rng, placeFirst)
	second := pick(rng, placeSecond)
	if second != "" && strings.HasSuffix(first, second[:1]) {
		second = "" // avoid doubled letters like "Mossstead"
	}
	return first + second
}

// street returns a made-up street: "Wrenmere Road". One in twenty is the
// plainest of all, "Example Road".
func street(rng *rand.Rand) string {
	if rng.IntN(20) == 0 {
		return "Example " + pick(rng, streetKinds)
	}
	return place(rng) + " " + pick(rng, streetKinds)
}

// slug returns a lower-case, hyphenated form of a name for email addresses
// and web paths: "Wrenmere Adult Learning" gives "wrenmere-adult-learning".
func slug(name string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > max {
		s = s[:max] // ASCII only, so cutting bytes is safe
	}
	return strings.TrimRight(s, "-")
}
