package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"time"

	"learnwell/internal/config"
	"learnwell/internal/finder"
	"learnwell/internal/store"
	"learnwell/internal/web"
)

// `learnwell bench oruk` measures the Open Referral feed as a reader that
// takes the whole directory sees it: it loads the demo at each size into a
// throwaway database of each engine, serves the real web handler on a
// loopback listener, walks /oruk/services?per_page=500 from the first page to
// the last, one page at a time, and watches the process's memory as it goes;
// then it times single services and a search by place.

// ORUKOptions say what `learnwell bench oruk` measures.
type ORUKOptions struct {
	Sizes       []int
	Engines     []string
	PostgresURL string
	Seed        int64
	Config      *config.Config // for the web handler
	Progress    io.Writer
	PerPage     int // the walk's page size; 0 is 500
	Repeats     int // how many times each single request is timed; 0 is 50
}

// ORUKReport is everything one `bench oruk` run measured.
type ORUKReport struct {
	Machine Machine
	Options ORUKOptions
	Runs    []ORUKRun
	Notes   []string
}

// ORUKRun is one engine at one size.
type ORUKRun struct {
	Engine string
	Size   int
	Load   time.Duration
	Walk   ORUKWalk
	// Service is GET /oruk/services/{id} for ids spread over the directory.
	Service Latency
	// Near is GET /oruk/service_at_locations?postcode=N7&proximity=5000,
	// which lists NearItems venues.
	Near      Latency
	NearItems int
}

// ORUKWalk is one walk of /oruk/services?per_page=N from page 1 to the last.
type ORUKWalk struct {
	PerPage     int
	Pages       int
	Items       int // services read, which equals TotalItems when the walk is whole
	TotalItems  int // as page 1 says
	Duration    time.Duration
	PagesPerSec float64
	Page        Latency // per page, over HTTP, read whole
	PageBytes   int64   // average size of a page
	// Memory, in bytes: the RSS before the walk (after the index was built
	// and garbage collected) and the peak RSS during it; and the live Go
	// heap (after a collection) before the walk, after its first page,
	// halfway and after its last page, which stays flat when a page holds
	// nothing once it is served. Between collections the heap grows to
	// about twice the live heap (GOGC=100), which is most of the peak.
	RSSBefore, PeakRSS                        int64
	LiveBefore, LiveFirst, LiveHalf, LiveLast uint64
	MaxHeapInuse                              uint64 // the most heap in use after any page, garbage included
}

// liveHeap collects garbage and returns the heap still in use.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// MeasureORUK measures every engine at every size. A PostgreSQL server that
// cannot be reached is skipped with a note.
func MeasureORUK(ctx context.Context, o ORUKOptions) (*ORUKReport, error) {
	if o.PerPage <= 0 {
		o.PerPage = 500
	}
	if o.Repeats <= 0 {
		o.Repeats = 50
	}
	rep := &ORUKReport{Machine: machine(), Options: o}
	var err error
	rep.Runs, rep.Notes, err = eachRun(ctx, o.Engines, o.Sizes, o.PostgresURL, Options{Progress: o.Progress}, func(engine string, size int) (ORUKRun, error) {
		return measureORUKOne(ctx, o, engine, size)
	})
	return rep, err
}

func measureORUKOne(ctx context.Context, o ORUKOptions, engine string, size int) (r ORUKRun, err error) {
	r = ORUKRun{Engine: engine, Size: size}
	po := Options{Progress: o.Progress, Seed: o.Seed}
	freeMemory()
	tmp, err := newTempDB(ctx, engine, o.PostgresURL)
	if err != nil {
		return r, err
	}
	defer func() {
		if err := tmp.drop(context.WithoutCancel(ctx)); err != nil {
			po.progress("could not remove the throwaway %s database: %v", engine, err)
		}
	}()
	db, err := store.Open(ctx, tmp.url, store.Options{Logger: quietLogger(o.Progress)})
	if err != nil {
		return r, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return r, err
	}
	run := Run{Engine: engine, Size: size}
	if err := load(ctx, po, db, &run); err != nil {
		return r, err
	}
	r.Load = run.Load
	if engine == store.Postgres {
		// A production server's autovacuum keeps the visibility map that
		// lets PostgreSQL count and skip through an index alone; this
		// schema was filled a moment ago (and the test server runs
		// without autovacuum), so vacuum it as autovacuum would.
		if _, err := db.SQL().ExecContext(ctx, "VACUUM (ANALYZE) organisations, locations, courses, runs, course_terms"); err != nil {
			return r, err
		}
	}
	po.progress("%s: loaded in %s; building the index", engine, r.Load.Round(time.Millisecond))
	f := finder.New(db, finder.Options{Logger: quietLogger(o.Progress)})
	if err := f.Build(ctx); err != nil {
		return r, err
	}
	app, err := web.New(ctx, web.Options{DB: db, Config: o.Config, Logger: quietLogger(o.Progress), Finder: f})
	if err != nil {
		return r, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return r, err
	}
	srv := &http.Server{Handler: app, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		<-served
	}()
	transport := &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 4, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 5 * time.Minute}
	base := "http://" + ln.Addr().String()

	po.progress("%s: walking /oruk/services?per_page=%d", engine, o.PerPage)
	var ids []string
	if r.Walk, ids, err = walkServices(ctx, client, base, o.PerPage, o.Repeats); err != nil {
		return r, err
	}
	po.progress("%s: walked %d pages in %s; timing single services and a search by place", engine, r.Walk.Pages, r.Walk.Duration.Round(time.Millisecond))
	var targets []string
	for _, id := range ids {
		targets = append(targets, base+"/oruk/services/"+id)
	}
	if r.Service, err = timeGets(ctx, client, targets); err != nil {
		return r, err
	}
	near := base + "/oruk/service_at_locations?" + url.Values{"postcode": {"N7"}, "proximity": {"5000"}}.Encode()
	if r.Near, err = timeGets(ctx, client, slices.Repeat([]string{near}, o.Repeats)); err != nil {
		return r, err
	}
	var pg orukPage
	if _, err := getJSON(ctx, client, near, &pg); err != nil {
		return r, err
	}
	r.NearItems = pg.TotalItems
	return r, nil
}

// orukPage is the part of a page the bench reads.
type orukPage struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	LastPage   bool `json:"last_page"`
	Contents   []struct {
		ID string `json:"id"`
	} `json:"contents"`
}

// walkServices reads every page of /oruk/services, in order, and checks the
// walk is whole: every service once, in order of id. It returns about
// samples ids spread over the directory. It keeps no more than that, so
// that the memory it measures is the server's.
func walkServices(ctx context.Context, c *http.Client, base string, perPage, samples int) (ORUKWalk, []string, error) {
	w := ORUKWalk{PerPage: perPage}
	freeMemory()
	w.RSSBefore, w.LiveBefore = currentRSS(), liveHeap()
	resetPeakRSS()
	var times []time.Duration
	var sample []string
	var bytes int64
	prev, ordered, every := "", true, 1
	start := time.Now()
	for page := 1; ; page++ {
		t0 := time.Now()
		var p orukPage
		n, err := getJSON(ctx, c, fmt.Sprintf("%s/oruk/services?per_page=%d&page=%d", base, perPage, page), &p)
		if err != nil {
			return w, nil, err
		}
		times = append(times, time.Since(t0))
		bytes += n
		if page == 1 {
			w.TotalItems = p.TotalItems
			every = max(1, p.TotalItems/max(samples, 1))
		}
		for _, it := range p.Contents {
			ordered = ordered && it.ID > prev // strictly: so each once, too
			prev = it.ID
			if w.Items%every == 0 && len(sample) < samples {
				sample = append(sample, it.ID)
			}
			w.Items++
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		w.MaxHeapInuse = max(w.MaxHeapInuse, m.HeapInuse)
		last := p.LastPage || len(p.Contents) == 0
		switch {
		case last:
			w.LiveLast = liveHeap()
		case page == 1:
			w.LiveFirst = liveHeap()
		case page == (p.TotalPages+1)/2:
			w.LiveHalf = liveHeap()
		}
		if last {
			w.Pages = page
			break
		}
	}
	w.Duration = time.Since(start)
	w.PeakRSS = peakRSS()
	w.Page = summarise(times)
	w.PagesPerSec = float64(w.Pages) / w.Duration.Seconds()
	if w.Pages > 0 {
		w.PageBytes = bytes / int64(w.Pages)
	}
	if w.Items != w.TotalItems || !ordered {
		return w, nil, fmt.Errorf("the walk is not whole: %d services of %d, in order of id: %v", w.Items, w.TotalItems, ordered)
	}
	return w, sample, nil
}

// timeGets requests each URL in turn, after one warm-up, and times them.
func timeGets(ctx context.Context, c *http.Client, urls []string) (Latency, error) {
	if len(urls) == 0 {
		return Latency{}, nil
	}
	if _, code, err := get(ctx, c, urls[0]); err != nil || code != http.StatusOK {
		return Latency{}, fmt.Errorf("GET %s: status %d, %v", urls[0], code, err)
	}
	times := make([]time.Duration, 0, len(urls))
	for _, u := range urls {
		t0 := time.Now()
		if _, code, err := get(ctx, c, u); err != nil || code != http.StatusOK {
			return Latency{}, fmt.Errorf("GET %s: status %d, %v", u, code, err)
		}
		times = append(times, time.Since(t0))
	}
	return summarise(times), nil
}

// getJSON requests a page and decodes it, returning its size.
func getJSON(ctx context.Context, c *http.Client, u string, v any) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
		return 0, fmt.Errorf("GET %s: status %d: %s", u, resp.StatusCode, b)
	}
	cr := &countReader{r: resp.Body}
	if err := json.NewDecoder(cr).Decode(v); err != nil {
		return cr.n, fmt.Errorf("GET %s: %w", u, err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	return cr.n + n, nil
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Write prints the report: aligned tables, or Markdown for
// docs/benchmarks.md.
func (rep *ORUKReport) Write(w io.Writer, markdown bool) {
	m, o := rep.Machine, rep.Options
	if markdown {
		fmt.Fprintf(w, "#### learnwell bench oruk\n\n")
	} else {
		fmt.Fprintf(w, "learnwell bench oruk\n====================\n")
	}
	fmt.Fprintf(w, "Machine: %s, %d CPUs (GOMAXPROCS %d), %d MB memory; %s %s/%s. Sizes %s; engines %v; seed %d; walk per_page=%d; single requests timed %d times each.\n\n",
		orUnknown(m.CPU), m.CPUs, m.GOMAXPROCS, m.MemoryMB, m.GoVersion, m.OS, m.Arch, joinInts(o.Sizes), o.Engines, o.Seed, o.PerPage, o.Repeats)
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "Note: %s\n\n", n)
	}
	walk := &table{head: []string{"engine", "courses", "load", "services", "pages", "walk", "pages/s", "page p50", "p95", "max", "KB a page",
		"live heap before", "after page 1", "halfway", "last page", "heap in use, most", "RSS before", "peak RSS"}}
	for _, r := range rep.Runs {
		k := r.Walk
		walk.add(r.Engine, commas(r.Size), dur(r.Load), commas(k.Items), commas(k.Pages), dur(k.Duration), fmt.Sprintf("%.1f", k.PagesPerSec),
			dur(k.Page.P50), dur(k.Page.P95), dur(k.Page.Max), commas(int(k.PageBytes>>10)),
			mb(int64(k.LiveBefore)), mb(int64(k.LiveFirst)), mb(int64(k.LiveHalf)), mb(int64(k.LiveLast)), mb(int64(k.MaxHeapInuse)),
			mb(k.RSSBefore), mb(k.PeakRSS))
	}
	walk.write(w, markdown)
	single := &table{head: []string{"engine", "courses", "/services/{id} p50", "p95", "max", "/service_at_locations?postcode=N7&proximity=5000 p50", "p95", "max", "venues"}}
	for _, r := range rep.Runs {
		single.add(r.Engine, commas(r.Size), dur(r.Service.P50), dur(r.Service.P95), dur(r.Service.Max),
			dur(r.Near.P50), dur(r.Near.P95), dur(r.Near.Max), commas(r.NearItems))
	}
	single.write(w, markdown)
}
