package bench

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// The aims the figures are judged against (docs/benchmarks.md), at the
// largest size measured.
const (
	AimP95InProcess = 2 * time.Millisecond
	AimPagesPerSec  = 2000
	AimBuild        = 10 * time.Second
	AimRSS          = 300 << 20
)

// table is rows of cells, printed aligned or as Markdown.
type table struct {
	head []string
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer, markdown bool) {
	if markdown {
		fmt.Fprintln(w, "| "+strings.Join(t.head, " | ")+" |")
		sep := make([]string, len(t.head))
		for i := range sep {
			sep[i] = "---"
			if i > 0 {
				sep[i] = "---:"
			}
		}
		fmt.Fprintln(w, "| "+strings.Join(sep, " | ")+" |")
		for _, r := range t.rows {
			fmt.Fprintln(w, "| "+strings.Join(r, " | ")+" |")
		}
		fmt.Fprintln(w)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(t.head, "\t")+"\t")
	for _, r := range t.rows {
		fmt.Fprintln(tw, strings.Join(r, "\t")+"\t")
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// Write prints the report: aligned tables, or Markdown to paste into
// docs/benchmarks.md.
func (rep *Report) Write(w io.Writer, markdown bool) {
	h := func(level int, s string) {
		if markdown {
			fmt.Fprintf(w, "%s %s\n\n", strings.Repeat("#", level+2), s)
		} else {
			fmt.Fprintf(w, "%s\n%s\n", s, strings.Repeat("=-"[level:level+1], len([]rune(s))))
		}
	}
	p := func(format string, args ...any) {
		fmt.Fprintf(w, format+"\n", args...)
		if markdown {
			fmt.Fprintln(w)
		}
	}
	m, o := rep.Machine, rep.Options
	h(0, "learnwell bench search")
	p("Machine: %s, %d CPUs (GOMAXPROCS %d), %d MB memory; %s %s/%s.", orUnknown(m.CPU), m.CPUs, m.GOMAXPROCS, m.MemoryMB, m.GoVersion, m.OS, m.Arch)
	if m.MemoryLimitMB > 0 {
		p("Go memory limit (GOMEMLIMIT): %d MiB.", m.MemoryLimitMB)
	} else {
		p("Go memory limit (GOMEMLIMIT): none.")
	}
	p("Sizes %s; engines %s; seed %d; %d searches per path in process; HTTP for %s at concurrency %d.",
		joinInts(o.Sizes), strings.Join(o.Engines, ","), o.Seed, o.Iterations, o.Duration, o.Concurrency)
	for _, n := range rep.Notes {
		p("Note: %s", n)
	}
	if !markdown {
		fmt.Fprintln(w)
	}
	for _, r := range rep.Runs {
		r.write(w, markdown, h, p)
	}
	if len(rep.Runs) > 0 {
		h(1, "Summary and aims")
		rep.summary().write(w, markdown)
	}
}

func (r Run) write(w io.Writer, markdown bool, h func(int, string), p func(string, ...any)) {
	h(1, fmt.Sprintf("%s, %s courses (%s in the index)", r.Engine, commas(r.Size), commas(r.Indexed)))
	mem := r.Memory
	p("Load %s; index build %s; the engine's full-text table %s.", dur(r.Load), dur(r.Build), dur(r.FTS.Build))
	p("Memory: peak RSS during the load %s; RSS after the load, collected %s; peak RSS during the build %s; index heap %s; heap in use after the build %s; RSS after the build, collected %s; peak RSS while searching and serving %s; RSS after HTTP %s.",
		mb(mem.LoadPeakRSS), mb(mem.BeforeBuildRSS), mb(mem.BuildPeakRSS), mb(mem.IndexHeap), mb(int64(mem.AfterBuildHeapInuse)),
		mb(mem.AfterBuildRSS), mb(mem.ServePeakRSS), mb(mem.AfterServeRSS))

	ip := r.InProcess
	p("In process, one search at a time: the bare index %s searches/s, the finder (index + the results from its cards) %s searches/s.",
		commas(int(ip.IndexPerSec)), commas(int(ip.FinderPerSec)))
	t := &table{head: []string{"query", "n", "matches", "index p50", "p95", "p99", "finder p50", "p95", "p99", "HTTP p50", "p95"}}
	for _, k := range ip.Kinds {
		hk := r.HTTP.Kinds[k.Kind]
		t.add(k.Kind, strconv.Itoa(k.Queries), rangeOf(k.Matches), dur(k.Index.P50), dur(k.Index.P95), dur(k.Index.P99),
			dur(k.Finder.P50), dur(k.Finder.P95), dur(k.Finder.P99), dur(hk.P50), dur(hk.P95))
	}
	ht := r.HTTP.Latency
	t.add("overall", strconv.Itoa(len(ip.Kinds)), "", dur(ip.Index.P50), dur(ip.Index.P95), dur(ip.Index.P99),
		dur(ip.Finder.P50), dur(ip.Finder.P95), dur(ip.Finder.P99), dur(ht.P50), dur(ht.P95))
	if ip.IndexCPU.N > 0 {
		t.add("overall, thread CPU", "", "", dur(ip.IndexCPU.P50), dur(ip.IndexCPU.P95), dur(ip.IndexCPU.P99),
			dur(ip.FinderCPU.P50), dur(ip.FinderCPU.P95), dur(ip.FinderCPU.P99), "", "")
	}
	t.write(w, markdown)

	hr := r.HTTP
	p("Over HTTP (GET /courses, the real handler on 127.0.0.1, %d clients in the same process, %s): %s pages, %s pages/s, %d errors; p50 %s, p95 %s, p99 %s, max %s; %s KB a page; %s of this process's CPU a page.",
		hr.Concurrency, dur(hr.Duration), commas(hr.Pages), commas(int(hr.PagesPerSec)), hr.Errors, dur(ht.P50), dur(ht.P95), dur(ht.P99), dur(ht.Max),
		commas(int(hr.PageBytes>>10)), dur(hr.CPUPerPage))
	if hr.FirstError != "" {
		p("First error: %s", hr.FirstError)
	}

	f := r.FTS
	p("The engine's own search (%s) beside the index, one query at a time:", f.Method)
	ft := &table{head: []string{"query", "n", "engine matches", "index matches", "engine p50", "p95", "index p50", "p95"}}
	for _, row := range f.Rows {
		label := row.Kind + ", all"
		if row.Query != "" {
			label = row.Kind + ": " + row.Query
		}
		ft.add(label, strconv.Itoa(row.Queries), rangeOf(row.EngineMatches), rangeOf(row.IndexMatches),
			dur(row.Engine.P50), dur(row.Engine.P95), dur(row.Index.P50), dur(row.Index.P95))
	}
	ft.write(w, markdown)
}

// summary is one row per run with each aim met or missed.
func (rep *Report) summary() *table {
	t := &table{head: []string{"engine", "courses", "load", "build (< 10 s)", "index p95 (≤ 2 ms)", "finder p95 (≤ 2 ms)",
		"HTTP pages/s (≥ 2,000)", "HTTP p95", "CPU a page", "peak RSS serving (≤ 300 MB)", "peak RSS building"}}
	mark := func(ok bool) string {
		if ok {
			return " ✓"
		}
		return " ✗"
	}
	for _, r := range rep.Runs {
		t.add(r.Engine, commas(r.Size), dur(r.Load),
			dur(r.Build)+mark(r.Build < AimBuild),
			dur(r.InProcess.Index.P95)+mark(r.InProcess.Index.P95 <= AimP95InProcess),
			dur(r.InProcess.Finder.P95)+mark(r.InProcess.Finder.P95 <= AimP95InProcess),
			commas(int(r.HTTP.PagesPerSec))+mark(r.HTTP.PagesPerSec >= AimPagesPerSec),
			dur(r.HTTP.Latency.P95), dur(r.HTTP.CPUPerPage),
			mb(r.Memory.ServePeakRSS)+mark(r.Memory.ServePeakRSS > 0 && r.Memory.ServePeakRSS <= AimRSS),
			mb(r.Memory.BuildPeakRSS))
	}
	return t
}

// dur writes a duration at a precision that suits its size.
func dur(d time.Duration) string {
	switch {
	case d <= 0:
		return "–"
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// mb writes bytes in MiB, as "123 MB".
func mb(n int64) string {
	if n <= 0 {
		return "–"
	}
	return fmt.Sprintf("%s MB", commas(int((n+(1<<19))>>20)))
}

// commas writes an integer with thousands separators.
func commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func rangeOf(r [2]int) string {
	if r[0] == r[1] {
		return commas(r[0])
	}
	return commas(r[0]) + "–" + commas(r[1])
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown CPU"
	}
	return s
}
