package web_test

import (
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"learnwell/internal/importer"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// The template's header row is the importer's column list, and a
// spreadsheet that starts from it is read by the importer.
func TestCourseTemplateCSV(t *testing.T) {
	app := newApp(t, storetest.Open(t, store.SQLite, storetest.Options{}), false)
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/courses/template.csv", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "learnwell-courses-template.csv") {
		t.Fatalf("GET /courses/template.csv = %d %v", rec.Code, rec.Header())
	}
	body := rec.Body.String()
	if !strings.HasPrefix(body, "\ufeffCourse reference,Provider,") || !strings.HasSuffix(body, "\r\n") {
		t.Fatalf("template = %q", body)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 1 {
		t.Fatalf("template rows = %v, %v", rows, err)
	}
	if !slices.Equal(rows[0], importer.CSVHeader()) {
		t.Errorf("template header = %v, want the importer's columns %v", rows[0], importer.CSVHeader())
	}
}
