package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"learnwell/internal/finder"
	"learnwell/internal/store"
	"learnwell/internal/web"
)

// HTTPResult is the timing of finder pages served over a loopback listener
// by the real web handler, with the load generated in the same process.
type HTTPResult struct {
	Concurrency int
	Duration    time.Duration // measured
	Pages       int           // responses with status 200
	Errors      int           // other statuses and failed requests
	FirstError  string
	Latency     Latency
	Kinds       map[string]Latency
	PagesPerSec float64
	PageBytes   int64 // average size of a page
	// CPUPerPage is this process's CPU time (server and clients) over the
	// run divided by the pages: what a page costs whatever the wall clock
	// says on a shared machine. A PostgreSQL server's work is not in it.
	CPUPerPage time.Duration
}

// overHTTP serves the finder on 127.0.0.1 and requests its pages with the
// query mix from o.Concurrency workers until o.Duration has passed.
func overHTTP(ctx context.Context, db *store.DB, f *finder.Service, o Options, qs []query) (HTTPResult, error) {
	res := HTTPResult{Concurrency: o.Concurrency, Kinds: map[string]Latency{}}
	root, stopServing, err := serveApp(ctx, db, f, o)
	if err != nil {
		return res, err
	}
	defer stopServing()

	transport := &http.Transport{
		Proxy:               nil, // loopback only, whatever the environment says
		MaxIdleConns:        o.Concurrency * 2,
		MaxIdleConnsPerHost: o.Concurrency * 2,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	base := root + "/courses?"
	urls := make([]string, len(qs))
	for i, q := range qs {
		urls[i] = base + q.Values.Encode()
	}

	// One pass first: it warms up and catches a broken page before the run.
	for _, u := range urls {
		if _, code, err := get(ctx, client, u); err != nil || code != http.StatusOK {
			return res, fmt.Errorf("GET %s: status %d, %v", u, code, err)
		}
	}

	var next atomic.Int64
	var bytes atomic.Int64
	var mu sync.Mutex
	all := newSamples()
	deadline := time.Now().Add(o.Duration)
	var wg sync.WaitGroup
	start, cpu0 := time.Now(), processCPU()
	for range o.Concurrency {
		wg.Go(func() {
			mine := newSamples()
			var errs int
			var firstErr string
			for ctx.Err() == nil && time.Now().Before(deadline) {
				i := int(next.Add(1)-1) % len(urls)
				t0 := time.Now()
				n, code, err := get(ctx, client, urls[i])
				d := time.Since(t0)
				if err != nil || code != http.StatusOK {
					errs++
					if firstErr == "" {
						firstErr = fmt.Sprintf("GET %s: status %d, %v", urls[i], code, err)
					}
					continue
				}
				bytes.Add(n)
				mine.add(qs[i].Kind, d)
			}
			mu.Lock()
			defer mu.Unlock()
			all.merge(mine)
			res.Errors += errs
			if res.FirstError == "" {
				res.FirstError = firstErr
			}
		})
	}
	wg.Wait()
	res.Duration = time.Since(start)
	cpu := time.Duration(processCPU() - cpu0)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	res.Pages = len(all.all)
	for _, k := range all.kinds {
		res.Kinds[k] = all.kind(k)
	}
	res.Latency = all.overall()
	res.PagesPerSec = float64(res.Pages) / res.Duration.Seconds()
	if res.Pages > 0 {
		res.PageBytes = bytes.Load() / int64(res.Pages)
		if cpu0 > 0 {
			res.CPUPerPage = cpu / time.Duration(res.Pages)
		}
	}
	return res, nil
}

// get requests a page and reads it whole, returning its size and status.
func get(ctx context.Context, c *http.Client, u string) (int64, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil && !errors.Is(err, io.EOF) {
		return n, resp.StatusCode, err
	}
	return n, resp.StatusCode, nil
}

// serveApp serves the web application on a loopback port of its own and
// returns its root URL and a function that shuts it down.
func serveApp(ctx context.Context, db *store.DB, f *finder.Service, o Options) (string, func(), error) {
	app, err := web.New(ctx, web.Options{DB: db, Config: o.Config, Logger: quietLogger(o.Progress), Finder: f})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: app, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	stop := func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		<-served
	}
	return "http://" + ln.Addr().String(), stop, nil
}
