package finder

import (
	"hash/maphash"
	"slices"
	"sync"
	"time"
	"unsafe"

	"github.com/google/uuid"

	"learnwell"
	"learnwell/internal/directory"
)

// A card is what a list of results shows about a course: its title,
// provider, summary and cost, and for each run still to come its next two
// sessions, venue and places. The finder keeps a card for every course in the
// index, so a page of results is drawn from memory without reading the store:
// reading and decoding twenty listings was most of a page's cost.
//
// The next two sessions of each run are enough between rebuilds: sessions are
// at least a day apart and the index is rebuilt hourly (Run), so at most one
// of them can have started since the card was made.
type card struct {
	ID, Title, Provider, Summary, Cost string
	Runs                               []runCard
}

// runCard is one live run of a card.
type runCard struct {
	Next          [2]int64 // starts of the next two sessions, Unix seconds; 0 for none
	Venue         string   // the venue's name; empty for a run held online
	Postcode      string
	PlacesLeft    int
	PlacesLimited bool
	Full          bool
}

// cardOf makes the card of a listing as of now. Only runs with a session to
// come appear on it.
func cardOf(l directory.Listing, now time.Time) card {
	c := card{ID: l.Course.ID, Title: l.Course.Title, Provider: l.Organisation.Name, Summary: l.Course.Summary, Cost: CostText(l.Course)}
	for _, r := range l.Runs {
		first, ok := r.NextSession(now)
		if !ok {
			continue
		}
		rc := runCard{Full: r.IsFull()}
		rc.Next[0] = first.Start.Unix()
		if second, ok := r.NextSession(first.Start); ok {
			rc.Next[1] = second.Start.Unix()
		}
		if v, ok := l.Venue(r); ok {
			rc.Venue, rc.Postcode = v.Name, v.Postcode
		}
		rc.PlacesLeft, rc.PlacesLimited = r.PlacesLeft()
		c.Runs = append(c.Runs, rc)
	}
	return c
}

// item works out the result a card shows at now: the next session a person
// could join (the soonest run with places, or else the soonest run), its
// venue, the places left on that run, and cost.
func (c card) item(now time.Time) Item {
	it := Item{ID: c.ID, Title: c.Title, Provider: c.Provider, Summary: c.Summary, Cost: c.Cost, DistanceMiles: -1, Online: true}
	t := now.Unix()
	var best *runCard
	var bestStart int64
	joinable := false
	for i := range c.Runs {
		r := &c.Runs[i]
		start := r.Next[0]
		if start <= t {
			start = r.Next[1]
		}
		if start <= t {
			continue // no session left that the card knows of
		}
		canJoin := !r.Full
		if best == nil || (canJoin && !joinable) || (canJoin == joinable && start < bestStart) {
			best, bestStart, joinable = r, start, canJoin
		}
	}
	if best != nil {
		it.HasNext = true
		it.Next = time.Unix(bestStart, 0).In(learnwell.London)
		it.Online = best.Venue == ""
		it.Venue, it.Postcode = best.Venue, best.Postcode
		it.PlacesLeft, it.PlacesLimited = best.PlacesLeft, best.PlacesLimited
	}
	return it
}

// cardSet holds the cards of one index generation, packed so that the
// garbage collector has nothing to scan: fixed-size records without pointers
// and one byte arena for all their text. A card that changes is appended and
// its old bytes left until the next rebuild, as the index does with
// tombstones. The arena is append-only: bytes once written never change, so
// strings that point into it stay valid.
type cardSet struct {
	mu    sync.RWMutex
	at    map[uuid.UUID]uint32 // course id -> index in recs
	other map[string]uint32    // ids that are not UUIDs (imported records may keep theirs)
	recs  []cardRec
	runs  []runRec
	text  []byte
	seen  map[uint64]strRef // interned provider names, venues, postcodes and costs
	seed  maphash.Seed
}

type strRef struct{ off, n uint32 }

type cardRec struct {
	title, provider, summary, cost strRef
	runOff                         uint32
	runN                           uint32
}

type runRec struct {
	next            [2]int64
	venue, postcode strRef
	left            int32
	limited, full   bool
}

func newCardSet() *cardSet {
	return &cardSet{at: map[uuid.UUID]uint32{}, other: map[string]uint32{}, seen: map[uint64]strRef{}, seed: maphash.MakeSeed()}
}

// put adds or replaces a course's card. A card whose text and number of
// runs are unchanged (its sessions moved on, its places changed) is updated
// in place; any other is appended and the old one left until the next build.
func (cs *cardSet) put(c card) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if i, ok := cs.index(c.ID); ok {
		rec := cs.recs[i]
		if int(rec.runN) == len(c.Runs) && cs.read(rec.title) == c.Title && cs.read(rec.provider) == c.Provider &&
			cs.read(rec.summary) == c.Summary && cs.read(rec.cost) == c.Cost && cs.sameVenues(rec, c.Runs) {
			for j, r := range c.Runs {
				old := &cs.runs[rec.runOff+uint32(j)]
				old.next, old.left, old.limited, old.full = r.Next, int32(r.PlacesLeft), r.PlacesLimited, r.Full
			}
			return
		}
	}
	rec := cardRec{title: cs.str(c.Title), provider: cs.intern(c.Provider), summary: cs.str(c.Summary),
		cost: cs.intern(c.Cost), runOff: uint32(len(cs.runs)), runN: uint32(len(c.Runs))}
	for _, r := range c.Runs {
		cs.runs = append(cs.runs, runRec{next: r.Next, venue: cs.intern(r.Venue), postcode: cs.intern(r.Postcode),
			left: int32(r.PlacesLeft), limited: r.PlacesLimited, full: r.Full})
	}
	i := uint32(len(cs.recs))
	cs.recs = append(cs.recs, rec)
	if u, err := uuid.Parse(c.ID); err == nil && len(c.ID) == 36 {
		cs.at[u] = i
	} else {
		cs.other[c.ID] = i
	}
}

// index returns the position of a course's card in recs. Call with mu held.
func (cs *cardSet) index(id string) (uint32, bool) {
	if u, err := uuid.Parse(id); err == nil && len(id) == 36 {
		i, ok := cs.at[u]
		return i, ok
	}
	i, ok := cs.other[id]
	return i, ok
}

// sameVenues reports whether a card's runs are at the venues of runs.
func (cs *cardSet) sameVenues(rec cardRec, runs []runCard) bool {
	for j, r := range runs {
		old := cs.runs[rec.runOff+uint32(j)]
		if cs.read(old.venue) != r.Venue || cs.read(old.postcode) != r.Postcode {
			return false
		}
	}
	return true
}

// remove forgets a course's card.
func (cs *cardSet) remove(id string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if u, err := uuid.Parse(id); err == nil && len(id) == 36 {
		delete(cs.at, u)
	} else {
		delete(cs.other, id)
	}
}

// get returns a course's card.
func (cs *cardSet) get(id string) (card, bool) {
	cs.mu.RLock()
	defer cs.mu.RUnlock()
	i, ok := cs.index(id)
	if !ok {
		return card{}, false
	}
	rec := cs.recs[i]
	c := card{ID: id, Title: cs.read(rec.title), Provider: cs.read(rec.provider), Summary: cs.read(rec.summary), Cost: cs.read(rec.cost)}
	if rec.runN > 0 {
		c.Runs = make([]runCard, rec.runN)
		for j, r := range cs.runs[rec.runOff : rec.runOff+rec.runN] {
			c.Runs[j] = runCard{Next: r.next, Venue: cs.read(r.venue), Postcode: cs.read(r.postcode),
				PlacesLeft: int(r.left), PlacesLimited: r.limited, Full: r.full}
		}
	}
	return c, true
}

// compact trims the set's slices to their length once a build is done:
// appending doubles capacity, and at 200,000 courses the slack was tens of
// megabytes. The interning table is dropped with it; later cards (Refresh)
// start a new one.
func (cs *cardSet) compact() {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.text = slices.Clone(cs.text)
	cs.recs = slices.Clone(cs.recs)
	cs.runs = slices.Clone(cs.runs)
	cs.seen = map[uint64]strRef{}
}

// len returns how many courses have cards.
func (cs *cardSet) len() int {
	cs.mu.RLock()
	defer cs.mu.RUnlock()
	return len(cs.at) + len(cs.other)
}

func (cs *cardSet) str(s string) strRef {
	r := strRef{off: uint32(len(cs.text)), n: uint32(len(s))}
	cs.text = append(cs.text, s...)
	return r
}

// intern stores text that many cards share (a provider's name, a venue) once.
func (cs *cardSet) intern(s string) strRef {
	if s == "" {
		return strRef{}
	}
	h := maphash.String(cs.seed, s)
	if r, ok := cs.seen[h]; ok && cs.read(r) == s {
		return r
	}
	r := cs.str(s)
	cs.seen[h] = r
	return r
}

// read returns the text of r. It points into the arena rather than copying:
// the arena's bytes never change once written, and a string pointing into an
// old arena keeps it alive after an append moves the arena.
func (cs *cardSet) read(r strRef) string {
	if r.n == 0 {
		return ""
	}
	return unsafe.String(&cs.text[r.off], int(r.n))
}
