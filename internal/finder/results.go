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
	Listing       directory.Listing
	DistanceMiles float64 // -1 without a postcode or for a course held online
	Next          directory.Session
	HasNext       bool
	NextRun       directory.Run
	Venue         directory.Location // of the next run; zero when online
	PlacesLeft    int
	PlacesLimited bool
	Cost          string // "Free", "From £25", or "Cost not given"
}

// Search runs the query and returns the page of results with their listings.
func (s *Service) Search(ctx context.Context, q Query) (Result, error) {
	res, err := s.ix.Search(q.Search)
	if err != nil {
		return Result{}, learnwell.Wrap(err, learnwell.EINVALID, learnwell.ErrorMessage(err))
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	listings, err := s.db.FindListings(ctx, ids)
	if err != nil {
		return Result{}, err
	}
	byID := make(map[string]directory.Listing, len(listings))
	for _, l := range listings {
		byID[l.Course.ID] = l
	}
	out := Result{Query: q, Total: res.Total, Page: res.Page, PerPage: res.PerPage}
	if res.PerPage > 0 {
		out.Pages = (res.Total + res.PerPage - 1) / res.PerPage
	}
	now := s.clock.Now()
	for _, h := range res.Hits {
		l, ok := byID[h.ID]
		if !ok {
			continue // deleted since the index last heard; gone on the next refresh
		}
		it := describe(l, now)
		it.DistanceMiles = -1
		if h.DistanceKm >= 0 {
			it.DistanceMiles = geo.KmToMiles(h.DistanceKm)
		}
		out.Items = append(out.Items, it)
	}
	return out, nil
}

// describe works out what a results list shows about a course: the next
// session a person could join (the soonest run with places, or else the
// soonest run), its venue, places left on that run, and cost.
func describe(l directory.Listing, now time.Time) Item {
	it := Item{Listing: l}
	joinable := false
	for _, r := range l.Runs {
		if !live(r, now) {
			continue
		}
		next, _ := r.NextSession(now)
		canJoin := !r.IsFull()
		better := !it.HasNext || (canJoin && !joinable) || (canJoin == joinable && next.Start.Before(it.Next.Start))
		if better {
			it.Next, it.HasNext, it.NextRun, joinable = next, true, r, canJoin
		}
	}
	if it.HasNext {
		it.Venue, _ = l.Venue(it.NextRun)
		it.PlacesLeft, it.PlacesLimited = it.NextRun.PlacesLeft()
	}
	it.Cost = CostText(l.Course)
	return it
}

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
