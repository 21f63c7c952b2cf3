package store_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/finder/findertest"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// EachListing streams the directory in chunks decoded on several cores; what
// reaches fn must be every listing, whole, once, in order of id, and an error
// from fn must stop it.
func TestEachListingInChunks(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(findertest.Now)}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := findertest.Load(t, db)
		want, err := db.FindListings(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]directory.Listing{}
		for _, l := range want {
			byID[l.Course.ID] = l
		}
		for _, chunk := range []int{1, 2, 3, len(ids), len(ids) + 1} {
			restore := store.SetListingChunk(chunk)
			var got []string
			_, err := db.EachListing(ctx, func(l directory.Listing) error {
				got = append(got, l.Course.ID)
				if !reflect.DeepEqual(l, byID[l.Course.ID]) {
					t.Errorf("chunk %d: listing %s differs from FindListings:\n got %+v\nwant %+v", chunk, l.Course.ID, l, byID[l.Course.ID])
				}
				return nil
			})
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(ids) || !slices.IsSortedFunc(got, func(a, b string) int { return compareIDs(t, db, a, b) }) {
				t.Fatalf("chunk %d: got %d listings %v, want %d in order of id", chunk, len(got), got, len(ids))
			}
		}
		stop := errors.New("stop")
		restore := store.SetListingChunk(2)
		defer restore()
		calls := 0
		_, err = db.EachListing(ctx, func(directory.Listing) error {
			calls++
			if calls == 3 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || calls != 3 {
			t.Fatalf("fn's error: got %v after %d calls, want stop after 3", err, calls)
		}
	})
}

// compareIDs orders two ids as the engine's ORDER BY id does (PostgreSQL's
// collation may differ from byte order).
func compareIDs(t *testing.T, db *store.DB, a, b string) int {
	t.Helper()
	var less bool
	if err := db.SQL().QueryRow("SELECT $1 < $2", a, b).Scan(&less); err != nil {
		t.Fatal(err)
	}
	if a == b {
		return 0
	}
	if less {
		return -1
	}
	return 1
}
