package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"learnwell/internal/directory"
	"learnwell/internal/geo"
)

// kinds are the kinds of provider the demo makes, with their share of the
// providers after each borough's adult education service, how many courses
// each runs (relative) and how many venues each has.
var kinds = []struct {
	kind          directory.OrganisationKind
	share, course float64
	venues        [2]int
}{
	{directory.AdultEducationService, 0, 6, [2]int{2, 4}},
	{directory.College, 15, 5, [2]int{1, 3}},
	{directory.Library, 27, 2, [2]int{1, 3}},
	{directory.CommunityOrganisation, 48, 2, [2]int{1, 2}},
	{directory.OtherOrganisation, 10, 1, [2]int{1, 2}},
}

// skipDistricts are outcodes in the embedded data that no venue should have:
// the undivided central codes (EC1 is only ever EC1A, EC1M...; likewise W1,
// WC1, WC2 and SW1), districts for PO boxes and large organisations only
// (EC2P, EC3P, CR9), and Heathrow Airport (TW6).
var skipDistricts = []string{"EC1", "EC2", "EC3", "EC4", "W1", "WC1", "WC2", "SW1", "EC2P", "EC3P", "CR9", "TW6"}

// inwardLetters are the letters an inward code may end with.
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

// venueFeatures are the accessibility features a venue may have, with the
// share of venues that have each.
var venueFeatures = []struct {
	feature directory.AccessibilityFeature
	share   float64
}{
	{directory.StepFreeAccess, 0.75},
	{directory.HearingLoop, 0.35},
	{directory.AccessibleToilet, 0.65},
	{directory.QuietSpace, 0.3},
	{directory.SeatingWithArms, 0.4},
	{directory.BlueBadgeParking, 0.25},
}

var transportNotes = []string{
	"Several bus routes stop nearby.",
	"The nearest station is about 10 minutes' walk away.",
	"There is a bus stop outside.",
	"Bicycle parking is available outside.",
	"There is no car park, and street parking is limited.",
	"The nearest station has step-free access.",
}

var addressLine2 = []string{"Ground floor", "Side entrance", "Rear entrance, through the car park", "First floor"}

// makeProviders makes n providers spread evenly over the 33 London local
// authorities, the first in each being its adult education service, and
// their venues.
func (g *generator) makeProviders(rng *rand.Rand, n int) {
	boroughs := geo.Boroughs()
	districts := make([][]string, len(boroughs))
	for i, b := range boroughs {
		districts[i] = slices.DeleteFunc(geo.DistrictsInBorough(b.Code), func(d string) bool { return slices.Contains(skipDistricts, d) })
	}
	shares := make([]float64, len(kinds))
	for i, k := range kinds {
		shares[i] = k.share
	}
	kindCum := cumulative(shares)
	names := map[string]bool{}
	weights := make([]float64, 0, n)
	for i := range n {
		bi := i % len(boroughs)
		k := kinds[0]
		if i >= len(boroughs) {
			k = kinds[weighted(rng, kindCum)]
		}
		p := g.makeProvider(rng, i, k.kind, boroughs[bi], names)
		for j := range between(rng, k.venues[0], k.venues[1]) {
			p.venues = append(p.venues, len(g.locs))
			g.locs = append(g.locs, g.makeVenue(rng, p, j, districts[bi]))
		}
		g.providers = append(g.providers, p.provider)
		weights = append(weights, k.course)
	}
	g.byWeight = cumulative(weights)
}

// newProvider is a provider being made, with the place its name is built on.
type newProvider struct {
	provider
	place string
}

// makeProvider makes organisation i.
func (g *generator) makeProvider(rng *rand.Rand, i int, kind directory.OrganisationKind, b geo.Borough, names map[string]bool) newProvider {
	name, pl := uniqueName(rng, kind, b, names)
	s := slug(name, 40)
	g.orgs = append(g.orgs, directory.Organisation{
		ID:          g.id("organisation", i),
		Name:        name,
		Description: fmt.Sprintf(pick(rng, kindDescriptions[kind]), b.Name) + " " + fictional,
		Kind:        kind,
		Website:     "https://example.com/" + s,
		Email:       s + "@example.com",
		Phone:       dramaPhone(rng),
		Boroughs:    []string{b.Code},
	})
	return newProvider{
		provider: provider{org: len(g.orgs) - 1, kind: kind, borough: b.Code, name: b.Name, slug: s},
		place:    pl,
	}
}

// uniqueName returns a provider name not used yet, and the place it is built on.
func uniqueName(rng *rand.Rand, kind directory.OrganisationKind, b geo.Borough, used map[string]bool) (name, pl string) {
	for range 20 {
		pl = place(rng)
		name = fmt.Sprintf(pick(rng, providerForms[kind]), pl)
		if !used[name] {
			used[name] = true
			return name, pl
		}
	}
	base := name + " (" + b.Name + ")"
	name = base
	for n := 2; used[name]; n++ {
		name = fmt.Sprintf("%s %d", base, n)
	}
	used[name] = true
	return name, pl
}

// makeVenue makes venue j of the provider, at a real postcode district of
// its borough.
func (g *generator) makeVenue(rng *rand.Rand, p newProvider, j int, districts []string) directory.Location {
	outcode := pick(rng, districts)
	d, _ := geo.DistrictByCode(outcode)
	pt := jitter(rng, d.Point, p.borough)
	pl := p.place
	if j > 0 {
		pl = place(rng)
	}
	loc := directory.Location{
		ID:             g.id("location", p.org, j),
		OrganisationID: g.orgs[p.org].ID,
		Name:           fmt.Sprintf(pick(rng, venueForms[p.kind]), pl),
		Address1:       fmt.Sprintf("%d %s", between(rng, 1, 240), street(rng)),
		Town:           "London",
		Postcode:       outcode + " " + inwardCode(rng),
		Point:          &pt,
		Borough:        p.borough,
	}
	if chance(rng, 0.2) {
		loc.Address2 = pick(rng, addressLine2)
	}
	for _, f := range venueFeatures {
		if chance(rng, f.share) {
			loc.Accessibility = append(loc.Accessibility, f.feature)
		}
	}
	if chance(rng, 0.6) {
		loc.Transport = pick(rng, transportNotes)
	}
	return loc
}

// inwardCode returns a plausible inward code: a digit and two letters from
// those postcodes use ("9AB").
func inwardCode(rng *rand.Rand) string {
	return fmt.Sprintf("%d%c%c", rng.IntN(10), inwardLetters[rng.IntN(len(inwardLetters))], inwardLetters[rng.IntN(len(inwardLetters))])
}

// jitter moves pt by up to about 200 m north or south and 175 m east or
// west (under 300 m in all), to 5 decimal places, keeping it inside the
// borough; where the move would leave the borough pt is kept as it is.
func jitter(rng *rand.Rand, pt geo.Point, borough string) geo.Point {
	moved := geo.Point{
		Lat: math.Round((pt.Lat+(rng.Float64()*2-1)*0.0018)*1e5) / 1e5,
		Lon: math.Round((pt.Lon+(rng.Float64()*2-1)*0.0025)*1e5) / 1e5,
	}
	if b, ok := geo.BoroughAt(moved); ok && b.Code == borough {
		return moved
	}
	return pt
}

// dramaPhone returns a London number from Ofcom's range for drama, 020 7946
// 0000 to 0999, which is never given to anyone.
func dramaPhone(rng *rand.Rand) string {
	return fmt.Sprintf("020 7946 0%03d", rng.IntN(1000))
}
