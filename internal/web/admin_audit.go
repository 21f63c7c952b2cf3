package web

import (
	"net/http"
	"net/url"
	"slices"
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
// entries (those its people made, and those about its records), by user,
// action, record id and date range, newest first, a page at a time.

const auditPerPage = 50

// auditActions are the action codes the page offers.
func auditActions() []string {
	out := []string{
		string(account.ActionSignedIn), string(account.ActionSignInFailed), string(account.ActionSignedOutEverywhere),
		string(account.ActionPasswordResetAsked), string(account.ActionPasswordReset), string(account.ActionPasswordChanged),
		string(account.ActionSecondFactorSetUp), string(account.ActionSecondFactorReset), string(account.ActionRecoveryCodeUsed),
		string(account.ActionRecoveryCodesNew), string(account.ActionUserInvited), string(account.ActionUserActivated),
		string(account.ActionRolesChanged), string(account.ActionUserDeactivated), string(account.ActionUserReactivated),
		"user.view", "user.list", string(account.ActionTokenCreated), string(account.ActionTokenRevoked),
		string(account.ActionOrganisationCreated), string(account.ActionOrganisationUpdated), string(account.ActionAgreementCreated),
		string(account.ActionAgreementUpdated), string(account.ActionAgreementActivated), string(account.ActionAgreementEnded),
	}
	slices.Sort(out)
	return out
}

// auditPage is the data of the audit search page.
type auditPage struct {
	Users    []option
	Actions  []option
	RecordID string
	From, To dateFields
	Entries  []auditRow
	Total    int
	Page     int
	Pages    int
	Prev     string
	Next     string
	Searched bool
}

type auditRow struct {
	When, Who, Role, Action, Subject, Network, Client string
	IDs                                               []string
	Codes                                             string
}

func (s *Server) auditSearch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	q := r.URL.Query()
	users, err := s.db.FindUsers(ctx, store.UserFilter{OrganisationID: a.OrgID})
	if err != nil {
		return err
	}
	names := map[string]string{}
	page := auditPage{RecordID: strings.TrimSpace(q.Get("record_id")), Page: 1}
	page.Users = []option{{Value: "", Text: "Anyone"}}
	for _, u := range users {
		names[u.ID] = u.Name
		page.Users = append(page.Users, option{Value: u.ID, Text: u.Name, Checked: q.Get("user_id") == u.ID})
	}
	page.Actions = []option{{Value: "", Text: "Any action"}}
	for _, act := range auditActions() {
		page.Actions = append(page.Actions, option{Value: act, Text: act, Checked: q.Get("action") == act})
	}
	f := audit.Filter{OrganisationID: a.OrgID, ActorUserID: q.Get("user_id"), Action: q.Get("action"), RecordID: page.RecordID, Limit: auditPerPage}
	var v learnwell.Validation
	if f.ActorUserID != "" && names[f.ActorUserID] == "" {
		v.Add("user_id", "Select a user from the list")
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			v.Add("page", "The page number must be a whole number of 1 or more")
		} else {
			page.Page = n
		}
	}
	from, ff, ok := dateInput(q, "from")
	page.From = ff
	if !ok {
		v.Add("from-day", "The start of the date range must be a real date, like 1 11 2026")
	}
	to, tf, ok := dateInput(q, "to")
	page.To = tf
	if !ok {
		v.Add("to-day", "The end of the date range must be a real date, like 30 11 2026")
	}
	if !from.IsZero() {
		f.From = londonMidnight(from)
	}
	if !to.IsZero() {
		f.To = londonMidnight(to.AddDays(1)) // the whole of the last day
	}
	f.Offset = (page.Page - 1) * auditPerPage
	for _, fe := range learnwell.ErrorFields(f.Validate()) {
		if fe.Field == "to" {
			fe.Field = "to-day"
		}
		v.Add(fe.Field, fe.Message)
	}
	if err := v.Err(); err != nil {
		return s.showForm(w, r, "admin/audit", "Audit trail", page, err)
	}
	entries, total, err := s.db.FindAuditEntries(ctx, f)
	if err != nil {
		return err
	}
	page.Total, page.Pages = total, (total+auditPerPage-1)/auditPerPage
	for _, e := range entries {
		page.Entries = append(page.Entries, auditRowOf(e, names, a.OrgID))
	}
	if page.Page > 1 {
		page.Prev = auditPageURL(q, page.Page-1)
	}
	if page.Page < page.Pages {
		page.Next = auditPageURL(q, page.Page+1)
	}
	s.render(w, r, http.StatusOK, "admin/audit", "Audit trail", page)
	return nil
}

func auditRowOf(e audit.Entry, names map[string]string, orgID string) auditRow {
	row := auditRow{When: spokenTime(e.At), Action: e.Action, Subject: e.Subject.Type, IDs: e.Subject.IDs,
		Network: e.Origin.Network, Client: strings.ReplaceAll(e.Origin.Client, "_", " "), Role: e.Actor.Role}
	switch {
	case e.Actor.Kind == audit.ActorSystem:
		row.Who = "learnwell (" + e.Actor.System + ")"
	case names[e.Actor.UserID] != "":
		row.Who = names[e.Actor.UserID]
	case e.Actor.OrganisationID == orgID:
		row.Who = "A user of your organisation (" + e.Actor.UserID + ")"
	default:
		row.Who = "Someone from another organisation (" + e.Actor.UserID + ")"
	}
	var codes []string
	for k, v := range e.Codes {
		codes = append(codes, k+": "+v)
	}
	slices.Sort(codes)
	row.Codes = strings.Join(codes, ", ")
	return row
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
