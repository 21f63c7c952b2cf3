package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/audit"
	"learnwell/internal/store"
)

// auditNames tells an entry in words for one viewer. An entry holds ids
// only; it shows a user's, an organisation's or an agreement's name where
// the access policy lets the viewer see that record (an organisation admin
// sees their own organisation's users, a platform admin everyone), and says
// "a user of another organisation" and the like where it does not.
type auditNames struct {
	a          account.Actor
	db         *store.DB
	orgs       map[string]account.Organisation
	users      map[string]*account.User // nil: no such user
	agreements map[string]*account.Agreement
}

func newAuditNames(r *http.Request, db *store.DB, orgs map[string]account.Organisation) *auditNames {
	return &auditNames{a: actorOf(r), db: db, orgs: orgs, users: map[string]*account.User{}, agreements: map[string]*account.Agreement{}}
}

// user names a user, or says whose user they are.
func (n *auditNames) user(ctx context.Context, id string) (string, error) {
	if !learnwell.ValidID(id) { // no id, or a row someone edited by hand
		return "someone not on record", nil
	}
	u, err := remembered(ctx, n.users, id, n.db.FindUserByID)
	if err != nil {
		return "", err
	}
	switch {
	case u == nil:
		return "a user who is no longer on record", nil
	case account.Allow(n.a, account.ViewUsers, account.UserOf(*u)):
		return u.Name, nil
	case u.OrganisationID == n.a.OrgID:
		return "a user of your organisation", nil
	}
	return "a user of another organisation", nil
}

// remembered finds a record by id once per page: seen holds what was found
// before, nil for an id that is no longer on record.
func remembered[T any](ctx context.Context, seen map[string]*T, id string, find func(context.Context, string) (T, error)) (*T, error) {
	if v, ok := seen[id]; ok {
		return v, nil
	}
	found, err := find(ctx, id)
	switch {
	case learnwell.ErrorCode(err) == learnwell.ENOTFOUND:
		seen[id] = nil
		return nil, nil
	case err != nil:
		return nil, err
	}
	seen[id] = &found
	return &found, nil
}

// org names an organisation, or says it is another one.
func (n *auditNames) org(id string) string {
	o, ok := n.orgs[id]
	switch {
	case !ok:
		return "an organisation that is no longer on record"
	case account.Allow(n.a, account.ViewOrganisation, account.OrganisationOf(id)):
		return o.Name
	}
	return "another organisation"
}

// agreement names a data sharing agreement by its title.
func (n *auditNames) agreement(ctx context.Context, id string) (string, error) {
	if !learnwell.ValidID(id) {
		return "a data sharing agreement", nil
	}
	ag, err := remembered(ctx, n.agreements, id, n.db.FindAgreementByID)
	if err != nil {
		return "", err
	}
	if ag != nil && account.Allow(n.a, account.ViewAgreements, account.AgreementOf(ag.Parties...)) {
		return "the data sharing agreement \u201c" + ag.Title + "\u201d", nil
	}
	return "a data sharing agreement", nil
}

// subject names what the entry is about, for its sentence.
func (n *auditNames) subject(ctx context.Context, e audit.Entry) (string, error) {
	if e.Action == actionUsersListed {
		return n.org(e.Subject.OrganisationID), nil
	}
	if len(e.Subject.IDs) == 0 {
		return "", nil
	}
	id := e.Subject.IDs[0]
	switch e.Subject.Type {
	case "user":
		return n.user(ctx, id)
	case "organisation":
		return n.org(id), nil
	case "agreement":
		return n.agreement(ctx, id)
	case "token":
		return "an API token", nil
	}
	return "a record", nil
}

// who names the actor.
func (n *auditNames) who(ctx context.Context, e audit.Entry) (string, error) {
	if e.Actor.Kind == audit.ActorSystem {
		return systemWords(e.Actor.System), nil
	}
	name, err := n.user(ctx, e.Actor.UserID)
	if err != nil {
		return "", err
	}
	return upperFirst(name), nil
}

// row tells the entry in words, with its codes and ids for the details.
func (n *auditNames) row(ctx context.Context, e audit.Entry) (auditRow, error) {
	who, err := n.who(ctx, e)
	if err != nil {
		return auditRow{}, err
	}
	name, err := n.subject(ctx, e)
	if err != nil {
		return auditRow{}, err
	}
	row := auditRow{When: spokenTime(e.At), Who: who, What: auditSentence(e.Action, name, len(e.Subject.IDs)),
		Notes: auditCodeWords(e.Action, e.Codes), Where: whereWords(e.Origin), Tech: auditFacts(e)}
	if e.Actor.Role != "" {
		row.Role = "as " + strings.ToLower(account.Role(e.Actor.Role).Label())
	}
	if e.Action == string(account.ActionSignInFailed) && len(e.Subject.IDs) > 0 {
		row.Notes = append([]string{"For the account of " + name + "."}, row.Notes...)
	}
	if e.Reason.Code != "" {
		row.Notes = append(row.Notes, "Reason given: "+strings.ReplaceAll(e.Reason.Code, "_", " ")+".")
	}
	return row, nil
}

// whereWords says where a request came from, in words.
func whereWords(o audit.Origin) string {
	var parts []string
	if c := clientWords[o.Client]; c != "" {
		parts = append(parts, c)
	}
	if nw := networkWords(o.Network); nw != "" {
		parts = append(parts, nw)
	}
	return upperFirst(strings.Join(parts, ", "))
}

// auditFacts lists every field of the entry, as codes and ids, for its
// technical details.
func auditFacts(e audit.Entry) []auditFact {
	var codes []string
	for k, v := range e.Codes {
		codes = append(codes, k+"="+v)
	}
	slices.Sort(codes)
	facts := []auditFact{
		{"Entry", []string{strconv.FormatInt(e.Seq, 10)}},
		{"Time (UTC)", []string{e.At.UTC().Format("2006-01-02T15:04:05.000000Z")}},
		{"Action code", []string{e.Action}},
		{"Actor", []string{e.Actor.Kind}},
		{"Actor user id", []string{e.Actor.UserID}},
		{"Actor organisation id", []string{e.Actor.OrganisationID}},
		{"Actor role code", []string{e.Actor.Role}},
		{"System", []string{e.Actor.System}},
		{"Record type", []string{e.Subject.Type}},
		{"Record ids", e.Subject.IDs},
		{"Records' organisation id", []string{e.Subject.OrganisationID}},
		{"Codes", codes},
		{"Network", []string{e.Origin.Network}},
		{"Request id", []string{e.Origin.RequestID}},
		{"Client", []string{e.Origin.Client}},
		{"Reason code", []string{e.Reason.Code}},
		{"Reason note", []string{e.Reason.Note}},
		{"Hash", []string{e.Hash}},
	}
	out := facts[:0]
	for _, f := range facts {
		if len(f.Values) > 0 && f.Values[0] != "" {
			out = append(out, f)
		}
	}
	return out
}

// upperFirst capitalises a sentence's first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
