package search

import (
	"iter"
	"runtime"
	"sync"
)

// Build pipeline: the caller's goroutine reads documents and validates them
// in batches; workers analyse the batches (the costly part: folding,
// stemming, counting); then, in the documents' order, one goroutine appends
// the postings and another everything else, so that ordinals follow the
// input; last, the result is compacted and ranked. Memory holds the new
// index and the batches in flight, never the whole input.

// buildBatch is how many documents travel together through the pipeline.
const buildBatch = 256

// maxBuildWorkers bounds the analysing goroutines of one build.
const maxBuildWorkers = 8

// batch is a run of documents and, once analysed, their terms.
type batch struct {
	seq      int
	docs     []Doc
	worker   int
	newTerms []string   // terms the worker's vocab met first in this batch
	ids      []int32    // term ids (of the worker's vocab) of every document, in turn
	posts    []*posting // the postings of ids, filled in order
	ptfs     []uint16   // packed frequencies, parallel to ids
	ends     []int      // ids[ends[i-1]:ends[i]] belong to docs[i]
	flens    [][numFields]uint16
}

// build makes a compact generation from docs with up to workers analysing
// goroutines; hint, if known, is how many documents there are. A repeated
// id keeps its last document (the earlier stays as a tombstone). It stops
// at the first error of docs or invalid document (EINVALID) and returns it.
func build(docs iter.Seq2[Doc, error], workers, hint int) (*data, error) {
	workers = max(1, min(workers, maxBuildWorkers))
	in, analysed := make(chan *batch, workers), make(chan *batch, workers)
	var analysing sync.WaitGroup
	for w := range workers {
		analysing.Go(func() { analyseBatches(w, in, analysed) })
	}
	x := newData()
	x.reserve(hint)
	var appending sync.WaitGroup
	appending.Go(func() { x.appendBatches(analysed, workers) })
	err := func() error {
		defer close(in)
		b := &batch{}
		for d, err := range docs {
			if err != nil {
				return err
			}
			if err := validate(&d); err != nil {
				return err
			}
			b.docs = append(b.docs, d)
			if len(b.docs) == buildBatch {
				in <- b
				b = &batch{seq: b.seq + 1}
			}
		}
		if len(b.docs) > 0 {
			in <- b
		}
		return nil
	}()
	analysing.Wait()
	close(analysed)
	appending.Wait()
	if err != nil {
		return nil, err
	}
	x.finish(workers)
	return x, nil
}

// analyseBatches is one worker: it analyses each batch with its own vocab.
func analyseBatches(w int, in <-chan *batch, out chan<- *batch) {
	v := newVocab()
	var dt docTerms
	known := 0
	for b := range in {
		b.worker = w
		for i := range b.docs {
			dt.analyse(v, &b.docs[i])
			b.ids = append(b.ids, dt.list...)
			for j := range dt.list {
				b.ptfs = append(b.ptfs, packTF(&dt.tf[j]))
			}
			b.ends = append(b.ends, len(b.ids))
			b.flens = append(b.flens, dt.flen)
		}
		b.newTerms = v.terms[known:len(v.terms):len(v.terms)]
		known = len(v.terms)
		out <- b
	}
}

// appendBatches puts the analysed batches back in order, finds their
// postings, and hands each to the two appenders.
func (x *data) appendBatches(analysed <-chan *batch, workers int) {
	postings := make([][]*posting, workers) // per worker: term id -> posting
	toPostings, toFields := make(chan *batch, 4), make(chan *batch, 4)
	var wg sync.WaitGroup
	wg.Go(func() {
		for b := range toPostings {
			appendPostings(b)
		}
	})
	wg.Go(func() {
		for b := range toFields {
			x.appendBatchFields(b)
		}
	})
	pending := map[int]*batch{}
	next := 0
	for b := range analysed {
		pending[b.seq] = b
		for b = pending[next]; b != nil; b = pending[next] {
			delete(pending, next)
			next++
			for _, term := range b.newTerms {
				postings[b.worker] = append(postings[b.worker], x.postingOf(term))
			}
			b.posts = make([]*posting, len(b.ids))
			for i, id := range b.ids {
				b.posts[i] = postings[b.worker][id]
			}
			toPostings <- b
			toFields <- b
		}
	}
	close(toPostings)
	close(toFields)
	wg.Wait()
}

// appendPostings adds a batch's documents to their terms' postings. The
// ordinal of a document is its place in the input.
func appendPostings(b *batch) {
	start := 0
	for i, end := range b.ends {
		o := uint32(b.seq*buildBatch + i)
		for j := start; j < end; j++ {
			p := b.posts[j]
			p.bm.Add(o)
			p.tf = append(p.tf, b.ptfs[j])
		}
		start = end
	}
}

// appendBatchFields records everything else of a batch's documents,
// tombstoning the earlier ordinal of a repeated id.
func (x *data) appendBatchFields(b *batch) {
	for i := range b.docs {
		d := &b.docs[i]
		o := uint32(b.seq*buildBatch + i)
		if old, ok := x.byID[d.ID]; ok {
			x.dead = append(x.dead, old)
			for f, l := range x.flen[old] {
				x.lenSum[f] -= uint64(l)
			}
		}
		x.appendFields(d, o, b.flens[i])
		x.n = o + 1
	}
}

// finish completes a new generation: live ordinals, each term's groups,
// its frequencies moved into one array, bitmaps run-length optimised and
// the orders ranked, using the workers' goroutines.
func (x *data) finish(workers int) {
	x.live.AddRange(0, uint64(x.n))
	for _, o := range x.dead {
		x.live.Remove(o)
	}
	x.dead = nil
	ps := make([]*posting, 0, len(x.terms))
	total := 0
	for _, p := range x.terms {
		ps = append(ps, p)
		total += tfRoom(len(p.tf))
	}
	arena := make([]uint16, total)
	for _, p := range ps {
		n, c := copy(arena, p.tf), tfRoom(len(p.tf))
		p.tf, arena = arena[:n:c], arena[c:]
	}
	var wg sync.WaitGroup
	wg.Go(x.buildOrders)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(ps); i += workers {
				ps[i].bm.RunOptimize()
				ps[i].makeGroups()
			}
		})
	}
	x.pts, x.vecs, x.flen = clip(x.pts), clip(x.vecs), clip(x.flen)
	for _, bms := range x.values {
		for _, bm := range bms {
			bm.RunOptimize()
		}
	}
	wg.Wait()
}

// tfRoom is the capacity a term with n postings gets in the frequency
// array: a little headroom, so that the changes after a build append in
// place instead of copying a common term's frequencies under the lock.
func tfRoom(n int) int { return n + min(max(8, n/32), 4096) }

// reserve makes room for n documents and the changes after them.
func (x *data) reserve(n int) {
	c := room(n)
	x.ids, x.titles = make([]string, 0, c), make([]string, 0, c)
	x.next, x.flen = make([]int64, 0, c), make([][numFields]uint16, 0, c)
	x.ptOff = append(make([]uint32, 0, c+1), 0)
	x.byID = make(map[string]uint32, n)
}

// room is the capacity for n items and the changes after a build.
func room(n int) int { return n + max(64, n/32) }

// clip returns s in an array with only room's headroom, so a build wastes
// little capacity yet the first changes after it do not copy s.
func clip[T any](s []T) []T {
	return append(make([]T, 0, room(len(s))), s...)
}

// defaultWorkers is how many goroutines a build analyses with.
func defaultWorkers() int { return runtime.GOMAXPROCS(0) }
