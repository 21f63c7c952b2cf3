package bench

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"learnwell/internal/finder"
)

// InProcess is the timing of the query mix run one search at a time, in the
// process: through the bare index, and through the finder (the index and the
// page's results made from the finder's cards: what a finder page needs).
type InProcess struct {
	Kinds  []KindLatency
	Index  Latency
	Finder Latency
	// IndexCPU is the CPU time of the searching thread for the bare index
	// (Linux only), which other work on a shared machine does not inflate.
	IndexCPU Latency
	// FinderCPU is the same for the finder: it counts the store's driver
	// work in this process, but not a PostgreSQL server's.
	FinderCPU    Latency
	IndexPerSec  float64 // searches a second, one at a time
	FinderPerSec float64
}

// KindLatency is the timing of one kind of query.
type KindLatency struct {
	Kind    string
	Queries int
	Matches [2]int // fewest and most matches of its queries
	Index   Latency
	Finder  Latency
}

// parsed is a query of the mix ready for the finder.
type parsed struct {
	query
	fq finder.Query
}

// parseMix parses the mix as the finder page does.
func parseMix(f *finder.Service, now time.Time, qs []query) ([]parsed, error) {
	out := make([]parsed, len(qs))
	for i, q := range qs {
		fq, err := finder.ParseQuery(q.Values, f.Taxonomies(), now)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", q.Values.Encode(), err)
		}
		out[i] = parsed{q, fq}
	}
	return out, nil
}

// inProcess times n searches round robin over the mix through the bare
// index, then n through the finder, after one warm-up pass of each.
func inProcess(ctx context.Context, f *finder.Service, qs []query, n int) (InProcess, error) {
	var res InProcess
	ps, err := parseMix(f, time.Now(), qs)
	if err != nil {
		return res, err
	}
	ix := f.Index()
	matches := map[string][2]int{}
	for _, p := range ps { // warm up, and count matches
		r, err := ix.Search(p.fq.Search)
		if err != nil {
			return res, err
		}
		m, ok := matches[p.Kind]
		if !ok {
			m = [2]int{r.Total, r.Total}
		}
		matches[p.Kind] = [2]int{min(m[0], r.Total), max(m[1], r.Total)}
		if _, err := f.Search(ctx, p.fq); err != nil {
			return res, err
		}
	}

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	index, finderS := newSamples(), newSamples()
	cpu, cpuF := make([]time.Duration, 0, n), make([]time.Duration, 0, n)
	start := time.Now()
	for i := range n {
		p := ps[i%len(ps)]
		t0, c0 := time.Now(), threadCPU()
		if _, err := ix.Search(p.fq.Search); err != nil {
			return res, err
		}
		c1 := threadCPU()
		index.add(p.Kind, time.Since(t0))
		cpu = append(cpu, time.Duration(c1-c0))
	}
	indexElapsed := time.Since(start)

	start = time.Now()
	for i := range n {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		p := ps[i%len(ps)]
		t0, c0 := time.Now(), threadCPU()
		if _, err := f.Search(ctx, p.fq); err != nil {
			return res, err
		}
		c1 := threadCPU()
		finderS.add(p.Kind, time.Since(t0))
		cpuF = append(cpuF, time.Duration(c1-c0))
	}
	finderElapsed := time.Since(start)

	for _, k := range kindsOf(qs) {
		count := 0
		for _, q := range qs {
			if q.Kind == k {
				count++
			}
		}
		res.Kinds = append(res.Kinds, KindLatency{Kind: k, Queries: count, Matches: matches[k], Index: index.kind(k), Finder: finderS.kind(k)})
	}
	res.Index, res.Finder = index.overall(), finderS.overall()
	if threadCPU() > 0 {
		res.IndexCPU, res.FinderCPU = summarise(cpu), summarise(cpuF)
	}
	res.IndexPerSec = float64(n) / indexElapsed.Seconds()
	res.FinderPerSec = float64(n) / finderElapsed.Seconds()
	return res, nil
}
