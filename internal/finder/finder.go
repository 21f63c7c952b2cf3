// Package finder is the course finder: it keeps an in-memory search index of
// the directory on every app node, built from the store at start and kept
// current by reading the store's change sequence, so a change made on any
// node reaches every node's index. The store stays the source of truth. It
// turns a person's query into a search and the hits into listings to show.
package finder

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/search"
	"learnwell/internal/store"
)

// Service is the finder of one app node.
type Service struct {
	db    *store.DB
	tax   *directory.Taxonomies
	clock learnwell.Clock
	log   *slog.Logger
	ix    *search.Index
	cards atomic.Pointer[cardSet] // what results show of each course in ix

	mu      sync.Mutex // one refresh or rebuild at a time
	seq     int64      // the change sequence the index is up to date with
	builtAt time.Time
}

// Options configure the finder.
type Options struct {
	Taxonomies *directory.Taxonomies // default: the built-in ones
	Clock      learnwell.Clock       // default: the store's clock
	Logger     *slog.Logger
}

// New returns a finder with an empty index: call Build.
func New(db *store.DB, opts Options) *Service {
	if opts.Taxonomies == nil {
		opts.Taxonomies = directory.BuiltinTaxonomies()
	}
	if opts.Clock == nil {
		opts.Clock = db.Clock()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Service{db: db, tax: opts.Taxonomies, clock: opts.Clock, log: opts.Logger, ix: search.New()}
	s.cards.Store(newCardSet())
	return s
}

// Taxonomies returns the taxonomies the finder uses.
func (s *Service) Taxonomies() *directory.Taxonomies { return s.tax }

// Len returns how many courses are in the index.
func (s *Service) Len() int { return s.ix.Len() }

// Index returns the search index, for benchmarks.
func (s *Service) Index() *search.Index { return s.ix }

// Build reads the whole directory and replaces the index. Searches keep
// running on the old index until the new one is swapped in.
func (s *Service) Build(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	var seq int64
	var storeErr error
	cards := newCardSet()
	// Stream the listings into the new index rather than hold every
	// document at once: memory stays near the size of the index itself.
	docs := func(yield func(search.Doc, error) bool) {
		var stopped bool
		seq, storeErr = s.db.EachListing(ctx, func(l directory.Listing) error {
			if stopped || !indexable(l, now) {
				return nil
			}
			cards.put(cardOf(l, now))
			stopped = !yield(Doc(l, s.tax, now), nil)
			return nil
		})
		if storeErr != nil && !stopped {
			yield(search.Doc{}, storeErr) // the old index stays
		}
	}
	if err := s.ix.ReplaceSeq(docs); err != nil {
		if storeErr != nil {
			return storeErr
		}
		return learnwell.Internal(err)
	}
	cards.compact()
	s.cards.Store(cards)
	// Changes committed while the snapshot was read have higher sequence
	// numbers, so the next Refresh applies them: none is lost at the swap.
	s.seq, s.builtAt = seq, now
	return nil
}

// Refresh applies the directory changes made since the index was last brought
// up to date, on any node.
func (s *Service) Refresh(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		ids, next, err := s.db.DirectoryChanges(ctx, s.seq, 500)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		listings, err := s.db.FindListings(ctx, ids)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		found := map[string]bool{}
		cards := s.cards.Load()
		for _, l := range listings {
			found[l.Course.ID] = true
			if indexable(l, now) {
				cards.put(cardOf(l, now))
				if err := s.ix.Upsert(Doc(l, s.tax, now)); err != nil {
					return learnwell.Internal(err)
				}
			} else {
				s.ix.Remove(l.Course.ID)
				cards.remove(l.Course.ID)
			}
		}
		for _, id := range ids {
			if !found[id] {
				s.ix.Remove(id) // deleted
				cards.remove(id)
			}
		}
		s.seq = next
	}
}

// MoveOn brings up to date the courses whose next session has begun: their
// next start, which the soonest sort and the start filter use, and their
// cards. It reads them from the store. A course with the same runs still to
// come is changed in place; one whose run has ended is replaced whole, since
// its days, times and venues may have gone with the run; one with nothing
// left to come leaves the index.
func (s *Service) MoveOn(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	due := s.ix.Due(now)
	cards := s.cards.Load()
	for len(due) > 0 {
		batch := due[:min(len(due), 500)]
		due = due[len(batch):]
		listings, err := s.db.FindListings(ctx, batch)
		if err != nil {
			return err
		}
		found := make(map[string]bool, len(listings))
		for _, l := range listings {
			id := l.Course.ID
			found[id] = true
			if !indexable(l, now) {
				s.ix.Remove(id)
				cards.remove(id)
				continue
			}
			c := cardOf(l, now)
			old, ok := cards.get(id)
			cards.put(c)
			d := Doc(l, s.tax, now)
			if ok && len(old.Runs) == len(c.Runs) {
				s.ix.SetNext(id, d.NextStart)
			} else if err := s.ix.Upsert(d); err != nil {
				return learnwell.Internal(err)
			}
		}
		for _, id := range batch {
			if !found[id] {
				s.ix.Remove(id) // deleted; Refresh would say so too
				cards.remove(id)
			}
		}
	}
	return nil
}

// Run keeps the index current until ctx ends. Every poll interval it applies
// the changes made on any node (Refresh) and moves on the courses whose next
// session has begun (MoveOn). It rebuilds the whole index every rebuild
// interval, and sooner when a tenth of the index is tombstones of changed
// documents, to give their memory back.
func (s *Service) Run(ctx context.Context, poll, rebuild time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		st := s.ix.Stats()
		due := s.clock.Now().Sub(s.builtAt) >= rebuild || st.Tombstones > st.Docs/10
		s.mu.Unlock()
		var err error
		if due {
			err = s.Build(ctx)
		} else if err = s.Refresh(ctx); err == nil {
			err = s.MoveOn(ctx)
		}
		if err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "could not bring the search index up to date", "error", err.Error())
		}
	}
}
