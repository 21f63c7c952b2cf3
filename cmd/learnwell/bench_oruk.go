package main

import (
	"context"

	"learnwell/internal/bench"
)

// benchORUK runs `learnwell bench oruk` with the bench flags that apply to
// it (sizes, engines, the PostgreSQL server, seed and Markdown).
func benchORUK(ctx context.Context, e *env, markdown bool, bo bench.Options) error {
	rep, err := bench.MeasureORUK(ctx, bench.ORUKOptions{Sizes: bo.Sizes, Engines: bo.Engines, PostgresURL: bo.PostgresURL,
		Seed: bo.Seed, Config: bo.Config, Progress: bo.Progress})
	if err != nil {
		return err
	}
	rep.Write(e.stdout, markdown)
	return nil
}
