package main

import (
	"context"
	"flag"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/bench"
	"learnwell/internal/demo"
	"learnwell/internal/store"
)

// benchPostgresEnv names the environment variable that the tests also read
// for their PostgreSQL server (benchPostgresEnv).
const benchPostgresEnv = "LEARNWELL_TEST_POSTGRES"

// defaultBenchPostgres is the PostgreSQL server benchmarks use when neither
// --postgres-url nor LEARNWELL_TEST_POSTGRES names one.
const defaultBenchPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

type benchOptions struct {
	fs          *flag.FlagSet // to read the flags given after "search"
	sizes       string
	engines     string
	postgresURL string
	duration    time.Duration
	concurrency int
	iterations  int
	seed        int64
	markdown    bool
	cpuProfile  string
	pages       pagesFlags // bench pages
}

func benchCommand() command {
	return command{
		summary: "Measure the course finder (bench search: the index, the finder in process and over HTTP, memory, the engines' own full-text search), the Open Referral feed (bench oruk: a whole walk of /oruk/services, memory, single requests) or page speed on a phone (bench pages: LCP, layout shift and bytes in headless Chromium on slow 4G), on the demo in throwaway databases.",
		usage:   "search|oruk|pages",
		flags: func(fs *flag.FlagSet) any {
			o := &benchOptions{fs: fs}
			fs.StringVar(&o.sizes, "sizes", "10000,200000", "course counts to measure, separated by commas")
			fs.StringVar(&o.engines, "engines", "sqlite,postgres", "engines to measure: sqlite, postgres or both")
			fs.StringVar(&o.postgresURL, "postgres-url", "", "PostgreSQL server for the postgres runs, each in a schema of its own dropped at the end (default: $"+benchPostgresEnv+", else "+defaultBenchPostgres+")")
			fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long each HTTP run lasts")
			fs.IntVar(&o.concurrency, "concurrency", 32, "HTTP clients requesting pages at once")
			fs.IntVar(&o.iterations, "iterations", 10000, "searches timed in process, on each path (index, finder)")
			fs.Int64Var(&o.seed, "seed", demo.DefaultSeed, "seed of the demo data")
			fs.BoolVar(&o.markdown, "markdown", false, "print the report as Markdown, for docs/benchmarks.md")
			fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write CPU profiles of each index build and HTTP run to this path, suffixed .ENGINE-SIZE.build and .http (for go tool pprof)")
			o.pages.register(fs)
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*benchOptions)
			sub, err := subcommand(o.fs, args, "bench", "bench needs what to measure: learnwell bench search [flags], learnwell bench oruk [flags] for the Open Referral feed, or learnwell bench pages [flags] for page speed", "search", "oruk", "pages")
			if sub == "" {
				return err
			}
			if sub == "pages" {
				return benchPages(ctx, e, o)
			}
			bo, err := o.options(e)
			if err != nil {
				return err
			}
			if sub == "oruk" {
				return benchORUK(ctx, e, o.markdown, bo)
			}
			rep, err := bench.Measure(ctx, bo)
			if err != nil {
				return err
			}
			rep.Write(e.stdout, o.markdown)
			return nil
		},
	}
}

// options checks the flags and turns them into the bench's options.
func (o *benchOptions) options(e *env) (bench.Options, error) {
	bo := bench.Options{Duration: o.duration, Concurrency: o.concurrency, Iterations: o.iterations, Seed: o.seed,
		Config: e.cfg, Progress: e.stderr, PostgresURL: o.postgresURL, CPUProfile: o.cpuProfile}
	var v learnwell.Validation
	for s := range strings.SplitSeq(o.sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1_000_000 {
			v.Add("--sizes", "Give course counts between 1 and 1000000, separated by commas, like 10000,200000")
			break
		}
		bo.Sizes = append(bo.Sizes, n)
	}
	for s := range strings.SplitSeq(o.engines, ",") {
		switch s = strings.TrimSpace(s); s {
		case store.SQLite, store.Postgres:
			bo.Engines = append(bo.Engines, s)
		default:
			v.Add("--engines", "Give sqlite, postgres or both, separated by a comma")
		}
	}
	if o.duration <= 0 || o.duration > time.Hour {
		v.Add("--duration", "Give a duration between 1ms and 1h, like 10s")
	}
	if o.concurrency < 1 || o.concurrency > 1024 {
		v.Add("--concurrency", "Give a number of clients between 1 and 1024")
	}
	if o.iterations < 1 || o.iterations > 10_000_000 {
		v.Add("--iterations", "Give a number of searches between 1 and 10000000")
	}
	if bo.PostgresURL == "" {
		bo.PostgresURL = e.getenv(benchPostgresEnv)
	}
	if bo.PostgresURL == "" {
		bo.PostgresURL = defaultBenchPostgres
	}
	return bo, v.Err()
}
