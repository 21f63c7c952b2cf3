package demo

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"learnwell"
	"learnwell/internal/directory"
)

// DefaultServices is the number of courses in the demo when Options.Services
// is 0.
const DefaultServices = 3200

// The number of providers: one for every coursesPerProvider courses, and
// never fewer than minProviders.
const (
	minProviders       = 160
	coursesPerProvider = 20
)

// Dataset is the whole demo directory, as Generate makes it.
type Dataset struct {
	Organisations []directory.Organisation
	Locations     []directory.Location
	Courses       []CourseWithRuns
}

// CourseWithRuns is one course and its runs: one to three in the terms
// around the day, and for about half the courses one more from the year
// before, in order of their windows (last year's first).
type CourseWithRuns struct {
	Course directory.Course
	Runs   []directory.Run
}

// Generate returns the demo dataset for the options. It is pure and
// deterministic: the same options always give a deeply equal dataset, with
// the same ids. It holds every course in memory; for large sizes use
// Providers and EachCourse, which Load uses.
func Generate(opts Options) Dataset {
	g := newGenerator(opts)
	ds := Dataset{Organisations: g.orgs, Locations: g.locs, Courses: make([]CourseWithRuns, 0, g.services)}
	_ = g.eachCourse(func(c CourseWithRuns) error {
		ds.Courses = append(ds.Courses, c)
		return nil
	})
	return ds
}

// Providers returns the demo's organisations and their venues: the part of
// the dataset that stays small (about one provider for every 20 courses).
func Providers(opts Options) ([]directory.Organisation, []directory.Location) {
	g := newGenerator(opts)
	return g.orgs, g.locs
}

// EachCourse makes the demo's courses one at a time, in order, and passes
// each to fn, so that a dataset of any size can be written without holding
// it in memory. It stops at the first error from fn and returns it. The
// courses belong to the organisations and venues Providers returns.
func EachCourse(opts Options, fn func(CourseWithRuns) error) error {
	return newGenerator(opts).eachCourse(fn)
}

// generator holds what the courses are made from: the providers and their
// venues, and the weighted tables for choosing among them.
type generator struct {
	seed      string // the seed, as text for ids
	rawSeed   uint64
	services  int
	orgs      []directory.Organisation
	locs      []directory.Location
	providers []provider
	byWeight  []float64                                // cumulative course weight of the providers
	groups    map[directory.OrganisationKind][]float64 // cumulative weight of catalogue groups by kind
	forced    []force                                  // the first courses, made to cover every term
	cal       *calendar                                // the terms around the day the demo is made for
	runPCG    *rand.PCG                                // reseeded for each course's runs (runRNG)
	runRand   *rand.Rand
}

// provider is what courses need to know about their organisation.
type provider struct {
	org     int // index in orgs
	kind    directory.OrganisationKind
	borough string // GSS code
	name    string // the borough's name
	slug    string
	venues  []int // indexes in locs
}

// Streams of the PCG generator, one for providers and one for courses, so
// each part's randomness is its own.
const (
	streamProviders = 0x70726f7669646572 // "provider"
	streamCourses   = 0x636f7572736573   // "courses"
	streamRuns      = 0x72756e73         // "runs"
)

func newGenerator(opts Options) *generator {
	services := opts.Services
	if services <= 0 {
		services = DefaultServices
	}
	today := opts.Today
	if today.IsZero() {
		today = directory.Today(learnwell.SystemClock{})
	}
	g := &generator{
		seed:     strconv.FormatInt(opts.Seed, 10),
		rawSeed:  uint64(opts.Seed),
		services: services,
		cal:      newCalendar(today),
		runPCG:   rand.NewPCG(0, 0),
	}
	g.runRand = rand.New(g.runPCG)
	g.makeProviders(rand.New(rand.NewPCG(g.rawSeed, streamProviders)), max(minProviders, services/coursesPerProvider))
	g.groups = groupWeights()
	g.forced = forcedCourses()
	return g
}

// id returns the demo id of a record: derived from the seed, the kind of
// record and its position, so the same seed gives the same ids.
func (g *generator) id(kind string, pos ...int) string {
	parts := make([]string, 0, 3+len(pos))
	parts = append(parts, "learnwell-demo", g.seed, kind)
	for _, p := range pos {
		parts = append(parts, strconv.Itoa(p))
	}
	return learnwell.DerivedID(parts...)
}

// runRNG returns the random stream of course i's runs: its own, so that the
// runs, whose draws can depend on their dates, leave every other course as
// it is. It reseeds one generator, which the next call reseeds again.
func (g *generator) runRNG(i int) *rand.Rand {
	g.runPCG.Seed(g.rawSeed^streamRuns, mix64(uint64(i)))
	return g.runRand
}

// mix64 is SplitMix64's finaliser: it spreads neighbouring numbers across
// all 64 bits, for seeds.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// eachCourse makes the courses in order and passes each to fn.
func (g *generator) eachCourse(fn func(CourseWithRuns) error) error {
	rng := rand.New(rand.NewPCG(g.rawSeed, streamCourses))
	for i := range g.services {
		if err := fn(g.course(rng, i)); err != nil {
			return err
		}
	}
	return nil
}

// pick returns a random element of list.
func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// chance reports true with probability p.
func chance(rng *rand.Rand, p float64) bool { return rng.Float64() < p }

// between returns a random integer from lo to hi, both included.
func between(rng *rand.Rand, lo, hi int) int { return lo + rng.IntN(hi-lo+1) }

// weighted returns an index into cum, a table of cumulative weights, chosen
// in proportion to the weights.
func weighted(rng *rand.Rand, cum []float64) int {
	x := rng.Float64() * cum[len(cum)-1]
	return min(sort.Search(len(cum), func(i int) bool { return cum[i] > x }), len(cum)-1)
}

// cumulative turns weights into a table for weighted.
func cumulative(weights []float64) []float64 {
	cum := make([]float64, len(weights))
	total := 0.0
	for i, w := range weights {
		total += w
		cum[i] = total
	}
	return cum
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// joinClearly joins phrases as joinAnd does, but puts a comma before the
// "and" when a phrase has a comma or an "and" of its own, so that "paint
// skies, trees and flowers" stays one item.
func joinClearly(parts []string) string {
	if len(parts) < 3 || !slices.ContainsFunc(parts, func(p string) bool { return strings.Contains(p, ",") || strings.Contains(p, " and ") }) {
		return joinAnd(parts)
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", and " + parts[len(parts)-1]
}
