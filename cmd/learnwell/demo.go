package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"learnwell"
	"learnwell/internal/demo"
	"learnwell/internal/directory"
)

type demoOptions struct {
	seed     int64
	services int
}

func demoCommand() command {
	return command{
		summary: "Load the deterministic demo dataset into an empty database (refused if it holds real data).",
		flags: func(fs *flag.FlagSet) any {
			o := &demoOptions{}
			fs.Int64Var(&o.seed, "seed", demo.DefaultSeed, "seed: the same seed on the same day always gives the same data and ids (the runs are placed around today)")
			fs.IntVar(&o.services, "services", 0, "how many courses to generate (0: the demo's usual size; up to 200000 for benchmarks)")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*demoOptions)
			if len(args) > 0 {
				return learnwell.Errorf(learnwell.EINVALID, "demo takes no arguments (got %q)", args)
			}
			if o.services < 0 || o.services > 1_000_000 {
				return learnwell.Errorf(learnwell.EINVALID, "--services must be between 0 and 1000000")
			}
			db, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer db.Close()
			start := time.Now()
			today := directory.Today(db.Clock())
			sum, err := demo.Load(ctx, db, demo.Options{Seed: o.seed, Services: o.services, Today: today})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Loaded the demo dataset (seed %d, for %s) into %s in %s: %d providers, %d venues, %d courses, %d runs and %d outbox messages.\n",
				o.seed, today.Spoken(), db.Location(), time.Since(start).Round(time.Millisecond), sum.Organisations, sum.Locations, sum.Courses, sum.Runs, sum.Messages)
			return nil
		},
	}
}
