package finder

import (
	"context"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
)

// Result is one page of the finder's results.
type Result struct {
	Query   Query
	Total   int
	Page    int
	Pages   int
	PerPage int
	Items   []Item
}

// Item is one course in the results, with what the list shows about it.
type Item struct {
	ID, Title, Provider, Summary string
	DistanceMiles                float64 // -1 without a postcode or for a course held online
	HasNext                      bool
	Next                         time.Time // the start of the next session, London time
	Online                       bool      // the next session is online (or there is none)
	Venue, Postcode              string    // of the next session's venue
	PlacesLeft                   int
	PlacesLimited                bool
	Cost                         string // "Free", "From £25", or "Cost not given"
}

// NextText says when the next session is: "24 November 2026, 10am".
func (it Item) NextText() string {
	if !it.HasNext {
		return ""
	}
	return directory.DateOf(it.Next).Spoken() + ", " + directory.ClockTime{Hour: it.Next.Hour(), Minute: it.Next.Minute()}.Spoken()
}

// Search runs the query and returns the page of results. Each result comes
// from the course's card in memory; a course the index has heard of before
// its card (a change in flight) is read from the store.
func (s *Service) Search(ctx context.Context, q Query) (Result, error) {
	res, err := s.ix.Search(q.Search)
	if err != nil {
		return Result{}, learnwell.Wrap(err, learnwell.EINVALID, learnwell.ErrorMessage(err))
	}
	out := Result{Query: q, Total: res.Total, Page: res.Page, PerPage: res.PerPage}
	if res.PerPage > 0 {
		out.Pages = (res.Total + res.PerPage - 1) / res.PerPage
	}
	now := s.clock.Now()
	cards := s.cards.Load()
	items := make([]Item, len(res.Hits))
	have := make([]bool, len(res.Hits))
	var missing []string
	for i, h := range res.Hits {
		if c, ok := cards.get(h.ID); ok {
			items[i], have[i] = c.item(now), true
		} else {
			missing = append(missing, h.ID)
		}
	}
	if len(missing) > 0 {
		listings, err := s.db.FindListings(ctx, missing)
		if err != nil {
			return Result{}, err
		}
		byID := make(map[string]directory.Listing, len(listings))
		for _, l := range listings {
			byID[l.Course.ID] = l
		}
		for i, h := range res.Hits {
			if l, ok := byID[h.ID]; ok && !have[i] {
				items[i], have[i] = describe(l, now), true
			}
		}
	}
	out.Items = make([]Item, 0, len(items))
	for i, h := range res.Hits {
		if !have[i] {
			continue // deleted since the index last heard; gone on the next refresh
		}
		if h.DistanceKm >= 0 {
			items[i].DistanceMiles = geo.KmToMiles(h.DistanceKm)
		}
		out.Items = append(out.Items, items[i])
	}
	return out, nil
}

// describe works out what a results list shows about a listing at now.
func describe(l directory.Listing, now time.Time) Item { return cardOf(l, now).item(now) }

// CostText says what a course costs, in a few words.
func CostText(c directory.Course) string {
	if c.IsFree() {
		return "Free"
	}
	if fee, ok := c.LowestFee(); ok {
		if len(c.CostOptions) > 1 {
			return "From " + directory.FormatPence(fee)
		}
		return directory.FormatPence(fee)
	}
	return "Cost not given"
}
