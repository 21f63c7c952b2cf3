package demo

import (
	"math/rand/v2"

	"learnwell/internal/directory"
)

// entitlement lists the subjects adults in London can study free up to a
// level (English and maths to Level 2, essential digital skills), or that
// are usually free for people on a low income (ESOL).
var entitlement = []string{"esol", "english", "maths", "digital-skills"}

// costs sets the funding line and the fee: community learning is mostly
// free; adult skills courses are often free under the statutory
// entitlements, and otherwise charge a fee with concessions; other courses
// are free (a charity's) or charge from £15 to £180.
func (g *generator) costs(rng *rand.Rand, i int, course *directory.Course, c choice, kind directory.OrganisationKind) {
	skillsSubject := c.g.skills
	switch {
	case c.level == accredited || skillsSubject && chance(rng, 0.7):
		course.Funding = directory.FundingAdultSkills
	case kind == directory.College && chance(rng, 0.5),
		kind == directory.CommunityOrganisation && chance(rng, 0.35),
		kind == directory.OtherOrganisation && chance(rng, 0.6):
		course.Funding = directory.FundingOther
	default:
		course.Funding = directory.FundingCommunityLearning
	}
	var free bool
	lo, hi := 15, 180
	switch course.Funding {
	case directory.FundingCommunityLearning:
		free, lo, hi = chance(rng, 0.75), 15, 45
	case directory.FundingAdultSkills:
		entitled := false
		for _, s := range entitlement {
			entitled = entitled || s == c.g.subject
		}
		free, lo, hi = entitled && chance(rng, 0.65), 60, 180
	default:
		free = kind != directory.College && chance(rng, 0.5)
		if kind == directory.College {
			lo = 45
		}
	}
	if free {
		course.Free = true
		return
	}
	full := int64(between(rng, lo/5, hi/5)) * 500 // whole pounds, in steps of £5
	course.CostOptions = []directory.CostOption{{
		ID: g.id("cost", i, 0), AmountPence: full, Option: "Full fee", Concessions: pick(rng, concessions),
	}}
	if chance(rng, 0.35) {
		course.CostOptions = append(course.CostOptions, directory.CostOption{
			ID: g.id("cost", i, 1), AmountPence: full / 2 / 50 * 50, Option: "Concession",
			Concessions: "For people aged 60 or over, full-time carers and students.",
		})
	}
}
