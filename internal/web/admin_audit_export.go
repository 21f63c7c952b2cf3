package web

import (
	"encoding/csv"
	"encoding/json"
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

// auditExport serves the entries of a search in a format.
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
		// Read every page before writing, so a failure is an error page, not half a file.
		var out []auditExportEntry
		for {
			entries, _, err := s.db.FindAuditEntries(r.Context(), f)
			if err != nil {
				return err
			}
			for _, e := range entries {
				out = append(out, exportEntryOf(e))
			}
			if len(entries) < f.Limit {
				break
			}
			f.Offset += f.Limit
		}
		w.Header().Set("Content-Disposition", `attachment; filename="audit-entries.`+format+`"`)
		w.Header().Set("Cache-Control", "no-store")
		if format == "json" {
			w.Header().Set("Content-Type", "application/json")
			if out == nil {
				out = []auditExportEntry{}
			}
			return json.NewEncoder(w).Encode(map[string]any{"entries": out})
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		cw := csv.NewWriter(w)
		if err := cw.Write(auditExportColumns); err != nil {
			return err
		}
		for _, x := range out {
			if err := cw.Write(x.csvRecord()); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
}
