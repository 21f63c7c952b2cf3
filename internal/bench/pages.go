package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"learnwell/internal/config"
	"learnwell/internal/demo"
	"learnwell/internal/finder"
	"learnwell/internal/store"
)

// The page-speed aims of docs/benchmarks.md (issue 9, item 10).
const (
	PageLCPAim        = 1500 * time.Millisecond // largest contentful paint, each page
	FinderPageByteAim = 100_000                 // bytes a finder results page transfers
)

// Throttle is a network and CPU profile, applied through the DevTools
// protocol: Network.emulateNetworkConditionsByRule (the latency is added to
// each request, from sent to response headers) and
// Emulation.setCPUThrottlingRate.
type Throttle struct {
	Latency     time.Duration
	DownKbps    float64 // kilobits a second
	UpKbps      float64
	CPUSlowdown float64 // 4 is four times slower
}

// MobileProfile is Lighthouse's mobile profile: slow 4G (150 ms round
// trip, 1.6 Mbps down, 750 kbps up) and a CPU four times slower.
var MobileProfile = Throttle{Latency: 150 * time.Millisecond, DownKbps: 1600, UpKbps: 750, CPUSlowdown: 4}

// PagesOptions say what `learnwell bench pages` measures.
type PagesOptions struct {
	Seed     int64
	Config   *config.Config
	Progress io.Writer
	Chromium string // the browser; "" for /usr/bin/chromium
	Runs     int    // cold loads of each page
	Courses  int    // courses in the demo; 0 for the demo's own number
	Profile  Throttle
}

// PageLoad is what one cold load of a page gave.
type PageLoad struct {
	LCP      time.Duration
	CLS      float64
	Bytes    int64 // bytes on the wire: headers and (compressed) bodies
	Requests int
	HTML     time.Duration // when the page's HTML had arrived
	Blocking time.Duration // when the last render-blocking file had arrived
	Element  string        // the largest contentful element, as tag.class
}

// PageFigures are a page's loads and their summary: the median LCP (and the
// median time the render-blocking files had arrived), and the largest layout
// shift, transfer and request count of any load.
type PageFigures struct {
	Name, Path string
	Loads      []PageLoad
	LCP        time.Duration
	Blocking   time.Duration
	CLS        float64
	Bytes      int64
	Requests   int
	ByteAim    int64    // 0: no aim for this page's bytes
	Elements   []string // the largest contentful elements of the loads, each once
}

// PagesReport is what `learnwell bench pages` prints.
type PagesReport struct {
	Profile  Throttle
	Browser  string
	Courses  int
	Pages    []PageFigures
	Viewport string
}

// Met reports whether a page meets its aims.
func (p PageFigures) Met() bool {
	return p.LCP <= PageLCPAim && p.CLS == 0 && (p.ByteAim == 0 || p.Bytes <= p.ByteAim)
}

// MeasurePages loads the demo into a throwaway SQLite database, serves it on
// 127.0.0.1, and loads the home page, a finder results page and a course page
// in headless Chromium under o.Profile, each o.Runs times on a cold cache
// (a fresh browser context: no cache, no open connection).
func MeasurePages(ctx context.Context, o PagesOptions) (*PagesReport, error) {
	chromium := o.Chromium
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		return nil, fmt.Errorf("bench pages needs Chromium at %s (apt-get install chromium, or give --chromium PATH): %w", chromium, err)
	}
	if o.Runs < 1 {
		o.Runs = 1
	}
	pr := Options{Progress: o.Progress}
	tmp, err := newTempDB(ctx, store.SQLite, "")
	if err != nil {
		return nil, err
	}
	defer func() { _ = tmp.drop(context.WithoutCancel(ctx)) }()
	db, err := store.Open(ctx, tmp.url, store.Options{Logger: quietLogger(o.Progress)})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	pr.progress("loading the demo")
	sum, err := demo.Load(ctx, db, demo.Options{Seed: o.Seed, Services: o.Courses})
	if err != nil {
		return nil, err
	}
	f := finder.New(db, finder.Options{Logger: quietLogger(o.Progress)})
	if err := f.Build(ctx); err != nil {
		return nil, err
	}
	base, stopServing, err := serveApp(ctx, db, f, Options{Config: o.Config, Progress: o.Progress})
	if err != nil {
		return nil, err
	}
	defer stopServing()
	course, err := firstCourse(ctx, base+"/courses?q=art")
	if err != nil {
		return nil, err
	}

	bctx, stop, err := startChromium(chromium)
	if err != nil {
		return nil, err
	}
	defer stop()
	rep := &PagesReport{Profile: o.Profile, Browser: chromium, Courses: sum.Courses, Viewport: "412 × 823 CSS px at 1.75×, mobile"}
	for _, p := range []PageFigures{
		{Name: "home", Path: "/"},
		{Name: "finder results", Path: "/courses?q=art", ByteAim: FinderPageByteAim},
		{Name: "course", Path: course},
	} {
		for i := range o.Runs {
			pr.progress("%s (%s): load %d of %d", p.Name, p.Path, i+1, o.Runs)
			l, err := loadCold(ctx, bctx, base+p.Path, o.Profile)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.Path, err)
			}
			p.Loads = append(p.Loads, l)
		}
		p.summarise()
		rep.Pages = append(rep.Pages, p)
	}
	return rep, nil
}

func (p *PageFigures) summarise() {
	lcps := make([]time.Duration, len(p.Loads))
	blocking := make([]time.Duration, len(p.Loads))
	for i, l := range p.Loads {
		lcps[i], blocking[i] = l.LCP, l.Blocking
		if !slices.Contains(p.Elements, l.Element) {
			p.Elements = append(p.Elements, l.Element)
		}
		p.CLS = max(p.CLS, l.CLS)
		p.Bytes = max(p.Bytes, l.Bytes)
		p.Requests = max(p.Requests, l.Requests)
	}
	slices.Sort(lcps)
	slices.Sort(blocking)
	p.LCP, p.Blocking = lcps[len(lcps)/2], blocking[len(blocking)/2]
}

var courseLinkRE = regexp.MustCompile(`href="(/courses/[0-9a-f-]{36})"`)

// firstCourse returns the path of the first course a finder page links to.
func firstCourse(ctx context.Context, u string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	res, err := (&http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return "", err
	}
	m := courseLinkRE.FindSubmatch(b)
	if m == nil {
		return "", errors.New("the finder page for art links no course")
	}
	return string(m[1]), nil
}

// startChromium starts headless Chromium with a profile of its own, which
// goes when it stops; it reaches nothing but loopback.
func startChromium(path string) (context.Context, func(), error) {
	profile, err := os.MkdirTemp("", "learnwell-bench-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.UserDataDir(profile), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1 , EXCLUDE [::1]"),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	stop := func() {
		_ = chromedp.Cancel(bctx)
		bcancel()
		acancel()
		_ = os.RemoveAll(profile)
	}
	if err := chromedp.Do(bctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("start %s: %w", path, err)
	}
	return bctx, stop, nil
}

// vitals collects the page's largest contentful paint and the layout shifts
// not caused by input, from the entries the browser buffered since the
// navigation began, and when the page's HTML and its last render-blocking
// file (the stylesheets, the classic script) had arrived: what the network
// took, before the browser's own work.
const vitals = `new Promise(resolve => {
  const out = {lcp: 0, cls: 0, html: 0, blocking: 0, element: ''};
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) out.html = nav.responseEnd;
  for (const e of performance.getEntriesByType('resource'))
    if (e.renderBlockingStatus === 'blocking') out.blocking = Math.max(out.blocking, e.responseEnd);
  new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.startTime >= out.lcp) {
      out.lcp = e.startTime;
      out.element = e.element ? e.element.tagName.toLowerCase() + (e.element.className ? '.' + String(e.element.className).trim().split(/\s+/).join('.') : '') : '';
    } })
    .observe({type: 'largest-contentful-paint', buffered: true});
  new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) out.cls += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(out), 100);
})`

// loadCold opens u in a fresh browser context under the profile, waits for
// the network to be quiet, and reads the figures.
func loadCold(ctx context.Context, bctx context.Context, u string, t Throttle) (PageLoad, error) {
	var l PageLoad
	tctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	defer cancel()
	tctx, cancelT := context.WithTimeout(tctx, 60*time.Second)
	defer cancelT()
	stopWatch := context.AfterFunc(ctx, cancelT)
	defer stopWatch()

	var mu sync.Mutex
	var last time.Time
	inflight := 0
	if err := chromedp.Do(tctx); err != nil { // open the tab
		return l, err
	}
	if err := chromedp.Listen(tctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			inflight++
			l.Requests++
		case *network.EventLoadingFinished:
			inflight--
			l.Bytes += int64(ev.EncodedDataLength)
		case *network.EventLoadingFailed:
			inflight--
		}
		last = time.Now()
	}); err != nil {
		return l, err
	}
	kbps := func(k float64) float64 { return k * 1000 / 8 }
	err := chromedp.Do(tctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{
				Latency: float64(t.Latency.Milliseconds()), DownloadThroughput: kbps(t.DownKbps), UploadThroughput: kbps(t.UpKbps),
				ConnectionType: network.ConnectionTypeCellular4g,
			}},
		}); err != nil {
			return fmt.Errorf("throttle the network: %w", err)
		}
		if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: t.CPUSlowdown}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 412, Height: 823, DeviceScaleFactor: 1.75, Mobile: true})
		return err
	}), chromedp.Navigate(u))
	if err != nil {
		return l, err
	}
	// Quiet: nothing in flight and no event for half a second.
	for {
		mu.Lock()
		quiet := inflight <= 0 && time.Since(last) > 500*time.Millisecond
		mu.Unlock()
		if quiet {
			break
		}
		select {
		case <-tctx.Done():
			return l, tctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	v, err := chromedp.Run(tctx, chromedp.Evaluate[struct {
		LCP      float64 `json:"lcp"`
		CLS      float64 `json:"cls"`
		HTML     float64 `json:"html"`
		Blocking float64 `json:"blocking"`
		Element  string  `json:"element"`
	}](vitals, chromedp.EvalAwaitPromise))
	if err != nil {
		return l, err
	}
	mu.Lock()
	defer mu.Unlock()
	l.LCP = time.Duration(v.LCP * float64(time.Millisecond))
	l.CLS = v.CLS
	l.Element = v.Element
	l.HTML = time.Duration(v.HTML * float64(time.Millisecond))
	l.Blocking = time.Duration(max(v.Blocking, v.HTML) * float64(time.Millisecond))
	if l.LCP == 0 {
		return l, errors.New("the browser reported no largest contentful paint")
	}
	return l, nil
}

// Write prints the report, as Markdown for docs/benchmarks.md if markdown.
func (r *PagesReport) Write(w io.Writer, markdown bool) {
	t := r.Profile
	profile := fmt.Sprintf("%s per request, %.0f kbps down, %.0f kbps up, CPU %g× slower; %s; cold cache",
		t.Latency, t.DownKbps, t.UpKbps, t.CPUSlowdown, r.Viewport)
	verdict := func(ok bool) string {
		if ok {
			return "meets"
		}
		return "MISSES"
	}
	if markdown {
		fmt.Fprintf(w, "## learnwell bench pages\n\nDemo of %d courses, headless %s, %s. Aims: LCP within %s, CLS 0, a finder results page at most %d bytes.\n\n",
			r.Courses, r.Browser, profile, PageLCPAim, FinderPageByteAim)
		fmt.Fprintln(w, "| page | LCP (median) | LCP of each load | render-blocking files in (median) | largest element | CLS (largest) | bytes (largest) | requests | aims |")
		fmt.Fprintln(w, "| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | --- |")
	} else {
		fmt.Fprintf(w, "learnwell bench pages: demo of %d courses, %s\n%s\n", r.Courses, r.Browser, profile)
		fmt.Fprintf(w, "aims: LCP <= %s, CLS 0, finder results <= %d bytes; blocking: when the HTML and render-blocking files had arrived\n\n", PageLCPAim, FinderPageByteAim)
		fmt.Fprintf(w, "%-16s %10s %10s %8s %10s %9s  %s\n", "page", "LCP", "blocking", "CLS", "bytes", "requests", "aims")
	}
	for _, p := range r.Pages {
		var each []string
		for _, l := range p.Loads {
			each = append(each, l.LCP.Round(time.Millisecond).String())
		}
		aims := verdict(p.Met())
		if markdown {
			fmt.Fprintf(w, "| %s (`%s`) | %s | %s | %s | `%s` | %.3f | %d | %d | %s |\n", p.Name, shortPath(p.Path), p.LCP.Round(time.Millisecond),
				joinComma(each), p.Blocking.Round(time.Millisecond), joinComma(p.Elements), p.CLS, p.Bytes, p.Requests, aims)
		} else {
			fmt.Fprintf(w, "%-16s %10s %10s %8.3f %10d %9d  %s (loads: %s)\n", p.Name, p.LCP.Round(time.Millisecond), p.Blocking.Round(time.Millisecond),
				p.CLS, p.Bytes, p.Requests, aims, joinComma(each))
			fmt.Fprintf(w, "%-16s largest element: %s\n", "", joinComma(p.Elements))
		}
	}
}

func shortPath(p string) string {
	if len(p) > 20 && courseLinkRE.MatchString(`href="`+p+`"`) {
		return "/courses/{id}"
	}
	return p
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
