package search

import (
	"iter"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// Index is the in-memory directory index. It is safe for concurrent use: any
// number of searches run together; a change (Upsert, Remove) waits for the
// searches under way and holds them off for the few microseconds it takes;
// Replace builds its new generation without any lock and swaps it in.
type Index struct {
	mu sync.RWMutex
	x  *data
}

// New returns an empty index.
func New() *Index {
	return &Index{x: newData()}
}

// Replace makes docs the whole content of the index, compacting away the
// tombstones of earlier changes. The new index is built off to the side,
// using every core, while searches carry on against the old one. A repeated
// id keeps its last document. If any document is invalid (no id, or a point
// that is not a valid position) it returns an EINVALID error and changes
// nothing. A change applied while Replace builds is lost when it swaps in:
// callers replay the changes made since the snapshot they built from.
func (ix *Index) Replace(docs []Doc) error {
	return ix.replace(seqOf(docs), len(docs))
}

// seqOf yields docs without error.
func seqOf(docs []Doc) iter.Seq2[Doc, error] {
	return func(yield func(Doc, error) bool) {
		for _, d := range docs {
			if !yield(d, nil) {
				return
			}
		}
	}
}

// ReplaceSeq is Replace for documents read one at a time, so that the
// whole directory never has to be in memory as Docs at once (the store can
// yield them as it reads its rows). If docs yields an error, ReplaceSeq
// stops, changes nothing and returns that error.
func (ix *Index) ReplaceSeq(docs iter.Seq2[Doc, error]) error {
	return ix.replace(docs, 0)
}

func (ix *Index) replace(docs iter.Seq2[Doc, error], hint int) error {
	x, err := build(docs, defaultWorkers(), hint)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	ix.x = x
	ix.mu.Unlock()
	return nil
}

// Upsert adds d, or replaces the document with d's id. It returns an
// EINVALID error, and changes nothing, if d is invalid.
func (ix *Index) Upsert(d Doc) error {
	if err := validate(&d); err != nil {
		return err
	}
	var dt docTerms
	v := newVocab()
	dt.analyse(v, &d)
	a := analysed{ptfs: make([]uint16, len(dt.list)), flen: dt.flen}
	for i := range dt.list {
		a.ptfs[i] = packTF(&dt.tf[i])
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, id := range dt.list {
		a.terms = append(a.terms, ix.x.postingOf(v.terms[id]))
	}
	ix.x.remove(d.ID)
	ix.x.appendDoc(&d, &a)
	return nil
}

// SetNext changes the next start of the document with this id in place,
// reporting whether there is one. As days pass, courses' next sessions move
// on while nothing else about them changes; Upsert would leave a tombstone
// for each, and the index would grow until the next Replace.
func (ix *Index) SetNext(id string, next time.Time) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	x := ix.x
	o, ok := x.byID[id]
	if !ok {
		return false
	}
	x.next[o] = unixNano(next)
	if o < x.ord.ranked {
		if x.ord.moved == nil {
			x.ord.moved = roaring.New()
		}
		x.ord.moved.Add(o)
	}
	return true
}

// Due returns the ids of the documents whose next start is at or before t:
// those whose next session has begun, to move on with SetNext. It reads the
// soonest order from its start, so it costs about the number of documents
// due and moved since the last Replace, not the size of the index.
func (ix *Index) Due(t time.Time) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	x := ix.x
	limit := unixNano(t)
	var out []string
	due := func(o uint32) {
		if n := x.next[o]; n != noStart && n <= limit && x.live.Contains(o) {
			out = append(out, x.ids[o])
		}
	}
	moved := x.ord.moved
	for _, o := range x.ord.bySoon {
		if moved != nil && moved.Contains(o) {
			continue // checked below, by its new start
		}
		if x.next[o] > limit {
			break // the rest of the order starts later still
		}
		due(o)
	}
	if moved != nil {
		moved.Iterate(func(o uint32) bool { due(o); return true })
	}
	for o := x.ord.ranked; o < x.n; o++ {
		due(o)
	}
	return out
}

// Remove removes the document with this id, reporting whether there was one.
func (ix *Index) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.x.remove(id)
}

// Len returns the number of documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.x.byID)
}

// Stats describes the index's size.
type Stats struct {
	Docs       int // documents
	Tombstones int // ordinals of removed or replaced documents, until the next Replace
	Terms      int // distinct terms
	Postings   int // (term, ordinal) pairs, tombstones included
	Points     int // venue points, tombstones included
}

// Stats returns the index's size.
func (ix *Index) Stats() Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	x := ix.x
	s := Stats{Docs: len(x.byID), Tombstones: int(x.n) - len(x.byID), Terms: len(x.terms), Points: len(x.pts)}
	for _, p := range x.terms {
		s.Postings += len(p.tf)
	}
	return s
}
