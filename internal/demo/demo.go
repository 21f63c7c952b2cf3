// Package demo makes and loads learnwell's deterministic demonstration
// dataset: a directory of made-up learning providers across London's 33 local
// authorities, their venues at real postcode districts, and thousands of
// courses with runs over the terms around the day it is made for and the
// year before. The same seed on the same day always gives the same data and
// the same ids. Demo data only ever goes into a database marked as a demo
// database, and never into one that holds real data. Every contact detail in
// it is one that cannot reach anyone: email addresses at example.com and
// phone numbers from Ofcom's drama range, 020 7946 0000 to 0999. See
// docs/demo-data.md.
package demo

import (
	"context"
	"fmt"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/directory"
	"learnwell/internal/store"
)

// DefaultSeed is the seed `serve --demo` uses.
const DefaultSeed = 1

// Options say how much demo data to make.
type Options struct {
	Seed     int64
	Services int // courses in the directory; 0 for the default (DefaultServices)
	// Today is the London date the demo is made for: its runs are placed on
	// the terms around it, and its data sharing agreement is in force on it.
	// The zero Date means today: by the store's clock in Load and Ensure, by
	// the system clock in Generate, Providers and EachCourse.
	Today directory.Date
	// Hasher hashes the demo password for the demo accounts; nil for one
	// with the default costs.
	Hasher *account.Hasher
}

// Summary says what was loaded.
type Summary struct {
	Loaded        bool // false when the database already held the demo
	Messages      int  // outbox messages
	Organisations int  // learning providers
	Locations     int  // venues
	Courses       int
	Runs          int
}

// Ensure loads the demo into an empty database, accepts a database that already
// holds the demo, and refuses one that holds real data.
func Ensure(ctx context.Context, db *store.DB, opts Options) (Summary, error) {
	opts = opts.on(db)
	isDemo, err := db.IsDemo(ctx)
	if err != nil {
		return Summary{}, err
	}
	if isDemo {
		// A demo made before there were accounts gets them now.
		return Summary{}, ensureAccounts(ctx, db, opts)
	}
	return Load(ctx, db, opts)
}

// Load writes the demo dataset (see Generate) and the demo's welcome messages
// in one transaction: all of it or nothing. It refuses, with ECONFLICT, a
// database that already holds the demo or that holds real data. Courses are
// made and written one at a time, so memory stays small whatever the size.
func Load(ctx context.Context, db *store.DB, opts Options) (Summary, error) {
	g := newGenerator(opts.on(db))
	accounts, err := newAccountsSetup(ctx, opts)
	if err != nil {
		return Summary{}, err
	}
	var sum Summary
	err = db.BulkWriteTx(ctx, func(tx *store.Tx) error {
		sum = Summary{}
		return g.write(ctx, tx, &sum, opts.Seed, accounts)
	})
	if err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// on returns the options with Today set, from the store's clock if unset.
func (o Options) on(db *store.DB) Options {
	if o.Today.IsZero() {
		o.Today = directory.Today(db.Clock())
	}
	return o
}

// checkEvery is how many courses Load writes between looks at its context.
const checkEvery = 500

// write writes the dataset in the transaction, counting what it writes.
//
// The statements run with a context that cannot be cancelled: the SQLite
// driver watches a cancellable context with a goroutine and a progress
// handler for every statement, which doubled the time of a large load. Load
// looks at ctx itself every checkEvery courses instead, and the transaction,
// begun with ctx, still rolls back as soon as ctx is done.
func (g *generator) write(ctx context.Context, tx *store.Tx, sum *Summary, seed int64, accounts accountsSetup) error {
	sctx := context.WithoutCancel(ctx)
	isDemo, err := tx.IsDemo(sctx)
	if err != nil {
		return err
	}
	if isDemo {
		return learnwell.Errorf(learnwell.ECONFLICT, "This database already holds the demo data.")
	}
	if err := tx.MarkDemo(sctx); err != nil {
		return err
	}
	for i := range g.orgs {
		org := g.orgs[i]
		if err := tx.PutOrganisation(sctx, &org); err != nil {
			return fmt.Errorf("demo organisation %d: %w", i, err)
		}
		sum.Organisations++
	}
	for i := range g.locs {
		loc := g.locs[i]
		if err := tx.PutLocation(sctx, &loc); err != nil {
			return fmt.Errorf("demo venue %d: %w", i, err)
		}
		sum.Locations++
	}
	tax := directory.BuiltinTaxonomies()
	err = g.eachCourse(func(c CourseWithRuns) error {
		if sum.Courses%checkEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := tx.PutCourse(sctx, &c.Course, c.Runs, tax); err != nil {
			return fmt.Errorf("demo course %d: %w", sum.Courses, err)
		}
		sum.Courses++
		sum.Runs += len(c.Runs)
		return nil
	})
	if err != nil {
		return err
	}
	for i, m := range welcomeMessages(seed) {
		if _, _, err := tx.EnqueueMessage(sctx, m); err != nil {
			return fmt.Errorf("demo message %d: %w", i, err)
		}
		sum.Messages++
	}
	if err := g.writeAccounts(sctx, tx, accounts); err != nil {
		return err
	}
	sum.Loaded = true
	return nil
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
