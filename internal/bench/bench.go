// Package bench measures the course finder end to end, for `learnwell bench
// search`: it loads the demo directory into a fresh, throwaway database of
// each engine, builds the in-memory index, and times searches in process
// (the bare index and the finder, which also makes the page's results from
// its cards in memory), finder pages over HTTP on a loopback listener, memory, and
// the engines' own full-text search for comparison. Nothing it creates
// outlives the run: the SQLite file is removed and the PostgreSQL schema
// dropped.
package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"learnwell/internal/config"
	"learnwell/internal/demo"
	"learnwell/internal/finder"
	"learnwell/internal/store"
)

// Options say what to measure.
type Options struct {
	Sizes       []int    // course counts
	Engines     []string // store.SQLite, store.Postgres
	PostgresURL string   // the server for PostgreSQL runs; each run makes its own schema
	Duration    time.Duration
	Concurrency int
	Iterations  int // searches per path in process
	Seed        int64
	Config      *config.Config // for the web handler
	Progress    io.Writer      // progress lines; nil for none
	// CPUProfile, when set, is where CPU profiles of each index build and
	// HTTP run are written, suffixed with the engine, size and phase:
	// PATH.sqlite-200000.build and PATH.sqlite-200000.http.
	CPUProfile string
}

// Report is everything one bench run measured.
type Report struct {
	Machine Machine
	Options Options
	Runs    []Run
	Notes   []string // engines skipped and why
}

// Machine describes where the figures were taken.
type Machine struct {
	CPU        string
	CPUs       int
	GOMAXPROCS int
	GoVersion  string
	OS, Arch   string
	MemoryMB   int
	// MemoryLimitMB is the Go runtime's soft memory limit (GOMEMLIMIT), 0
	// for none.
	MemoryLimitMB int
}

// Run is the measurements of one engine at one size.
type Run struct {
	Engine  string
	Size    int // courses asked for
	Indexed int // courses in the index (active, with a live run)
	Load    time.Duration
	Build   time.Duration

	InProcess InProcess
	HTTP      HTTPResult
	Memory    Memory
	FTS       FTSResult
}

// Measure measures every engine at every size, in that order. A PostgreSQL
// server that cannot be reached is skipped with a note in the report.
func Measure(ctx context.Context, o Options) (*Report, error) {
	rep := &Report{Machine: machine(), Options: o}
	var err error
	rep.Runs, rep.Notes, err = eachRun(ctx, o.Engines, o.Sizes, o.PostgresURL, o, func(engine string, size int) (Run, error) {
		return measureOne(ctx, o, engine, size)
	})
	return rep, err
}

// eachRun measures every engine at every size with one, in that order, and
// returns the runs so far when one fails. A PostgreSQL server that cannot be
// reached is skipped with a note.
func eachRun[R any](ctx context.Context, engines []string, sizes []int, postgresURL string, o Options, one func(engine string, size int) (R, error)) (runs []R, notes []string, err error) {
	for _, engine := range engines {
		if engine == store.Postgres {
			if err := pingPostgres(ctx, postgresURL); err != nil {
				notes = append(notes, fmt.Sprintf("PostgreSQL skipped: %s cannot be reached (%v).", redact(postgresURL), err))
				o.progress("%s", notes[len(notes)-1])
				continue
			}
		}
		for _, size := range sizes {
			if err := ctx.Err(); err != nil {
				return runs, notes, err
			}
			r, err := one(engine, size)
			if err != nil {
				return runs, notes, fmt.Errorf("%s at %d courses: %w", engine, size, err)
			}
			runs = append(runs, r)
		}
	}
	return runs, notes, nil
}

// startProfile starts a CPU profile into path.engine-size.phase, if path is set,
// and returns what stops it.
func startProfile(path, engine string, size int, phase string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(fmt.Sprintf("%s.%s-%d.%s", path, engine, size, phase))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func (o Options) progress(format string, args ...any) {
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "bench: "+format+"\n", args...)
	}
}

// quietLogger drops everything below warnings: the request log of tens of
// thousands of pages would drown the figures.
func quietLogger(w io.Writer) *slog.Logger {
	if w == nil {
		w = io.Discard
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// measureOne runs every measurement for one engine and size, on a database
// of its own that is thrown away at the end.
func measureOne(ctx context.Context, o Options, engine string, size int) (r Run, err error) {
	r = Run{Engine: engine, Size: size}
	freeMemory()
	resetPeakRSS()
	tmp, err := newTempDB(ctx, engine, o.PostgresURL)
	if err != nil {
		return r, err
	}
	defer func() {
		if err := tmp.drop(context.WithoutCancel(ctx)); err != nil {
			o.progress("could not remove the throwaway %s database: %v", engine, err)
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
	if err := load(ctx, o, db, &r); err != nil {
		return r, err
	}
	f, err := build(ctx, o, db, &r)
	if err != nil {
		return r, err
	}

	queries := mix()
	o.progress("%s: built %d courses in %s; timing %d searches in process", engine, r.Indexed, r.Build.Round(time.Millisecond), o.Iterations)
	if r.InProcess, err = inProcess(ctx, f, queries, o.Iterations); err != nil {
		return r, err
	}
	o.progress("%s: serving finder pages over HTTP for %s at concurrency %d", engine, o.Duration, o.Concurrency)
	stopProfile, err := startProfile(o.CPUProfile, engine, size, "http")
	if err != nil {
		return r, err
	}
	r.HTTP, err = overHTTP(ctx, db, f, o, queries)
	stopProfile()
	if err != nil {
		return r, err
	}
	r.Memory.ServePeakRSS = peakRSS()
	r.Memory.AfterServeRSS = currentRSS()

	o.progress("%s: timing the engine's own full-text search", engine)
	r.FTS, err = compareFTS(ctx, db, f, o.Iterations)
	return r, err
}

// load loads the demo directory, timing it and noting the memory it took.
func load(ctx context.Context, o Options, db *store.DB, r *Run) error {
	o.progress("%s: loading %d demo courses", r.Engine, r.Size)
	start := time.Now()
	if _, err := demo.Load(ctx, db, demo.Options{Seed: o.Seed, Services: r.Size}); err != nil {
		return err
	}
	r.Load = time.Since(start)
	if r.Engine == store.Postgres {
		// Production PostgreSQL has autovacuum's statistics; a schema
		// filled a moment ago does not yet.
		if err := analyzePostgres(ctx, db); err != nil {
			return err
		}
	}
	r.Memory.LoadPeakRSS = peakRSS()
	freeMemory()
	r.Memory.BeforeBuildRSS = currentRSS()
	return nil
}

// build builds the finder's index from the store, timing it and noting the
// memory it took and holds. It leaves the peak RSS reset for what follows.
func build(ctx context.Context, o Options, db *store.DB, r *Run) (*finder.Service, error) {
	heapBefore := heapAlloc()
	resetPeakRSS()
	o.progress("%s: loaded in %s; building the index", r.Engine, r.Load.Round(time.Millisecond))
	f := finder.New(db, finder.Options{Logger: quietLogger(o.Progress)})
	stopProfile, err := startProfile(o.CPUProfile, r.Engine, r.Size, "build")
	if err != nil {
		return nil, err
	}
	start := time.Now()
	err = f.Build(ctx)
	r.Build = time.Since(start)
	stopProfile()
	if err != nil {
		return nil, err
	}
	r.Memory.BuildPeakRSS = peakRSS()
	r.Indexed = f.Len()
	r.Memory.IndexHeap = int64(heapAlloc()) - int64(heapBefore)
	r.Memory.AfterBuildHeapInuse = heapInuse()
	freeMemory()
	r.Memory.AfterBuildRSS = currentRSS()
	resetPeakRSS()
	return f, nil
}
