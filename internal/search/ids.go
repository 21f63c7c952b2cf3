package search

import "slices"

// MatchingIDs returns the id of every document that matches q's words and
// filters, sorted, whatever q's order and page. It is for a caller that
// pages the matches itself, with other conditions, such as the Open
// Referral feed's search parameter. Errors are as Search's.
func (ix *Index) MatchingIDs(q Query) ([]string, error) {
	p, err := planQuery(q)
	if err != nil {
		return nil, err
	}
	p.sort = SortName // no sort key to work out for each match
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	x := ix.x
	ids := []string{}
	cand, _ := x.candidates(&p)
	if cand == nil || cand.IsEmpty() {
		return ids, nil
	}
	s := &scan{x: x, p: &p, checks: p.hasStart} // match checks the start window
	ids = slices.Grow(ids, int(cand.GetCardinality()))
	it := cand.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, o := range buf[:n] {
			if _, ok := s.match(o); ok {
				ids = append(ids, x.ids[o])
			}
		}
	}
	slices.Sort(ids)
	return ids, nil
}
