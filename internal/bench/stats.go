package bench

import (
	"slices"
	"time"
)

// Latency summarises a set of timings.
type Latency struct {
	N                  int
	P50, P95, P99, Max time.Duration
}

// summarise returns the percentiles of samples (nearest rank), sorting them in
// place.
func summarise(samples []time.Duration) Latency {
	if len(samples) == 0 {
		return Latency{}
	}
	slices.Sort(samples)
	at := func(p float64) time.Duration {
		i := int(p*float64(len(samples))+0.999999) - 1
		return samples[max(0, min(i, len(samples)-1))]
	}
	return Latency{N: len(samples), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: samples[len(samples)-1]}
}

// samples collects timings by kind, keeping the overall set too.
type samples struct {
	kinds []string // in first-seen order
	by    map[string][]time.Duration
	all   []time.Duration
}

func newSamples() *samples { return &samples{by: map[string][]time.Duration{}} }

func (s *samples) add(kind string, d time.Duration) {
	if _, ok := s.by[kind]; !ok {
		s.kinds = append(s.kinds, kind)
	}
	s.by[kind] = append(s.by[kind], d)
	s.all = append(s.all, d)
}

func (s *samples) merge(o *samples) {
	for _, k := range o.kinds {
		for _, d := range o.by[k] {
			s.add(k, d)
		}
	}
}

// kind returns the summary of one kind.
func (s *samples) kind(k string) Latency { return summarise(s.by[k]) }

// overall returns the summary of every sample.
func (s *samples) overall() Latency { return summarise(s.all) }
