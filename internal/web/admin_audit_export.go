package web

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/audit"
)

// The exports of an audit search: every entry that matches (not one page),
// newest first, with every field as the trail keeps it (codes and ids), as
// CSV or JSON, under the permission of the search page. They add the
// action's plain-words label; they carry no names, so an export holds no
// more personal data than the trail itself.

// auditExportColumns are the CSV's columns, and the JSON objects' fields.
var auditExportColumns = []string{"seq", "at", "action", "action_label", "actor_kind", "actor_user_id",
	"actor_organisation_id", "actor_role", "actor_system", "subject_type", "subject_ids",
	"subject_organisation_id", "codes", "origin_network", "origin_request_id", "origin_client",
	"reason_code", "reason_note", "prev_hash", "hash"}

// auditExportEntry is one entry of the JSON export.
type auditExportEntry struct {
	Seq                   int64             `json:"seq"`
	At                    string            `json:"at"`
	Action                string            `json:"action"`
	ActionLabel           string            `json:"action_label"`
	ActorKind             string            `json:"actor_kind"`
	ActorUserID           string            `json:"actor_user_id"`
	ActorOrganisationID   string            `json:"actor_organisation_id"`
	ActorRole             string            `json:"actor_role"`
	ActorSystem           string            `json:"actor_system"`
	SubjectType           string            `json:"subject_type"`
	SubjectIDs            []string          `json:"subject_ids"`
	SubjectOrganisationID string            `json:"subject_organisation_id"`
	Codes                 map[string]string `json:"codes"`
	OriginNetwork         string            `json:"origin_network"`
	OriginRequestID       string            `json:"origin_request_id"`
	OriginClient          string            `json:"origin_client"`
	ReasonCode            string            `json:"reason_code"`
	ReasonNote            string            `json:"reason_note"`
	PrevHash              string            `json:"prev_hash"`
	Hash                  string            `json:"hash"`
}

func exportEntryOf(e audit.Entry) auditExportEntry {
	ids, codes := e.Subject.IDs, e.Codes
	if ids == nil {
		ids = []string{}
	}
	if codes == nil {
		codes = map[string]string{}
	}
	return auditExportEntry{Seq: e.Seq, At: e.At.UTC().Format(time.RFC3339Nano), Action: e.Action,
		ActionLabel: auditActionWords[e.Action].Label, ActorKind: e.Actor.Kind, ActorUserID: e.Actor.UserID,
		ActorOrganisationID: e.Actor.OrganisationID, ActorRole: e.Actor.Role, ActorSystem: e.Actor.System,
		SubjectType: e.Subject.Type, SubjectIDs: ids, SubjectOrganisationID: e.Subject.OrganisationID,
		Codes: codes, OriginNetwork: e.Origin.Network, OriginRequestID: e.Origin.RequestID,
		OriginClient: e.Origin.Client, ReasonCode: e.Reason.Code, ReasonNote: e.Reason.Note,
		PrevHash: e.PrevHash, Hash: e.Hash}
}

// csvRecord is the entry as a CSV row: record ids separated by spaces,
// codes as name=value separated by spaces, in name order.
func (x auditExportEntry) csvRecord() []string {
	codes := make([]string, 0, len(x.Codes))
	for _, k := range slices.Sorted(maps.Keys(x.Codes)) {
		codes = append(codes, k+"="+x.Codes[k])
	}
	row := []string{strconv.FormatInt(x.Seq, 10), x.At, x.Action, x.ActionLabel, x.ActorKind, x.ActorUserID,
		x.ActorOrganisationID, x.ActorRole, x.ActorSystem, x.SubjectType, strings.Join(x.SubjectIDs, " "),
		x.SubjectOrganisationID, strings.Join(codes, " "), x.OriginNetwork, x.OriginRequestID, x.OriginClient,
		x.ReasonCode, x.ReasonNote, x.PrevHash, x.Hash}
	for i, v := range row {
		row[i] = csvSafe(v)
	}
	return row
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// auditExport serves the entries of a search in a format. It writes a page
// of entries at a time, so memory stays the same however many match. The
// first page is read before anything is written, so a failure there is an
// error page; a failure later aborts the response, so the download fails
// rather than stopping short as if complete.
func (s *Server) auditExport(format string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		aq, err := s.readAuditQuery(r)
		if learnwell.ErrorCode(err) == learnwell.EINVALID {
			return s.showForm(w, r, "admin/audit", "Audit trail", aq.page, err)
		}
		if err != nil {
			return err
		}
		f := aq.filter
		f.Limit, f.Offset = audit.MaxPageSize, 0
		entries, _, err := s.db.FindAuditEntries(r.Context(), f)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", `attachment; filename="audit-entries.`+format+`"`)
		w.Header().Set("Cache-Control", "no-store")
		out := newAuditExportWriter(w, format)
		for {
			for _, e := range entries {
				out.write(exportEntryOf(e))
			}
			if len(entries) < f.Limit {
				break
			}
			f.Offset += f.Limit
			if entries, _, err = s.db.FindAuditEntries(r.Context(), f); err != nil {
				s.log.ErrorContext(r.Context(), "audit export stopped", "error", err)
				panic(http.ErrAbortHandler)
			}
		}
		if err := out.close(); err != nil {
			s.log.ErrorContext(r.Context(), "audit export", "error", err)
			panic(http.ErrAbortHandler)
		}
		return nil
	}
}

// auditExportWriter writes entries as CSV rows or as the elements of a JSON
// document {"entries": [...]}.
type auditExportWriter struct {
	w     http.ResponseWriter
	csv   *csv.Writer // nil for JSON
	n     int
	err   error
	flush func()
}

func newAuditExportWriter(w http.ResponseWriter, format string) *auditExportWriter {
	x := &auditExportWriter{w: w, flush: func() {}}
	if f, ok := w.(http.Flusher); ok {
		x.flush = f.Flush
	}
	if format == "json" {
		w.Header().Set("Content-Type", "application/json")
		_, x.err = io.WriteString(w, `{"entries":[`)
		return x
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	x.csv = csv.NewWriter(w)
	x.err = x.csv.Write(auditExportColumns)
	return x
}

func (x *auditExportWriter) write(e auditExportEntry) {
	if x.err != nil {
		return
	}
	if x.csv != nil {
		x.err = x.csv.Write(e.csvRecord())
	} else {
		b, err := json.Marshal(e)
		if err == nil && x.n > 0 {
			_, err = io.WriteString(x.w, ",")
		}
		if err == nil {
			_, err = x.w.Write(b)
		}
		x.err = err
	}
	x.n++
	if x.n%audit.MaxPageSize == 0 {
		x.end()
	}
}

// end flushes what is buffered to the client.
func (x *auditExportWriter) end() {
	if x.csv != nil {
		x.csv.Flush()
		if x.err == nil {
			x.err = x.csv.Error()
		}
	}
	x.flush()
}

func (x *auditExportWriter) close() error {
	if x.csv == nil && x.err == nil {
		_, x.err = io.WriteString(x.w, "]}\n")
	}
	x.end()
	return x.err
}
