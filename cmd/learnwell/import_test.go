package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportUsageErrorsExitTwo(t *testing.T) {
	env := map[string]string{"LEARNWELL_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "import.db")}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "import needs what to import"},
		{[]string{"import", "xml", "f.xml"}, `import "xml": import oruk, csv or postcodes`},
		{[]string{"import", "oruk"}, "takes one file or URL (got 0)"},
		{[]string{"import", "csv", "a.csv", "b.csv"}, "takes one file or URL (got 2)"},
		{[]string{"import", "csv", "https://example.org/courses.csv"}, "reads a file"},
		{[]string{"import", "oruk", "--modified-after", "yesterday", "https://example.org/oruk"}, "--modified-after must be"},
		{[]string{"import", "oruk", "--concurrency", "0", "f.json"}, "--concurrency must be from 1 to 32"},
		{[]string{"import", "oruk", "--subject", "knitting", "f.json"}, `--subject "knitting" is not a subject code`},
		{[]string{"import", "csv", "--subject", "music", "f.csv"}, "are for import oruk"},
		{[]string{"import", "oruk", "--no-such-flag", "f.json"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, env, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	code, _, errOut := runCmd(t, nil, "import", "--help")
	if code != 0 || !strings.Contains(errOut, "Usage: learnwell import [flags] oruk FILE|URL  |  csv FILE  |  postcodes FILE") || !strings.Contains(errOut, "-modified-after") {
		t.Errorf("import --help = %d %q", code, errOut)
	}
}

func TestImportEndToEnd(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"LEARNWELL_DATABASE_URL": "sqlite:" + filepath.Join(dir, "import.db")}

	// An official ORUK example imports, with its warnings, and exits 0.
	example := filepath.Join("..", "..", "internal", "importer", "testdata", "open-referral", "oruk-3.0", "service_full.json")
	code, out, errOut := runCmd(t, env, "import", "oruk", "--source", "example-feed", example)
	if code != 0 || !strings.Contains(out, "Imported 1 services from example-feed: 1 created, 0 updated, 0 unchanged, 0 rejected.") ||
		!strings.Contains(out, "Warnings") {
		t.Fatalf("import oruk = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	code, out, _ = runCmd(t, env, "import", "oruk", example, "--source", "example-feed")
	if code != 0 || !strings.Contains(out, "0 created, 0 updated, 1 unchanged, 0 rejected") {
		t.Fatalf("again = %d %s", code, out)
	}

	// A spreadsheet with a bad course: the good one lands, the report names
	// the bad rows, and the exit status is 1 so scripts notice.
	csv := "Course reference,Provider,Provider description,Course title,Summary,Subjects,How to join,Venue,Address line 1,Town,Postcode,First session,Last session,Start time,End time\n" +
		"GOOD-1,Larkspur Learning,A charity.,Knitting circle,Knit together.,sewing-and-textiles,Just come along,online,,,,06/01/2027,24/03/2027,14:00,16:00\n" +
		"BAD-1,Larkspur Learning,,Mystery,Who knows.,sewing-and-textiles,Just come along,online,,,,06/01/2027,24/03/2027,4pm,2pm\n"
	path := filepath.Join(dir, "courses.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCmd(t, env, "import", "csv", path)
	if code != 1 || !strings.Contains(out, "Imported 2 courses from courses.csv: 1 created, 0 updated, 0 unchanged, 1 rejected.") ||
		!strings.Contains(out, "row 3 (course BAD-1)") || !strings.Contains(out, "row 3, End time: End time must be after the start time") ||
		!strings.Contains(errOut, "1 of 2 courses were rejected") {
		t.Fatalf("import csv = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if strings.Contains(errOut, "\r[") {
		t.Error("a progress bar was drawn on a stderr that is not a terminal")
	}

	// A file that is not JSON: the import fails (1), it was not misused (2).
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte("<html>"), 0o600)
	if code, _, errOut := runCmd(t, env, "import", "oruk", bad); code != 1 || !strings.Contains(errOut, "not JSON services") {
		t.Errorf("bad file = %d %q", code, errOut)
	}
}
