package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/audit"
	"learnwell/internal/directory"
	"learnwell/internal/store"
)

// The audit search page: an organisation admin searches their organisation's
// entries (those its people made, and those about its records), a platform
// admin every organisation's or one's, by user, action, record id and date
// range, newest first, a page at a time. Entries are told in plain words,
// with names where the viewer may see them (the access policy decides,
// admin_audit_names.go); the codes and ids are in each entry's technical
// details and in the CSV and JSON exports (admin_audit_export.go).

const auditPerPage = 50

// auditPage is the data of the audit search page.
type auditPage struct {
	Orgs         []option // offered only to those who may search every organisation
	Users        []option
	Actions      []option
	RecordID     string
	From, To     dateFields
	Entries      []auditRow
	Total        int
	Page         int
	Pages        int
	Prev         string
	Next         string
	CSV, JSON    string // the exports of the entries found
	AllOrgs      bool   // the search covers every organisation
	Organisation string // the name of the organisation searched, when one
}

// auditRow is one entry in words, with its codes for the technical details.
type auditRow struct {
	When, Who, Role, What, Where string
	Notes                        []string
	Tech                         []auditFact
}

// auditFact is one line of an entry's technical details.
type auditFact struct {
	Name   string
	Values []string
}

// auditQuery is a search of the trail read from a query string.
type auditQuery struct {
	filter audit.Filter
	page   auditPage
	orgs   map[string]account.Organisation
}

// readAuditQuery reads and checks a search. A search of an organisation the
// policy does not let the viewer see is refused (EFORBIDDEN); other mistakes
// are field errors (EINVALID).
func (s *Server) readAuditQuery(r *http.Request) (auditQuery, error) {
	ctx := r.Context()
	a := actorOf(r)
	q := r.URL.Query()
	aq := auditQuery{page: auditPage{RecordID: strings.TrimSpace(q.Get("record_id")), Page: 1}}
	orgs, err := s.db.FindAccountOrganisations(ctx, store.AccountOrganisationFilter{})
	if err != nil {
		return aq, err
	}
	aq.orgs = map[string]account.Organisation{}
	for _, o := range orgs {
		aq.orgs[o.ID] = o
	}
	var v learnwell.Validation
	orgID := q.Get("organisation_id")
	everyOrg := account.Allow(a, account.ViewAudit, account.AuditOf(""))
	switch {
	case orgID != "":
		if err := account.Check(a, account.ViewAudit, account.AuditOf(orgID)); err != nil {
			return aq, err
		}
		if _, ok := aq.orgs[orgID]; !ok {
			v.Add("organisation_id", "Select an organisation from the list")
		}
	case !everyOrg:
		orgID = a.OrgID
	}
	if everyOrg {
		aq.page.Orgs = []option{{Value: "", Text: "Every organisation"}}
		for _, o := range orgs {
			aq.page.Orgs = append(aq.page.Orgs, option{Value: o.ID, Text: o.Name, Checked: o.ID == orgID})
		}
	}
	aq.page.AllOrgs = orgID == ""
	aq.page.Organisation = aq.orgs[orgID].Name
	if err := aq.readUsers(s, r, orgID); err != nil {
		return aq, err
	}
	aq.page.Actions = []option{{Value: "", Text: "Any action"}}
	for _, act := range auditActionCodes() {
		aq.page.Actions = append(aq.page.Actions, option{Value: act, Text: auditActionWords[act].Label, Checked: q.Get("action") == act})
	}
	f := audit.Filter{OrganisationID: orgID, ActorUserID: q.Get("user_id"), Action: q.Get("action"), RecordID: aq.page.RecordID, Limit: auditPerPage}
	if f.ActorUserID != "" && !optionOffered(aq.page.Users, f.ActorUserID) {
		v.Add("user_id", "Select a user from the list")
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			v.Add("page", "The page number must be a whole number of 1 or more")
		} else {
			aq.page.Page = n
		}
	}
	from, ff, ok := dateInput(q, "from")
	aq.page.From = ff
	if !ok {
		v.Add("from-day", "The start of the date range must be a real date, like 1 11 2026")
	}
	to, tf, ok := dateInput(q, "to")
	aq.page.To = tf
	if !ok {
		v.Add("to-day", "The end of the date range must be a real date, like 30 11 2026")
	}
	if !from.IsZero() {
		f.From = londonMidnight(from)
	}
	if !to.IsZero() {
		f.To = londonMidnight(to.AddDays(1)) // the whole of the last day
	}
	f.Offset = (aq.page.Page - 1) * auditPerPage
	for _, fe := range learnwell.ErrorFields(f.Validate()) {
		if fe.Field == "to" {
			fe.Field = "to-day"
		}
		v.Add(fe.Field, fe.Message)
	}
	aq.filter = f
	return aq, v.Err()
}

// readUsers offers the users of the organisation searched (of every
// organisation, with its name, when the search covers them all).
func (aq *auditQuery) readUsers(s *Server, r *http.Request, orgID string) error {
	users, err := s.db.FindUsers(r.Context(), store.UserFilter{OrganisationID: orgID})
	if err != nil {
		return err
	}
	chosen := r.URL.Query().Get("user_id")
	aq.page.Users = []option{{Value: "", Text: "Anyone"}}
	for _, u := range users {
		text := u.Name
		if orgID == "" {
			text += " (" + aq.orgs[u.OrganisationID].Name + ")"
		}
		aq.page.Users = append(aq.page.Users, option{Value: u.ID, Text: text, Checked: chosen == u.ID})
	}
	return nil
}

func optionOffered(opts []option, value string) bool {
	for _, o := range opts {
		if o.Value == value {
			return true
		}
	}
	return false
}

func (s *Server) auditSearch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	aq, err := s.readAuditQuery(r)
	if learnwell.ErrorCode(err) == learnwell.EINVALID {
		return s.showForm(w, r, "admin/audit", "Audit trail", aq.page, err)
	}
	if err != nil {
		return err
	}
	entries, total, err := s.db.FindAuditEntries(ctx, aq.filter)
	if err != nil {
		return err
	}
	page := aq.page
	page.Total, page.Pages = total, (total+auditPerPage-1)/auditPerPage
	names := newAuditNames(r, s.db, aq.orgs)
	for _, e := range entries {
		row, err := names.row(ctx, e)
		if err != nil {
			return err
		}
		page.Entries = append(page.Entries, row)
	}
	q := r.URL.Query()
	if page.Page > 1 {
		page.Prev = auditPageURL(q, page.Page-1)
	}
	if page.Page < page.Pages {
		page.Next = auditPageURL(q, page.Page+1)
	}
	page.CSV, page.JSON = auditExportURL(q, "csv"), auditExportURL(q, "json")
	s.render(w, r, http.StatusOK, "admin/audit", "Audit trail", page)
	return nil
}

// auditExportURL is the export of the search in the query, every page of it.
func auditExportURL(q url.Values, format string) string {
	c := url.Values{}
	for k, v := range q {
		if k != "page" {
			c[k] = v
		}
	}
	u := "/audit/entries." + format
	if len(c) > 0 {
		u += "?" + c.Encode()
	}
	return u
}

// londonMidnight is the instant a London date starts.
func londonMidnight(d directory.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, learnwell.London)
}

// dateInput reads a date input (NAME[day], NAME[month], NAME[year]) from a
// form or query string: the date, the boxes as typed, and whether it is a
// real date; all boxes empty is the zero date.
func dateInput(q url.Values, name string) (directory.Date, dateFields, bool) {
	f := dateFields{Day: strings.TrimSpace(q.Get(name + "[day]")), Month: strings.TrimSpace(q.Get(name + "[month]")), Year: strings.TrimSpace(q.Get(name + "[year]"))}
	if f == (dateFields{}) {
		return directory.Date{}, f, true
	}
	d, errD := strconv.Atoi(f.Day)
	m, errM := strconv.Atoi(f.Month)
	y, errY := strconv.Atoi(f.Year)
	if errD != nil || errM != nil || errY != nil || y < 2000 || y > 2200 {
		return directory.Date{}, f, false
	}
	date := directory.NewDate(y, time.Month(m), d)
	return date, f, date.Day == d && int(date.Month) == m && date.Year == y
}

func auditPageURL(q url.Values, n int) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	c.Set("page", strconv.Itoa(n))
	return "/audit?" + c.Encode()
}
