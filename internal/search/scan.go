package search

import (
	"github.com/RoaringBitmap/roaring/v2"
)

// entry is one match on its way to the page: its ordinal and its sort key
// (f: score or haversine, +Inf for no venue; i: next start).
type entry struct {
	ord uint32
	f   float64
	i   int64
}

// scan holds what the per-candidate work of one search needs.
type scan struct {
	x      *data
	p      *plan
	checks bool // some candidates may fail a check no bitmap answers
	near   vec  // Near as a unit vector
	terms  []termScorer
}

// termScorer finds a term's packed frequencies for increasing ordinals by
// walking its bitmap alongside the candidates.
type termScorer struct {
	p       *posting
	bm25    [numFields]bm25
	cur     uint16 // the loaded packed frequencies
	ubCache [64]struct {
		ptf uint16 // 0: empty (a posting's packed tf is never 0)
		ub  float64
	}
	it   roaring.ManyIntIterable
	buf  []uint32
	i, n int // position and fill of buf
	base int // the rank of buf[0] in the bitmap
}

func (x *data) newScan(p *plan, postings []*posting) *scan {
	s := &scan{x: x, p: p, checks: p.hasStart}
	if p.q.Near != nil {
		s.near = unitVec(*p.q.Near)
	}
	live := x.live.GetCardinality()
	n := float64(live)
	for _, pt := range postings {
		df := pt.bm.GetCardinality()
		if live != uint64(x.n) {
			df = pt.bm.AndCardinality(x.live)
		}
		ts := termScorer{p: pt}
		idf := idf(n, float64(df))
		for f := range ts.bm25 {
			ts.bm25[f] = newBM25(idf, fieldWeights[f], float64(x.lenSum[f])/n)
		}
		s.terms = append(s.terms, ts)
	}
	return s
}

// match applies the per-candidate checks (the start window) to ordinal o
// and returns its entry with the sort key filled in (all but the score).
func (s *scan) match(o uint32) (entry, bool) {
	e := entry{ord: o}
	if s.p.hasStart {
		if t := s.x.next[o]; t == noStart || t < s.p.startLo || t > s.p.startHi {
			return e, false
		}
	}
	switch s.p.sort {
	case SortDistance:
		e.f, _ = s.x.nearest(o, &s.near)
	case SortSoonest:
		e.i = s.x.next[o]
	}
	return e, true
}

// score returns the BM25 score of ordinal o. Calls with byRank false must
// come in increasing order of o; byRank looks each term up directly.
func (s *scan) score(o uint32, byRank bool) float64 {
	s.load(o, byRank)
	return s.exact(o)
}

// load finds each term's packed frequencies for ordinal o (see score).
func (s *scan) load(o uint32, byRank bool) {
	for i := range s.terms {
		t := &s.terms[i]
		if byRank {
			t.cur = t.p.tf[t.p.bm.Rank(o)-1]
		} else {
			t.cur = t.seek(o)
		}
	}
}

// exact returns the score of ordinal o from the loaded frequencies.
func (s *scan) exact(o uint32) float64 {
	fl := &s.x.flen[o]
	score := 0.0
	for i := range s.terms {
		t := &s.terms[i]
		for f, ptf := 0, t.cur; ptf != 0; f++ {
			if tf := ptf & (1<<tfBits[f] - 1); tf > 0 {
				score += t.bm25[f].score(float64(tf), float64(fl[f]))
			}
			ptf >>= tfBits[f]
		}
	}
	return score
}

// upper returns a bound no less than exact, from the loaded frequencies
// alone: each field as short as any the index has held. Rounding is
// monotonic, so the bound holds in floating point too.
func (s *scan) upper() float64 {
	ub := 0.0
	for i := range s.terms {
		t := &s.terms[i]
		c := &t.ubCache[t.cur%uint16(len(t.ubCache))]
		if c.ptf != t.cur {
			c.ptf, c.ub = t.cur, 0
			for f, ptf := 0, t.cur; ptf != 0; f++ {
				if tf := ptf & (1<<tfBits[f] - 1); tf > 0 {
					c.ub += t.bm25[f].score(float64(tf), float64(max(s.x.minLen[f], tf)))
				}
				ptf >>= tfBits[f]
			}
		}
		ub += c.ub
	}
	return ub
}

// seek returns the packed frequencies of ordinal o, which must be in the
// term's bitmap and not smaller than the ordinal of the previous seek.
func (t *termScorer) seek(o uint32) uint16 {
	if t.it == nil {
		t.it = t.p.bm.ManyIterator()
		t.buf = make([]uint32, 256)
	}
	for {
		if t.n > 0 && t.buf[t.n-1] >= o {
			for t.buf[t.i] < o {
				t.i++
			}
			return t.p.tf[t.base+t.i]
		}
		t.base += t.n
		t.i, t.n = 0, t.it.NextMany(t.buf)
		if t.n == 0 {
			panic("search: seek past the end of a posting")
		}
	}
}

// topK keeps the k best entries seen, in a heap whose root is the worst.
type topK struct {
	k    int
	sort SortOrder
	x    *data
	h    []entry
}

// before reports whether a comes before b in the result.
func (t *topK) before(a, b *entry) bool {
	switch t.sort {
	case SortRelevance:
		if a.f != b.f {
			return a.f > b.f
		}
	case SortDistance:
		if a.f != b.f {
			return a.f < b.f
		}
	case SortSoonest:
		if a.i != b.i {
			return a.i < b.i
		}
	}
	return t.x.nameCompare(a.ord, b.ord) < 0
}

func (t *topK) offer(e entry) {
	h := t.h
	if len(h) < t.k {
		h = append(h, e)
		for i := len(h) - 1; i > 0; {
			parent := (i - 1) / 2
			if !t.before(&h[parent], &h[i]) {
				break
			}
			h[parent], h[i] = h[i], h[parent]
			i = parent
		}
		t.h = h
		return
	}
	if !t.before(&e, &h[0]) {
		return
	}
	h[0] = e
	t.siftDown(len(h))
}

// siftDown moves the root of the heap t.h[:end] down to its place.
func (t *topK) siftDown(end int) {
	h := t.h
	for i := 0; ; {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < end && t.before(&h[worst], &h[l]) {
			worst = l
		}
		if r < end && t.before(&h[worst], &h[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// sorted returns the kept entries, best first.
func (t *topK) sorted() []entry {
	h := t.h
	// Heap order to sorted order: repeatedly move the worst to the end.
	for end := len(h) - 1; end > 0; end-- {
		h[0], h[end] = h[end], h[0]
		t.siftDown(end)
	}
	return h
}
