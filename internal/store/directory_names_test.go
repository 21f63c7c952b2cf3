package store_test

import (
	"context"
	"testing"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func TestDirectoryOrganisationNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := map[string]string{}
		err := db.WriteTx(ctx, func(tx *store.Tx) error {
			for _, name := range []string{"Zebra Crossing Arts", "Camden Adult Learning", "camden  adult LEARNING", "Émile Zola Centre", "barnet college"} {
				o := directory.Organisation{Name: name, Description: "Adult learning.", Kind: directory.College}
				if err := tx.PutOrganisation(ctx, &o); err != nil {
					return err
				}
				ids[name] = o.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		all, err := db.FindDirectoryOrganisationNames(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range all {
			names = append(names, o.Name)
			if ids[o.Name] != o.ID {
				t.Errorf("%q has id %s, want %s", o.Name, o.ID, ids[o.Name])
			}
		}
		// By name whatever the letter case, the two Camdens by id, and É
		// after the ASCII letters on both engines.
		camden := []string{"Camden Adult Learning", "camden  adult LEARNING"}
		if ids[camden[0]] > ids[camden[1]] {
			camden[0], camden[1] = camden[1], camden[0]
		}
		want := []string{"barnet college", camden[0], camden[1], "Zebra Crossing Arts", "Émile Zola Centre"}
		if len(names) != len(want) {
			t.Fatalf("names = %q, want %q", names, want)
		}
		for i := range want {
			if names[i] != want[i] {
				t.Fatalf("names = %q, want %q", names, want)
			}
		}

		for _, tt := range []struct {
			name string
			want int
		}{
			{"Barnet College", 1}, {"  barnet   COLLEGE ", 1}, {"émile zola centre", 1}, {"ÉMILE ZOLA CENTRE", 1},
			{"Camden Adult Learning", 2}, {"Barnet", 0}, {"", 0}, {"Camden Adult Learning Centre", 0},
		} {
			found, err := db.FindDirectoryOrganisationsNamed(ctx, tt.name)
			if err != nil || len(found) != tt.want {
				t.Errorf("named %q: %v, %v; want %d", tt.name, found, err, tt.want)
			}
		}

		o, err := db.FindDirectoryOrganisationName(ctx, ids["Zebra Crossing Arts"])
		if err != nil || o.Name != "Zebra Crossing Arts" {
			t.Errorf("by id: %+v, %v", o, err)
		}
		if _, err := db.FindDirectoryOrganisationName(ctx, learnwell.NewID()); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Errorf("unknown id: %v", err)
		}
	})
}
