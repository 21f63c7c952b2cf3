package importer

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"learnwell"
	"learnwell/internal/directory"
)

// ORUKOptions configure an Open Referral UK or HSDS import.
type ORUKOptions struct {
	Options
	// Concurrency is how many /services/{id} requests run at once (default 4).
	Concurrency int
	// Timeout is the time one request may take (default 30s).
	Timeout time.Duration
	// Retries is how many times a request that failed in a way that may pass
	// (a timeout, 429, a 5xx) is tried again (default 3).
	Retries int
	// Backoff is the wait before the first retry, doubled for each next
	// (default 1s).
	Backoff time.Duration
	// PerPage is the page size asked of the feed (default 100).
	PerPage int
	// MaxPages caps the pages read, against feeds whose paging never ends
	// (default 10,000).
	MaxPages int
	// ModifiedAfter, when set, asks the feed only for services changed
	// since (its modified_after parameter): an incremental import.
	ModifiedAfter time.Time
}

func (o *ORUKOptions) defaults() error {
	if err := o.Options.defaults(); err != nil {
		return err
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Retries < 0 {
		o.Retries = 0
	} else if o.Retries == 0 {
		o.Retries = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.PerPage <= 0 {
		o.PerPage = 100
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 10_000
	}
	return nil
}

// IsURL reports whether an import source is a web address rather than a file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// FeedBase returns the base URL of a feed given its base or its /services
// address: "https://x.example/oruk/services?page=2" gives
// "https://x.example/oruk".
func FeedBase(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", learnwell.Errorf(learnwell.EINVALID, "%q is not a feed address like https://example.org/oruk", s)
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	path := strings.TrimRight(u.Path, "/")
	path = strings.TrimSuffix(path, "/services")
	u.Path = strings.TrimRight(path, "/")
	return u.String(), nil
}

// ImportORUK imports an Open Referral UK 3.0 or HSDS 3.0 feed (src is its
// base URL, or its /services URL) or a JSON file of services (src is its
// path). It always returns a report; the error is for an import that could
// not start (a bad option, a file that is not JSON, a database that cannot
// be used).
func ImportORUK(ctx context.Context, src string, opts ORUKOptions) (*Report, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	report := &Report{Noun: "services"}
	m := &orukMapper{locate: opts.Locator, defaultSubject: opts.DefaultSubject, today: directory.Today(opts.Clock)}
	var (
		base string
		recs []record
	)
	if IsURL(src) {
		var err error
		if base, err = FeedBase(src); err != nil {
			return nil, err
		}
		m.system, m.site = base, strings.TrimSuffix(base, "/oruk")
	} else {
		if !opts.ModifiedAfter.IsZero() {
			return nil, learnwell.Errorf(learnwell.EINVALID, "--modified-after is for feeds read from a URL, not files")
		}
		data, err := os.ReadFile(src)
		if err != nil {
			msg := err.Error()
			if u := errors.Unwrap(err); u != nil {
				msg = u.Error()
			}
			return nil, learnwell.Wrap(err, learnwell.EINVALID, "The file "+src+" cannot be read: "+msg+".")
		}
		if recs, err = parseFile(data); err != nil {
			return nil, err
		}
		m.system = filepath.Base(src)
		opts.Concurrency = 1
	}
	if opts.Source != "" {
		m.system = opts.Source
	}
	report.Source = m.system
	w, err := newWriter(ctx, opts.Options, report)
	if err != nil {
		return nil, err
	}
	var list func(ctx context.Context, emit func(item) bool) error
	if base != "" {
		f := newFetcher(opts.Timeout, opts.Retries, opts.Backoff)
		m.lookup = feedLookup{f: f, base: base}
		first, _ := url.Parse(base + "/services")
		q := first.Query()
		q.Set("page", "1")
		q.Set("per_page", strconv.Itoa(opts.PerPage))
		if !opts.ModifiedAfter.IsZero() {
			q.Set("modified_after", opts.ModifiedAfter.UTC().Format(time.RFC3339))
		}
		first.RawQuery = q.Encode()
		pg := newPager(f, first.String(), opts.MaxPages)
		list = func(ctx context.Context, emit func(item) bool) error {
			n := 0
			for {
				ids, done, err := pg.page(ctx)
				if pg.total > 0 {
					w.progress.SetTotal(pg.total)
				}
				for _, id := range ids {
					n++
					it := item{n: n, ref: id}
					if id == "" {
						it.err = learnwell.Errorf(learnwell.EINVALID, "The feed lists a service with no id, so it cannot be read.")
					} else {
						svcURL := base + "/services/" + url.PathEscape(id)
						it.fetch = func(ctx context.Context) (inService, error) {
							body, err := f.get(ctx, svcURL)
							if err != nil {
								return inService{}, err
							}
							return decodeService(record{raw: body})
						}
					}
					if !emit(it) {
						return nil
					}
				}
				if err != nil || done {
					return err
				}
			}
		}
	} else {
		w.progress.SetTotal(len(recs))
		list = func(ctx context.Context, emit func(item) bool) error {
			for _, r := range recs {
				it := item{n: r.n, ref: r.id, fetch: func(context.Context) (inService, error) { return decodeService(r) }}
				if !emit(it) {
					return nil
				}
			}
			return nil
		}
	}
	run(ctx, opts.Concurrency, list, func(ctx context.Context, it item, s inService, err error) {
		where := "record " + strconv.Itoa(it.n)
		if it.ref != "" {
			where += " (service " + it.ref + ")"
		}
		if err == nil {
			m.tax, m.imported = w.tax, w.imported
			var l *listing
			if l, err = m.service(ctx, s, where); err == nil {
				w.write(ctx, l)
				return
			}
		}
		w.report.reject(where, err)
		w.progress.Step(w.report)
	}, report)
	w.progress.Finish()
	return report, nil
}

// item is one record to fetch and import.
type item struct {
	n     int
	ref   string
	fetch func(context.Context) (inService, error)
	err   error
}

// run fetches items with up to conc at once and hands them to handle one at
// a time, in the order listed, so the import writes in the source's order
// whatever order the fetches finish in. It stops on ctx: the report is then
// marked interrupted. A listing error ends it early, marked failed.
func run(ctx context.Context, conc int, list func(context.Context, func(item) bool) error,
	handle func(context.Context, item, inService, error), report *Report) {
	type result struct {
		it  item
		s   inService
		err error
	}
	window := make(chan struct{}, conc*4) // fetched but not yet written
	jobs := make(chan item)
	results := make(chan result, conc)
	listCtx, stopListing := context.WithCancel(ctx)
	defer stopListing()
	var listErr error
	go func() {
		defer close(jobs)
		listErr = list(listCtx, func(it item) bool {
			select {
			case window <- struct{}{}:
			case <-listCtx.Done():
				return false
			}
			select {
			case jobs <- it:
				return true
			case <-listCtx.Done():
				return false
			}
		})
	}()
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				r := result{it: it, err: it.err}
				if r.err == nil {
					r.s, r.err = it.fetch(listCtx)
				}
				results <- r
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	pending := map[int]result{}
	next := 1
	for r := range results {
		pending[r.it.n] = r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-window
			if ctx.Err() != nil {
				continue // drain: nothing more is written once interrupted
			}
			handle(ctx, p.it, p.s, p.err)
		}
	}
	switch {
	case ctx.Err() != nil:
		report.Interrupted = true
	case listErr != nil:
		report.Failed = learnwell.ErrorMessage(listErr)
	}
}
