package importer

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"learnwell"
)

// fetcher reads a feed over HTTP: one request at a time per caller, each
// with its own timeout, retried when the failure may pass (a timeout, a
// dropped connection, 429 or a 5xx), and never following a redirect loop.
type fetcher struct {
	client  *http.Client
	timeout time.Duration // per request
	retries int           // after the first try
	backoff time.Duration // before the first retry; doubled each time
	maxBody int64
	sleep   func(context.Context, time.Duration) error

	mu    sync.Mutex
	cache map[string]*cached // terms, taxonomies and organisations by URL
}

type cached struct {
	once sync.Once
	body []byte
	err  error
}

// maxRedirects is how many redirects one request may follow.
const maxRedirects = 5

func newFetcher(timeout time.Duration, retries int, backoff time.Duration) *fetcher {
	f := &fetcher{timeout: timeout, retries: retries, backoff: backoff, maxBody: 64 << 20, cache: map[string]*cached{},
		sleep: func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}}
	f.client = &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		for _, v := range via {
			if v.URL.String() == req.URL.String() {
				return errRedirectLoop
			}
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("more than %d redirects", maxRedirects)
		}
		return nil
	}}
	return f
}

var errRedirectLoop = errors.New("the redirects go round in a loop")

// fetchError is a failed request, with whether trying again may help.
type fetchError struct {
	url       string
	msg       string
	transient bool
	after     time.Duration // Retry-After, when the server said
}

func (e *fetchError) Error() string { return e.msg }

// get returns the body of a 200 response to GET u, trying again after
// transient failures. Errors are *learnwell.Error (EUNAVAILABLE) saying what
// went wrong, for the report.
func (f *fetcher) get(ctx context.Context, u string) ([]byte, error) {
	var last *fetchError
	for try := 0; try <= f.retries; try++ {
		if try > 0 {
			wait := f.backoff << (try - 1)
			wait += time.Duration(rand.Int64N(int64(wait)/4 + 1)) // jitter
			if last.after > wait {
				wait = min(last.after, 30*time.Second)
			}
			if err := f.sleep(ctx, wait); err != nil {
				return nil, err
			}
		}
		body, err := f.once(ctx, u)
		if err == nil {
			return body, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !errors.As(err, &last) || !last.transient {
			return nil, learnwell.Wrap(err, learnwell.EUNAVAILABLE, describeFetch(u, err, try+1))
		}
	}
	return nil, learnwell.Wrap(last, learnwell.EUNAVAILABLE, describeFetch(u, last, f.retries+1))
}

func describeFetch(u string, err error, tries int) string {
	s := "GET " + redact(u) + ": " + err.Error()
	if tries > 1 {
		s += fmt.Sprintf(" (after %d tries)", tries)
	}
	return s
}

// redact drops anything secret-looking from a URL shown in a report: its
// user information.
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.User = nil
	return p.String()
}

func (f *fetcher) once(ctx context.Context, u string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, &fetchError{url: u, msg: "not a URL learnwell can read"}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "learnwell-import/"+learnwell.Version)
	resp, err := f.client.Do(req)
	if err != nil {
		var ne net.Error
		switch {
		case errors.Is(err, errRedirectLoop):
			return nil, &fetchError{url: u, msg: "the redirects go round in a loop"}
		case strings.Contains(err.Error(), "redirects"):
			return nil, &fetchError{url: u, msg: fmt.Sprintf("more than %d redirects", maxRedirects)}
		case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
			return nil, &fetchError{url: u, msg: fmt.Sprintf("no answer within %s", f.timeout), transient: true}
		}
		return nil, &fetchError{url: u, msg: "the request failed: " + err.Error(), transient: true}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		e := &fetchError{url: u, msg: "the server answered " + resp.Status}
		switch resp.StatusCode {
		case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			e.transient = true
			if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
				e.after = time.Duration(secs) * time.Second
			}
		}
		return nil, e
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBody+1))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, &fetchError{url: u, msg: fmt.Sprintf("the answer did not arrive within %s", f.timeout), transient: true}
		}
		return nil, &fetchError{url: u, msg: "the answer was cut off: " + err.Error(), transient: true}
	}
	if int64(len(body)) > f.maxBody {
		return nil, &fetchError{url: u, msg: fmt.Sprintf("the answer is larger than %d MiB", f.maxBody>>20)}
	}
	return body, nil
}

// getCached is get for things several services share, fetched once.
func (f *fetcher) getCached(ctx context.Context, u string) ([]byte, error) {
	f.mu.Lock()
	c, ok := f.cache[u]
	if !ok {
		c = &cached{}
		f.cache[u] = c
	}
	f.mu.Unlock()
	c.once.Do(func() { c.body, c.err = f.get(ctx, u) })
	return c.body, c.err
}

// feedLookup reads terms, taxonomies and organisations from a feed.
type feedLookup struct {
	f    *fetcher
	base string
}

func (l feedLookup) item(ctx context.Context, kind, id string, v any) error {
	body, err := l.f.getCached(ctx, l.base+"/"+kind+"/"+url.PathEscape(id))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return learnwell.Errorf(learnwell.EINVALID, "the feed's %s %s is not valid JSON", kind, id)
	}
	return nil
}

func (l feedLookup) term(ctx context.Context, id string) (*inTerm, error) {
	var t inTerm
	return &t, l.item(ctx, "taxonomy_terms", id, &t)
}

func (l feedLookup) taxonomy(ctx context.Context, id string) (*inTaxonomy, error) {
	var t inTaxonomy
	return &t, l.item(ctx, "taxonomies", id, &t)
}

func (l feedLookup) organization(ctx context.Context, id string) (*inOrganization, error) {
	var o inOrganization
	return &o, l.item(ctx, "organizations", id, &o)
}

// pager walks a feed's /services pages, guarding against feeds whose paging
// never ends: a page seen before (by URL, or by the same services in the
// same order), more pages than the feed's own total_pages or the cap, and
// more services than its total_items.
type pager struct {
	f        *fetcher
	next     string
	number   int
	maxPages int
	visited  map[string]bool
	seen     map[[32]byte]int // page contents -> page number
	total    int              // total_items of the first page (0: not said)
	pages    int              // total_pages of the first page (0: not said)
	items    int
	done     bool
}

func newPager(f *fetcher, first string, maxPages int) *pager {
	return &pager{f: f, next: first, number: 1, maxPages: maxPages, visited: map[string]bool{}, seen: map[[32]byte]int{}}
}

// page returns the service ids of the next page, or done when there are no
// more.
func (p *pager) page(ctx context.Context) (ids []string, done bool, err error) {
	if p.done {
		return nil, true, nil
	}
	if p.number > p.maxPages {
		return nil, true, learnwell.Errorf(learnwell.EUNAVAILABLE, "The feed still had pages after %d: it was stopped there (raise --max-pages if it is really that big).", p.maxPages)
	}
	u := p.next
	if p.visited[u] {
		return nil, true, learnwell.Errorf(learnwell.EUNAVAILABLE, "The feed's paging goes round in a loop: page %d is %s again.", p.number, redact(u))
	}
	p.visited[u] = true
	body, err := p.f.get(ctx, u)
	if err != nil {
		return nil, true, err
	}
	var pg inPage
	if err := json.Unmarshal(body, &pg); err != nil || pg.Contents == nil {
		return nil, true, learnwell.Errorf(learnwell.EUNAVAILABLE, "Page %d of the feed (%s) is not a page of services: it has no contents.", p.number, redact(u))
	}
	h := sha256.New()
	for _, raw := range *pg.Contents {
		id := peekID(raw)
		ids = append(ids, id)
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	if len(ids) > 0 {
		if prev, ok := p.seen[sum]; ok {
			return nil, true, learnwell.Errorf(learnwell.EUNAVAILABLE, "The feed's paging goes round in a loop: page %d repeats page %d.", p.number, prev)
		}
		p.seen[sum] = p.number
	}
	if p.number == 1 {
		if pg.TotalItems != nil && pg.TotalItems.v > 0 {
			p.total = int(pg.TotalItems.v)
		}
		if pg.TotalPages != nil && pg.TotalPages.v > 0 {
			p.pages = int(pg.TotalPages.v)
		}
	}
	p.items += len(ids)
	// A feed that changes while it is read may give a few more than it said.
	if p.total > 0 && p.items > p.total+100 {
		return nil, true, learnwell.Errorf(learnwell.EUNAVAILABLE, "The feed gave more services (%d) than its total_items (%d) and was stopped there.", p.items, p.total)
	}
	last := len(ids) == 0 || pg.LastPage != nil && *pg.LastPage || p.pages > 0 && p.number >= p.pages
	switch next := pg.Next.String(); {
	case next != "":
		ref, err := url.Parse(next)
		base, _ := url.Parse(u)
		if err != nil || base == nil {
			return ids, true, learnwell.Errorf(learnwell.EUNAVAILABLE, "Page %d of the feed gives a next page that is not a URL.", p.number)
		}
		p.next = base.ResolveReference(ref).String()
		last = len(ids) == 0
	case !last:
		p.next = withPage(u, p.number+1)
	}
	p.number++
	p.done = last
	return ids, last, nil
}

// withPage returns u with its page parameter set to n.
func withPage(u string, n int) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := p.Query()
	q.Set("page", strconv.Itoa(n))
	p.RawQuery = q.Encode()
	return p.String()
}
