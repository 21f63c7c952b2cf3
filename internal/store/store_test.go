package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in, engine, path string
		wantErr          bool
	}{
		{"sqlite:learnwell-data/learnwell.db", store.SQLite, "learnwell-data/learnwell.db", false},
		{"sqlite:///tmp/x.db", store.SQLite, "/tmp/x.db", false},
		{"postgres://u@h/db", store.Postgres, "", false},
		{"postgresql://u@h/db?sslmode=disable", store.Postgres, "", false},
		{"sqlite:", "", "", true},
		{"sqlite:x.db?_pragma=foo", "", "", true},
		{"mysql://x", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		loc, err := store.ParseURL(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseURL(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && (loc.Engine != tt.engine || loc.Path != tt.path) {
			t.Errorf("ParseURL(%q) = %+v", tt.in, loc)
		}
	}
	loc, _ := store.ParseURL("postgres://u:secret@h/db")
	if s := loc.String(); s != "postgres://u:xxxxx@h/db" {
		t.Errorf("String() = %q, want the password hidden", s)
	}
}

func TestMigrationsMatchAcrossEngines(t *testing.T) {
	for _, e := range []string{store.SQLite, store.Postgres} {
		ms, err := store.Migrations(e)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].Version != 1 {
			t.Fatalf("%s migrations = %v", e, ms)
		}
	}
}

func TestMigrate(t *testing.T) {
	storetest.EachWith(t, storetest.Options{NoMigrate: true}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Ready(ctx); err == nil {
			t.Fatal("Ready on an empty database = nil, want an error")
		} else if learnwell.ErrorCode(err) != learnwell.EUNAVAILABLE {
			t.Fatalf("Ready code = %s, want unavailable", learnwell.ErrorCode(err))
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		if err := db.Ready(ctx); err != nil {
			t.Fatalf("Ready after migrate: %v", err)
		}
		ms, _ := store.Migrations(db.Engine())
		if v, _ := db.SchemaVersion(ctx); v != len(ms) {
			t.Fatalf("SchemaVersion = %d, want %d", v, len(ms))
		}
	})
}

func TestDemoAndRealDataNeverMix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.MarkReal(ctx) }); err != nil {
			t.Fatal(err)
		}
		err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.MarkDemo(ctx) })
		if learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Fatalf("MarkDemo on a real database = %v, want conflict", err)
		}
		if demo, _ := db.IsDemo(ctx); demo {
			t.Fatal("a refused MarkDemo left the database marked as demo")
		}
	})
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.MarkDemo(ctx) }); err != nil {
			t.Fatal(err)
		}
		if demo, _ := db.IsDemo(ctx); !demo {
			t.Fatal("IsDemo = false after MarkDemo")
		}
		err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.MarkReal(ctx) })
		if learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Fatalf("MarkReal on a demo database = %v, want conflict", err)
		}
	})
}

func TestTxHasOneNow(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 3, 29, 0, 30, 0, 123456789, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var seen time.Time
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			seen = tx.Now
			clock.Advance(time.Hour)
			if !tx.Now.Equal(seen) {
				t.Error("Now moved inside a transaction")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if seen.Nanosecond()%1000 != 0 {
			t.Errorf("Now = %v, want microsecond precision", seen)
		}
	})
}

func TestAfterCommitRunsOnlyOnCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ran := 0
		_ = db.WriteTx(ctx, func(tx *store.Tx) error { tx.AfterCommit(func() { ran++ }); return nil })
		_ = db.WriteTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ran += 10 })
			return errors.New("roll back")
		})
		if ran != 1 {
			t.Fatalf("after-commit hooks ran %d, want 1", ran)
		}
	})
}
