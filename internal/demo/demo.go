// Package demo loads learnwell's deterministic demonstration dataset: the same
// seed always gives the same data and the same ids. Demo data only ever goes
// into a database marked as a demo database, and never into one that holds
// real data. Every contact detail in it is one that cannot reach anyone.
package demo

import (
	"context"
	"fmt"

	"learnwell"
	"learnwell/internal/store"
)

// DefaultSeed is the seed `serve --demo` uses.
const DefaultSeed = 1

// Options say how much demo data to make.
type Options struct {
	Seed     int64
	Services int // courses in the directory; 0 for the default
}

// Summary says what was loaded.
type Summary struct {
	Loaded   bool // false when the database already held the demo
	Messages int
}

// Ensure loads the demo into an empty database, accepts a database that already
// holds the demo, and refuses one that holds real data.
func Ensure(ctx context.Context, db *store.DB, opts Options) (Summary, error) {
	isDemo, err := db.IsDemo(ctx)
	if err != nil {
		return Summary{}, err
	}
	if isDemo {
		return Summary{}, nil
	}
	return Load(ctx, db, opts)
}

// Load writes the demo dataset in one transaction: all of it or nothing.
func Load(ctx context.Context, db *store.DB, opts Options) (Summary, error) {
	var sum Summary
	err := db.WriteTx(ctx, func(tx *store.Tx) error {
		isDemo, err := tx.IsDemo(ctx)
		if err != nil {
			return err
		}
		if isDemo {
			return learnwell.Errorf(learnwell.ECONFLICT, "This database already holds the demo data.")
		}
		if err := tx.MarkDemo(ctx); err != nil {
			return err
		}
		for i, m := range welcomeMessages(opts.Seed) {
			if _, _, err := tx.EnqueueMessage(ctx, m); err != nil {
				return fmt.Errorf("demo message %d: %w", i, err)
			}
			sum.Messages++
		}
		sum.Loaded = true
		return nil
	})
	return sum, err
}

// welcomeMessages are the demo's first outbox messages, to fictional people.
func welcomeMessages(seed int64) []store.NewMessage {
	return []store.NewMessage{
		{
			Channel: "email", Recipient: "alex.demo@example.com", Kind: "welcome",
			Subject:  "Welcome to the learnwell demo",
			Body:     "This is a demonstration message. In the demo no email or text message leaves learnwell: each is kept in the outbox.",
			DedupKey: fmt.Sprintf("demo:%d:welcome-email", seed),
		},
		{
			Channel: "sms", Recipient: "07700 900123", Kind: "welcome",
			Body:     "learnwell demo: this text message was kept in the outbox and not sent.",
			DedupKey: fmt.Sprintf("demo:%d:welcome-sms", seed),
		},
	}
}
