package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/importer"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// spreadsheet is a CSV as a provider's spreadsheet saves it: a byte order
// mark, CRLF, headers in their own case and spacing, UK and Excel dates,
// trailing empty rows.
const spreadsheet = "\ufeff" + `course reference,PROVIDER,Provider Description,Course_Title,summary,Subjects,Wellbeing,Level,Fee,Fee is for,How to join,Contact email,Venue,Address line 1,Town,Postcode,Borough,First session,Last session,Days,Frequency,Start time,End time,No sessions on,Places,Unknown column
ART-1,Larkspur Learning,A community learning charity.,Watercolour for beginners,Paint with watercolours.,arts-and-crafts,Loneliness and connection; low-mood,beginner,45,Full fee,Call us,art@example.com,Larkspur Library,12 Example Road,London,n7 9ab,Islington,15/09/2026,08/12/2026,Tuesday,weekly,10am,12:00,26/10/2026 to 30/10/2026 (half term),12,x
ART-1,,,,,,,,,,,,Larkspur Library,12 Example Road,London,N7 9AB,,46399,2027-03-23,tue,,10:00,12:00,,12,
ART-2,Larkspur Learning,,Online drawing,Draw at home with a tutor online.,Arts and crafts,,,free,,Book online,,online,,,,,06/01/2027,,Wednesday,,18:30,8pm,,,
BAD-1,Larkspur Learning,,Broken course,,not-a-subject,,,twelve pounds,,,,Larkspur Library,12 Example Road,London,N7 9AB,,31/02/2027,,Funday,,25:00,09:00,,-3,
,,,,,,,,,,,,,,,,,,,,,,,,,
,,,,,,,,,,,,,,,,,,,,,,,,,
`

func writeCSV(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "larkspur-courses.csv")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(content, "\n", "\r\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCSV(t *testing.T) {
	storetest.EachWith(t, storetest.Options{Clock: learnwell.NewFixedClock(now)}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		path := writeCSV(t, spreadsheet)
		rep, err := importer.ImportCSV(ctx, path, importer.CSVOptions{Options: importer.Options{DB: db}})
		if err != nil {
			t.Fatal(err)
		}
		out := report(rep)
		if rep.Created != 2 || rep.Rejected != 1 || rep.OK() || rep.Source != "larkspur-courses.csv" {
			t.Fatalf("report:\n%s", out)
		}
		rej := rep.Rejections[0]
		if rej.Where != "row 5 (course BAD-1)" {
			t.Errorf("rejected %q", rej.Where)
		}
		want := map[string]string{
			"row 5, Summary":       "Enter a short summary",
			"row 5, Subjects":      `"not-a-subject" is not a subject learnwell knows`,
			"row 5, Fee":           "Enter the fee in pounds and pence",
			"row 5, First session": `"31/02/2027" is not a real date`,
			"row 5, Days":          `"Funday" is not a day of the week`,
			"row 5, Start time":    `Enter the time as 10:00 or 14:30 (found "25:00")`,
			"row 5, Places":        "Enter the number of places as a whole number",
		}
		got := learnwell.FieldMap(rej.Fields)
		for field, msg := range want {
			if !strings.Contains(got[field], msg) {
				t.Errorf("%s = %q, want %q\n%s", field, got[field], msg, out)
			}
		}
		if !strings.Contains(out, `column "Unknown column" is not one learnwell reads`) {
			t.Errorf("no warning for the unknown column:\n%s", out)
		}

		courseID := learnwell.DerivedID("import", "course", "larkspur-courses.csv", "course:ART-1")
		l, err := db.FindListing(ctx, courseID)
		if err != nil {
			t.Fatal(err)
		}
		c := l.Course
		if c.Title != "Watercolour for beginners" || len(c.Wellbeing) != 2 || c.Level != directory.TermID(directory.SchemeLevel, "beginner") ||
			len(c.CostOptions) != 1 || c.CostOptions[0].AmountPence != 4500 || c.Delivery != directory.InPerson {
			t.Errorf("course = %+v", c)
		}
		if len(l.Runs) != 2 {
			t.Fatalf("runs = %+v, want the two rows as two runs", l.Runs)
		}
		autumn, spring := l.Runs[0], l.Runs[1]
		if autumn.FirstSession != directory.NewDate(2026, 9, 15) || autumn.Schedule.Start != (directory.ClockTime{Hour: 10}) ||
			len(autumn.Schedule.Breaks) != 1 || autumn.Schedule.Breaks[0].Label != "half term" || autumn.PlacesTotal != 12 {
			t.Errorf("autumn run = %+v", autumn)
		}
		// 46399 is Excel's serial number for 12 January 2027.
		if spring.FirstSession != directory.NewDate(2027, 1, 12) || spring.LastSession != directory.NewDate(2027, 3, 23) {
			t.Errorf("spring run first session = %v", spring.FirstSession)
		}
		if autumn.LocationID != spring.LocationID || l.Locations[autumn.LocationID].Borough != "E09000019" {
			t.Errorf("venues = %+v", l.Locations)
		}
		online, err := db.FindListing(ctx, learnwell.DerivedID("import", "course", "larkspur-courses.csv", "course:ART-2"))
		if err != nil {
			t.Fatal(err)
		}
		if r := online.Runs; online.Course.Delivery != directory.Online || !online.Course.Free || len(r) != 1 || !r[0].Online() ||
			r[0].LastSession != r[0].FirstSession || r[0].Schedule.Start != (directory.ClockTime{Hour: 18, Minute: 30}) || r[0].Schedule.End != (directory.ClockTime{Hour: 20}) {
			t.Errorf("online course = %+v %+v", online.Course, online.Runs)
		}

		// The same spreadsheet again: unchanged. A changed cell: updated.
		rep, _ = importer.ImportCSV(ctx, path, importer.CSVOptions{Options: importer.Options{DB: db}})
		if rep.Unchanged != 2 || rep.Created != 0 || rep.Updated != 0 {
			t.Fatalf("again:\n%s", report(rep))
		}
		path = writeCSV(t, strings.Replace(spreadsheet, "Watercolour for beginners", "Watercolour painting for beginners", 1))
		rep, _ = importer.ImportCSV(ctx, path, importer.CSVOptions{Options: importer.Options{DB: db}})
		if rep.Updated != 1 || rep.Unchanged != 1 {
			t.Fatalf("changed:\n%s", report(rep))
		}
		counts, _ := db.CountDirectory(ctx)
		if counts != (store.DirectoryCounts{Organisations: 1, Locations: 1, Courses: 2, Runs: 3}) {
			t.Errorf("counts = %+v", counts)
		}
	})
}

func TestImportCSVFileProblems(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(now)})
	for _, tt := range []struct{ content, want string }{
		{"", "The file is empty"},
		{"Provider,Course title\nA,B\n", "no Course reference, Subjects, Summary"},
		{"\xff\xfeP\x00", "not UTF-8"},
	} {
		_, err := importer.ImportCSV(context.Background(), writeCSV(t, tt.content), importer.CSVOptions{Options: importer.Options{DB: db}})
		if learnwell.ErrorCode(err) != learnwell.EINVALID || !strings.Contains(learnwell.ErrorMessage(err), strings.Split(tt.want, ",")[0]) {
			t.Errorf("%q: %v, want %q", tt.content, err, tt.want)
		}
	}
	if got := importer.CSVHeader(); got[0] != "Course reference" || len(got) != len(importer.CSVColumns()) {
		t.Errorf("header = %v", got)
	}
}

// docs/import-csv.md lists every column and every allowed code.
func TestCSVDocsListEveryColumn(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "import-csv.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range importer.CSVColumns() {
		if !strings.Contains(string(doc), "| "+c.Name+" | "+c.Level+" |") {
			t.Errorf("docs/import-csv.md has no row for the column %q", c.Name)
		}
		if c.Allowed == nil {
			continue
		}
		for _, ch := range c.Allowed() {
			if !strings.Contains(string(doc), "| `"+ch.Code+"` | "+ch.Name+" |") {
				t.Errorf("docs/import-csv.md does not list %s code %q", c.Name, ch.Code)
			}
		}
	}
}

func TestImportRefusesTheDemoDatabase(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(now)})
	if err := db.WriteTx(context.Background(), func(tx *store.Tx) error { return tx.MarkDemo(context.Background()) }); err != nil {
		t.Fatal(err)
	}
	_, err := importer.ImportCSV(context.Background(), writeCSV(t, spreadsheet), importer.CSVOptions{Options: importer.Options{DB: db}})
	if learnwell.ErrorCode(err) != learnwell.ECONFLICT {
		t.Errorf("import into the demo database: %v", err)
	}
}

// A provider learnwell already has, by name, is used as it is: the
// spreadsheet's provider columns do not change it, and need no description.
func TestImportCSVJoinsAnExistingProvider(t *testing.T) {
	db := storetest.Open(t, store.SQLite, storetest.Options{Clock: learnwell.NewFixedClock(now)})
	ctx := context.Background()
	org := directory.Organisation{Name: "Larkspur Learning", Description: "Made in learnwell.", Kind: directory.Library}
	if err := db.WriteTx(ctx, func(tx *store.Tx) error { return tx.PutOrganisation(ctx, &org) }); err != nil {
		t.Fatal(err)
	}
	csv := "Course reference,Provider,Provider type,Course title,Summary,Subjects,How to join,Venue,First session,Start time,End time\n" +
		"K-1,LARKSPUR LEARNING,college,Knitting circle,Knit together.,sewing-and-textiles,Just come along,online,06/01/2027,14:00,16:00\n" +
		"K-2,Nobody Yet,,Choir,Sing together.,music,Just come along,online,06/01/2027,14:00,16:00\n"
	rep, err := importer.ImportCSV(ctx, writeCSV(t, csv), importer.CSVOptions{Options: importer.Options{DB: db}})
	if err != nil || rep.Created != 1 || rep.Rejected != 1 {
		t.Fatalf("%v\n%s", err, report(rep))
	}
	if f := learnwell.FieldMap(rep.Rejections[0].Fields); !strings.Contains(f["row 3, Provider description"], "it is new to learnwell") {
		t.Errorf("rejection = %+v", rep.Rejections[0])
	}
	l, err := db.FindListing(ctx, learnwell.DerivedID("import", "course", "larkspur-courses.csv", "course:K-1"))
	if err != nil {
		t.Fatal(err)
	}
	if l.Organisation.ID != org.ID || l.Organisation.Kind != directory.Library || l.Organisation.Description != "Made in learnwell." || !l.Organisation.Source.IsZero() {
		t.Errorf("organisation = %+v", l.Organisation)
	}
}
