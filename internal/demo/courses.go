package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"learnwell/internal/directory"
)

// kindAffinity raises or lowers how often a kind of provider runs courses of
// a subject: libraries run many digital skills and family learning courses,
// colleges many qualifications, community organisations much gardening and
// cooking. A subject not listed keeps its weight.
var kindAffinity = map[directory.OrganisationKind]map[string]float64{
	directory.AdultEducationService: {"esol": 1.5, "digital-skills": 1.3, "arts-and-crafts": 1.3},
	directory.College: {"esol": 2, "english": 2.5, "maths": 2.5, "employability": 2, "digital-skills": 1.5,
		"gardening": 0.3, "local-history": 0.3, "family-learning": 0.5},
	directory.Library: {"digital-skills": 3, "creative-writing": 2.5, "local-history": 3, "family-learning": 2.5,
		"english": 1.5, "money-and-budgeting": 1.5, "cooking": 0.2, "physical-activity": 0.3, "gardening": 0.3, "maths": 0.5},
	directory.CommunityOrganisation: {"gardening": 3, "cooking": 2.5, "mindfulness-and-wellbeing": 2, "physical-activity": 2,
		"money-and-budgeting": 2, "esol": 1.2, "english": 0.3, "maths": 0.3, "languages": 0.4},
	directory.OtherOrganisation: {"history-and-culture": 4, "local-history": 3, "arts-and-crafts": 3, "photography": 2.5,
		"music": 2, "drama-and-performance": 2.5, "esol": 0.1, "english": 0.1, "maths": 0.1, "employability": 0.2},
}

// levelWeight is how common each level is, among the levels a template allows.
var levelWeight = map[string]float64{taster: 12, beginner: 50, improver: 25, accredited: 35}

// groupWeights returns, for each kind of provider, the cumulative weights of
// the catalogue's groups.
func groupWeights() map[directory.OrganisationKind][]float64 {
	out := map[directory.OrganisationKind][]float64{}
	for _, k := range kinds {
		w := make([]float64, len(catalogue))
		for i, gr := range catalogue {
			w[i] = float64(gr.weight)
			if a, ok := kindAffinity[k.kind][gr.subject]; ok {
				w[i] *= a
			}
		}
		out[k.kind] = cumulative(w)
	}
	return out
}

// force is what one of the first courses must be, so that even a small demo
// uses every subject, level and wellbeing focus.
type force struct {
	group     int    // index in catalogue, or -1
	level     string // a level, or ""
	wellbeing string // a wellbeing code, or ""
}

// forcedCourses lists the constraints of the first courses: one for each
// subject, each level and each wellbeing focus.
func forcedCourses() []force {
	var out []force
	for i := range catalogue {
		out = append(out, force{group: i})
	}
	for _, l := range []string{taster, beginner, improver, accredited} {
		out = append(out, force{group: -1, level: l})
	}
	for _, w := range []string{lonely, confid, anxiety, mood, skills} {
		out = append(out, force{group: -1, wellbeing: w})
	}
	return out
}

// choice is the template a course is made from and the choices that shape it.
type choice struct {
	g         *group
	t         *template
	level     string
	wellbeing []string
}

// choose picks the template, level and wellbeing focus of course i.
func (g *generator) choose(rng *rand.Rand, i int, kind directory.OrganisationKind) choice {
	f := force{group: -1}
	if i < len(g.forced) {
		f = g.forced[i]
	}
	var c choice
	for {
		gi := f.group
		if gi < 0 {
			gi = weighted(rng, g.groups[kind])
		}
		c.g = &catalogue[gi]
		c.t = &c.g.templates[rng.IntN(len(c.g.templates))]
		levels := c.t.levels
		if levels == nil {
			levels = c.g.levels
		}
		if f.level != "" && !slices.Contains(levels, f.level) || f.wellbeing != "" && !slices.Contains(c.g.wellbeing, f.wellbeing) {
			continue // try again until the forced level or focus fits
		}
		c.level = f.level
		if c.level == "" {
			w := make([]float64, len(levels))
			for j, l := range levels {
				w[j] = levelWeight[l]
			}
			c.level = levels[weighted(rng, cumulative(w))]
		}
		break
	}
	c.wellbeing = chooseWellbeing(rng, c.g.wellbeing, f.wellbeing)
	return c
}

// chooseWellbeing picks one or two wellbeing codes, starting with first if given.
func chooseWellbeing(rng *rand.Rand, from []string, first string) []string {
	if first == "" {
		first = pick(rng, from)
	}
	out := []string{first}
	if chance(rng, 0.55) {
		if w := pick(rng, from); w != first {
			out = append(out, w)
		}
	}
	return out
}

// providerFor returns the provider of course i: each provider gets one of
// the first courses, and the rest go by the providers' weights.
func (g *generator) providerFor(rng *rand.Rand, i int) *provider {
	if i < len(g.providers) {
		return &g.providers[i]
	}
	return &g.providers[weighted(rng, g.byWeight)]
}

// course makes course i with its runs.
func (g *generator) course(rng *rand.Rand, i int) CourseWithRuns {
	p := g.providerFor(rng, i)
	c := g.choose(rng, i, p.kind)
	course := directory.Course{
		ID:             g.id("course", i),
		OrganisationID: g.orgs[p.org].ID,
		Level:          directory.TermID(directory.SchemeLevel, c.level),
		Status:         directory.CourseActive,
		LastChecked:    g.cal.today.AddDays(-rng.IntN(183)),
	}
	for _, s := range append([]string{c.g.subject}, c.t.also...) {
		course.Subjects = append(course.Subjects, directory.TermID(directory.SchemeSubject, s))
	}
	for _, w := range c.wellbeing {
		course.Wellbeing = append(course.Wellbeing, directory.TermID(directory.SchemeWellbeing, w))
	}
	a := audienceFor(rng, c)
	course.MinAge, course.MaxAge = a.minAge, a.maxAge
	course.Languages, a.taughtIn = languagesFor(rng, c)
	course.Title = title(rng, c, p.name, a)
	course.Summary = summary(rng, c, p.name, a)
	course.Description = description(rng, c, course.Languages)
	course.Eligibility = eligibility(rng, c, a)
	course.Delivery = deliveryFor(rng, c)
	if chance(rng, 0.25) {
		course.Accessibility = append(course.Accessibility, directory.LargePrint)
	}
	if chance(rng, 0.1) {
		course.Accessibility = append(course.Accessibility, directory.BSLInterpretation)
	}
	g.costs(rng, i, &course, c, p.kind)
	g.joining(rng, i, &course, c, p)
	return CourseWithRuns{Course: course, Runs: g.runs(i, &course, c, p)}
}

// audience is who a course is for.
type audience struct {
	minAge, maxAge int
	over50, youth  bool
	taughtIn       string // the name of the community language it is taught in, if any
}

// audienceFor picks the ages a course is for: most are for adults aged 19
// and over, some for 16 and over, a few for young adults aged 16 to 24 or
// for people aged 50 and over.
func audienceFor(rng *rand.Rand, c choice) audience {
	switch {
	case c.t.older && chance(rng, 0.4):
		return audience{minAge: pick(rng, []int{50, 50, 55, 60}), over50: true}
	case c.t.youth && chance(rng, 0.25):
		return audience{minAge: 16, maxAge: 24, youth: true}
	case c.g.subject == "family-learning":
		return audience{minAge: 16}
	case c.g.skills && chance(rng, 0.2), chance(rng, 0.06):
		return audience{minAge: 16}
	}
	return audience{minAge: 19}
}

// languagesFor returns the languages of a course, and the name of the
// community language it is taught in, if any: ESOL lists the languages it
// has support in, a language course its language, and a few courses are
// taught in a community language.
func languagesFor(rng *rand.Rand, c choice) ([]string, string) {
	switch {
	case c.g.subject == "esol":
		langs := []string{"en"}
		for range between(rng, 1, 3) {
			if l := pick(rng, esolSupport); !slices.Contains(langs, l) {
				langs = append(langs, l)
			}
		}
		return langs, ""
	case c.t.lang != "":
		return []string{"en", c.t.lang}, ""
	case !c.g.skills && c.g.subject != "languages" && c.level != accredited && chance(rng, 0.05):
		l := pick(rng, communityLanguages)
		name, _ := directory.LanguageName(l)
		return []string{l, "en"}, name
	}
	return []string{"en"}, ""
}

// title makes the course title from the template, the level and the audience.
func title(rng *rand.Rand, c choice, borough string, a audience) string {
	t := strings.ReplaceAll(c.t.title, "{borough}", borough)
	switch {
	case a.over50:
		t += " for over 50s"
	case a.youth && !strings.Contains(t, "young adults"):
		t += " (ages 16 to 24)"
	case c.t.fixed:
	case strings.Contains(t, ":"):
		switch c.level {
		case improver:
			t += " — improvers"
		case taster:
			t += " (taster)"
		}
	default:
		switch c.level {
		case beginner:
			t = pick(rng, []string{t + " for beginners", t, t + ": first steps"})
		case improver:
			t = pick(rng, []string{t + " — improvers", t + ": next steps", t + " for improvers"})
		case taster:
			t = pick(rng, []string{t + ": a taster session", t + " taster"})
		case accredited:
			t += " (with a qualification)"
		}
	}
	if a.taughtIn != "" {
		t += " (in " + a.taughtIn + ")"
	}
	return t
}

// summary makes the one-sentence summary, with a note on the level or the
// language where there is room.
func summary(rng *rand.Rand, c choice, borough string, a audience) string {
	s := strings.ReplaceAll(c.t.summary, "{borough}", borough)
	if a.taughtIn != "" {
		s += " Taught in " + a.taughtIn + "."
	}
	if extra := levelSummary[c.level]; chance(rng, 0.6) && !strings.Contains(s, extra) && len(s)+1+len(extra) <= 300 {
		s += " " + extra
	}
	return s
}

// description combines the template's activities with fragments on the
// level, the wellbeing focus and practical matters.
func description(rng *rand.Rand, c choice, langs []string) string {
	paras := []string{fmt.Sprintf(pick(rng, intros), joinClearly(c.t.activities)) + " " + pick(rng, levelText[c.level])}
	var well []string
	for _, w := range c.wellbeing {
		well = append(well, pick(rng, wellbeingText[w]))
	}
	paras = append(paras, strings.Join(well, " "))
	if c.g.subject == "esol" && len(langs) > 1 {
		var names []string
		for _, l := range langs[1:] {
			n, _ := directory.LanguageName(l)
			names = append(names, n)
		}
		paras = append(paras, "Our teaching assistants speak "+joinAnd(names)+", and can help you settle in.")
	}
	practical := pick(rng, c.g.kit)
	if chance(rng, 0.5) {
		practical += " " + pick(rng, closings)
	}
	return strings.Join(append(paras, practical), "\n\n")
}

// eligibility says who the course suits, in the provider's words.
func eligibility(rng *rand.Rand, c choice, a audience) string {
	var parts []string
	switch {
	case a.over50:
		parts = append(parts, fmt.Sprintf("People aged %d and over.", a.minAge))
	case a.youth:
		parts = append(parts, "Young adults aged 16 to 24 who are not in work, education or training.")
	case c.g.subject == "family-learning":
		parts = append(parts, "Parents, carers and grandparents, with children aged 3 to 11.")
	case a.minAge == 16:
		parts = append(parts, "Adults and young people aged 16 and over.")
	default:
		parts = append(parts, "Adults aged 19 and over.")
	}
	switch {
	case c.g.subject == "esol":
		parts = append(parts, "For people whose first language is not English. We'll check your level before you start.")
	case c.level == accredited:
		parts = append(parts, "You'll need to come to every session and do a little work at home.")
	}
	if chance(rng, 0.6) {
		parts = append(parts, pick(rng, suits))
	}
	return strings.Join(parts, " ")
}

// deliveryFor picks how a course is delivered: mostly in person, some online
// and some blended where the subject allows.
func deliveryFor(rng *rand.Rand, c choice) directory.DeliveryMode {
	if !c.g.online || slices.Contains(c.t.also, "physical-activity") {
		return directory.InPerson
	}
	switch x := rng.Float64(); {
	case x < 0.16:
		return directory.Online
	case x < 0.28:
		return directory.Blended
	}
	return directory.InPerson
}

// contact returns the course's contact, reached by email, phone or both.
func (g *generator) contact(rng *rand.Rand, i int, p *provider) directory.Contact {
	ct := directory.Contact{ID: g.id("contact", i), Name: pick(rng, contactNames)}
	switch x := rng.Float64(); {
	case x < 0.1:
		ct.Email = pick(rng, []string{"courses", "learn", "enrol", "hello"}) + "." + p.slug + "@example.com"
	case x < 0.2:
		ct.Phone = dramaPhone(rng)
	default:
		ct.Email = pick(rng, []string{"courses", "learn", "enrol", "hello"}) + "." + p.slug + "@example.com"
		ct.Phone = dramaPhone(rng)
	}
	return ct
}

// joining sets how to join: the text, a web address and a contact.
func (g *generator) joining(rng *rand.Rand, i int, course *directory.Course, c choice, p *provider) {
	how := "book"
	switch {
	case c.g.subject == "esol" && strings.HasPrefix(c.t.title, "ESOL") || c.level == accredited:
		how = "assessment"
	case c.level == taster || chance(rng, 0.12):
		how = "drop-in"
	}
	course.HowToJoin = pick(rng, joinText[how])
	if chance(rng, 0.85) {
		course.JoinURL = "https://example.com/" + p.slug + "/courses/" + strconv.Itoa(i+1)
	}
	course.Contacts = []directory.Contact{g.contact(rng, i, p)}
}
