package importer

import (
	"fmt"
	"io"
	"strings"

	"learnwell"
	"learnwell/internal/store"
)

// Report is what an import did: how many records it created, updated, found
// unchanged and rejected, why each rejected record was rejected, and the
// warnings about records it kept but had to change or leave parts of.
type Report struct {
	Source    string // where the records came from: a feed's base URL or a file's name
	Noun      string // what a record is, plural: "services", "courses"
	Created   int
	Updated   int
	Unchanged int
	Rejected  int
	// Rejections and Warnings are in the order of the records.
	Rejections []Rejection
	Warnings   []Warning
	// Interrupted is set when the import was stopped (SIGINT, SIGTERM)
	// before the end: what was written is consistent, and running the same
	// import again carries on.
	Interrupted bool
	// Failed is why the import stopped early other than by interruption (a
	// feed page that could not be read), or "".
	Failed string
}

// Rejection is one record that was not imported.
type Rejection struct {
	Where  string                 // "record 7 (service 3f2a...)", "rows 5 to 7 (course ART-101)"
	Reason string                 // for a person
	Fields []learnwell.FieldError // one message per bad field or cell, if any
}

// Warning is something about a record that was imported: a part left out, a
// value that could not be used.
type Warning struct {
	Where   string
	Message string
}

// Total is the number of records looked at.
func (r *Report) Total() int { return r.Created + r.Updated + r.Unchanged + r.Rejected }

// OK reports whether every record was imported and the import ran to the
// end: what a script checks through the exit status.
func (r *Report) OK() bool { return r.Rejected == 0 && !r.Interrupted && r.Failed == "" }

func (r *Report) count(o store.ImportOutcome) {
	switch o {
	case store.ImportCreated:
		r.Created++
	case store.ImportUpdated:
		r.Updated++
	default:
		r.Unchanged++
	}
}

func (r *Report) reject(where string, err error) {
	r.Rejected++
	rej := Rejection{Where: where, Reason: learnwell.ErrorMessage(err), Fields: learnwell.ErrorFields(err)}
	if len(rej.Fields) > 0 && rej.Reason == "There is a problem" {
		rej.Reason = "fix these and import it again"
	}
	if learnwell.ErrorCode(err) == learnwell.EINTERNAL {
		rej.Reason = "it could not be stored: " + err.Error()
	}
	r.Rejections = append(r.Rejections, rej)
}

// Counts returns the one-line summary: "3 created, 1 updated, 40 unchanged, 2 rejected".
func (r *Report) Counts() string {
	return fmt.Sprintf("%d created, %d updated, %d unchanged, %d rejected", r.Created, r.Updated, r.Unchanged, r.Rejected)
}

// Write writes the report for the person who ran the import.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "Imported %d %s from %s: %s.\n", r.Total(), r.Noun, r.Source, r.Counts())
	switch {
	case r.Interrupted:
		fmt.Fprintln(w, "The import was interrupted. What was imported is kept; run the same import again to carry on.")
	case r.Failed != "":
		fmt.Fprintf(w, "The import stopped early: %s\nWhat was imported is kept; run the same import again to carry on.\n", r.Failed)
	}
	if len(r.Rejections) > 0 {
		fmt.Fprintf(w, "\nRejected (%d):\n", len(r.Rejections))
		for _, rej := range r.Rejections {
			fmt.Fprintf(w, "  %s: %s\n", rej.Where, strings.TrimSuffix(rej.Reason, "."))
			for _, f := range rej.Fields {
				fmt.Fprintf(w, "    %s: %s\n", f.Field, f.Message)
			}
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(w, "\nWarnings (%d):\n", len(r.Warnings))
		for _, wa := range r.Warnings {
			fmt.Fprintf(w, "  %s: %s\n", wa.Where, wa.Message)
		}
	}
}
