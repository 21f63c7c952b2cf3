package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// importPostcodesCmd runs `learnwell import postcodes ARGS` with the
// database in the environment, as an operator who sets LEARNWELL_DATABASE_URL.
func importPostcodesCmd(t *testing.T, databaseURL string, args ...string) (int, string, string) {
	t.Helper()
	return runCmd(t, map[string]string{"LEARNWELL_DATABASE_URL": databaseURL}, append([]string{"import", "postcodes"}, args...)...)
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportPostcodes(t *testing.T) {
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			dbURL := storetest.URL(t, engine)
			good := writeFile(t, "NSPL_TEST.csv", `pcd,pcds,doterm,lat,long,laua
"N7  8DB","N7 8DB","",51.553546,-0.114568,"E09000019"
"N7  9ZZ","N7 9ZZ","200012",51.553546,-0.114568,"E09000019"
"ZE3 9JZ","ZE3 9JZ","",99.999999,0.000000,"S12000027"
"XX","XX","",51,0,"E09000019"
"SE1 7PB","SE1 7PB","",51.501609,-0.115242,"E09000022"
`)
			code, out, errOut := importPostcodesCmd(t, dbURL, good)
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
			}
			for _, want := range []string{"Loaded 2 postcodes from NSPL_TEST.csv", "Read 5 rows: 2 loaded, 1 terminated", "1 without a position", "1 bad"} {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if !strings.Contains(errOut, "line 5: \"XX\" is not a full postcode") {
				t.Errorf("stderr does not list the bad row by line:\n%s", errOut)
			}
			db, err := store.Open(context.Background(), dbURL, store.Options{Logger: storetest.QuietLogger()})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if p, err := db.LocatePostcode(context.Background(), "N7 8DB"); err != nil || !p.Exact {
				t.Errorf("after the import: %+v %v", p, err)
			}

			// The database given by --database-url, as for every command: before
			// or after the file, and winning over the environment.
			elsewhere := "sqlite:" + filepath.Join(t.TempDir(), "elsewhere.db")
			for _, args := range [][]string{{"--database-url", dbURL, good}, {good, "--database-url=" + dbURL}} {
				code, out, errOut := runCmd(t, map[string]string{"LEARNWELL_DATABASE_URL": elsewhere}, append([]string{"import", "postcodes"}, args...)...)
				if code != 0 || !strings.Contains(out, "Loaded 2 postcodes") {
					t.Errorf("learnwell import postcodes %v: %d\n%s\n%s", args, code, out, errOut)
				}
			}
			if _, err := os.Stat(strings.TrimPrefix(elsewhere, "sqlite:")); !os.IsNotExist(err) {
				t.Errorf("the import opened the environment's database, not --database-url's (%v)", err)
			}

			// Terminated postcodes, when asked for, with the flag after the file.
			if code, out, errOut := importPostcodesCmd(t, dbURL, good, "--include-terminated"); code != 0 || !strings.Contains(out, "Loaded 3 postcodes") {
				t.Errorf("--include-terminated: %d\n%s\n%s", code, out, errOut)
			}

			// A file that is not a postcode directory names what it lacks,
			// and the postcodes in use stay.
			bad := writeFile(t, "people.csv", "name,address\nAda,1 Road\n")
			code, _, errOut = importPostcodesCmd(t, dbURL, bad)
			if code != 1 || !strings.Contains(errOut, "lacks the columns the postcode (pcds, pcd or pcd7), lat, long") {
				t.Errorf("bad file: %d %s", code, errOut)
			}
			if p, _ := db.LocatePostcode(context.Background(), "N7 9ZZ"); !p.Exact {
				t.Errorf("a bad file changed the postcodes in use")
			}
			empty := writeFile(t, "empty.csv", "pcds,doterm,lat,long,laua\nN7 8DB,201001,51.5,-0.1,E09000019\n")
			if code, _, errOut := importPostcodesCmd(t, dbURL, empty); code != 1 || !strings.Contains(errOut, "no postcodes to load") ||
				!strings.Contains(errOut, "unchanged") {
				t.Errorf("no usable rows: %d %s", code, errOut)
			}
		})
	}
}

func TestImportPostcodesUsage(t *testing.T) {
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "x.db")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "give one file"},
		{[]string{"a.csv", "b.csv"}, exitUsage, "give one file"},
		{[]string{"--frobnicate", "a.csv"}, exitUsage, "flag provided but not defined"},
		{[]string{"--help"}, 0, "ONS Postcode Directory"},
		{[]string{"--help"}, 0, "-database-url"},
		{[]string{filepath.Join(t.TempDir(), "missing.csv")}, 1, "cannot be opened"},
	} {
		code, _, errOut := importPostcodesCmd(t, dbURL, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: %d %q, want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}
