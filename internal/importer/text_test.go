package importer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/importer"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// A record with unusual text (a NUL, a control character, bytes that are not
// UTF-8) is rejected with a message naming its field, on both engines, and
// nothing of it is stored; the other records are imported.
func TestImportRefusesUnusualText(t *testing.T) {
	service, err := os.ReadFile("testdata/open-referral/oruk-3.0/service_full.json")
	if err != nil {
		t.Fatal(err)
	}
	org, err := os.ReadFile("testdata/open-referral/oruk-3.0/organization_full.json")
	if err != nil {
		t.Fatal(err)
	}
	name := []byte(`"name": "Community Counselling"`)
	orgName := []byte(`"name": "Example Organization Inc."`)
	for _, tc := range []struct {
		name, file string
		data       []byte
		field      string
	}{
		{"a NUL in a service's name", "nul.json", bytes.Replace(service, name, []byte(`"name": "Community\u0000Counselling"`), 1), "name"},
		{"a control in a service's name", "control.json", bytes.Replace(service, name, []byte(`"name": "Community\u001bCounselling"`), 1), "name"},
		{"bytes that are not UTF-8", "latin1.json", bytes.Replace(service, name, []byte("\"name\": \"Community Caf\xe9\""), 1), "name"},
		{"a NUL in the organisation around the services", "org.json", bytes.Replace(org, orgName, []byte(`"name": "Example\u0000"`), 1), "organization.name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(now)}, func(t *testing.T, db *store.DB) {
				path := filepath.Join(t.TempDir(), tc.file)
				if err := os.WriteFile(path, tc.data, 0o600); err != nil {
					t.Fatal(err)
				}
				rep, err := importer.ImportORUK(context.Background(), path, orukOpts(db))
				if err != nil {
					t.Fatal(err)
				}
				if rep.Rejected != 1 || rep.Created != 0 || len(rep.Rejections) != 1 {
					t.Fatalf("report:\n%s", report(rep))
				}
				f := learnwell.FieldMap(rep.Rejections[0].Fields)
				if f[tc.field] != "Remove the unusual characters from "+tc.field {
					t.Errorf("fields %v, want a message for %s\n%s", rep.Rejections[0].Fields, tc.field, report(rep))
				}
				if n := count(t, db, "courses"); n != 0 {
					t.Errorf("%d courses stored", n)
				}
			})
		})
	}
	t.Run("CSV", func(t *testing.T) {
		storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(now)}, func(t *testing.T, db *store.DB) {
			lines := strings.Split(spreadsheet, "\n")
			// Row 2 (course ART-1) gets a NUL in its title, row 4 (ART-2) a control in its summary.
			lines[1] = strings.Replace(lines[1], "Watercolour for beginners", "Watercolour\x00 for beginners", 1)
			lines[3] = strings.Replace(lines[3], "Draw at home", "Draw\x07 at home", 1)
			rep, err := importer.ImportCSV(context.Background(), writeCSV(t, strings.Join(lines, "\n")), importer.CSVOptions{Options: importer.Options{DB: db}})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Created != 0 || rep.Rejected != 3 {
				t.Fatalf("report:\n%s", report(rep))
			}
			got := map[string]string{}
			for _, r := range rep.Rejections {
				for k, v := range learnwell.FieldMap(r.Fields) {
					got[k] = v
				}
			}
			for _, cell := range []string{"row 2, Course title", "row 4, Summary"} {
				if got[cell] != "Remove the unusual characters from this cell" {
					t.Errorf("%s: %q\n%s", cell, got[cell], report(rep))
				}
			}
			if n := count(t, db, "courses"); n != 0 {
				t.Errorf("%d courses stored", n)
			}
		})
	})
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
