package web

import (
	"encoding/csv"
	"net/http"

	"learnwell/internal/importer"
)

// courseTemplateCSV serves the spreadsheet template providers fill in for
// `learnwell import csv`: the header row, made from the importer's own column
// list so the two cannot drift. docs/import-csv.md explains each column.
func courseTemplateCSV(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="learnwell-courses-template.csv"`)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if r.Method == http.MethodHead {
		return nil
	}
	// A byte order mark, so Excel opens the file as UTF-8.
	_, _ = w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	_ = cw.Write(importer.CSVHeader())
	cw.Flush()
	return cw.Error()
}
