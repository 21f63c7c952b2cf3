package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
)

// Users and roles: organisation admins manage their own organisation's
// users, platform admins any organisation's (so a new organisation gets its
// first admin). Every change goes through the accounts service, which checks
// the policy again and audits it in its transaction; every page that shows
// users records the view in the audit trail.

func (s *Server) adminRoutes(own func(string, account.Permission, HandlerFunc) Route,
	rec func(string, account.Permission, RecordKind, HandlerFunc) Route) []Route {
	return []Route{
		rec("GET /organisations/{org}/users", account.ViewUsers, RecordOrgUsers, s.usersList),
		rec("GET /organisations/{org}/users/invite", account.ManageUsers, RecordOrgUsers, s.inviteForm),
		rec("POST /organisations/{org}/users/invite", account.ManageUsers, RecordOrgUsers, s.inviteSubmit),
		rec("GET /users/{user}", account.ViewUsers, RecordUser, s.userPage),
		rec("GET /users/{user}/roles", account.ManageUsers, RecordUser, s.rolesForm),
		rec("POST /users/{user}/roles", account.ManageUsers, RecordUser, s.rolesSubmit),
		rec("GET /users/{user}/deactivate", account.ManageUsers, RecordUser, s.userConfirm("deactivate")),
		rec("POST /users/{user}/deactivate", account.ManageUsers, RecordUser, s.userAction("deactivate")),
		rec("POST /users/{user}/reactivate", account.ManageUsers, RecordUser, s.userAction("reactivate")),
		rec("GET /users/{user}/reset-two-factor", account.ManageUsers, RecordUser, s.userConfirm("reset-two-factor")),
		rec("POST /users/{user}/reset-two-factor", account.ManageUsers, RecordUser, s.userAction("reset-two-factor")),
		rec("POST /users/{user}/resend-invitation", account.ManageUsers, RecordUser, s.userAction("resend-invitation")),
		rec("POST /users/{user}/sign-out-everywhere", account.ManageUsers, RecordUser, s.userAction("sign-out-everywhere")),

		own("GET /organisations", account.ViewOrganisation, s.organisationsList),
		own("GET /organisations/new", account.ManageOrganisations, s.organisationNewForm),
		own("POST /organisations", account.ManageOrganisations, s.organisationCreate),
		rec("GET /organisations/{org}", account.ViewOrganisation, RecordOrganisation, s.organisationPage),
		rec("GET /organisations/{org}/edit", account.ManageOrganisations, RecordOrganisation, s.organisationEditForm),
		rec("POST /organisations/{org}/edit", account.ManageOrganisations, RecordOrganisation, s.organisationUpdate),

		own("GET /agreements", account.ViewAgreements, s.agreementsList),
		own("GET /agreements/new", account.ManageAgreements, s.agreementNewForm),
		own("POST /agreements", account.ManageAgreements, s.agreementCreate),
		rec("GET /agreements/{agreement}", account.ViewAgreements, RecordAgreement, s.agreementPage),
		rec("GET /agreements/{agreement}/edit", account.ManageAgreements, RecordAgreement, s.agreementEditForm),
		rec("POST /agreements/{agreement}/edit", account.ManageAgreements, RecordAgreement, s.agreementUpdate),
		rec("POST /agreements/{agreement}/status", account.ManageAgreements, RecordAgreement, s.agreementStatus),

		own("GET /audit", account.ViewAudit, s.auditSearch),
		own("GET /audit/entries.csv", account.ViewAudit, s.auditExport("csv")),
		own("GET /audit/entries.json", account.ViewAudit, s.auditExport("json")),

		own("GET /account/tokens", account.ManageTokens, s.tokensPage),
		own("GET /account/tokens/new", account.ManageTokens, s.tokenForm),
		own("POST /account/tokens", account.ManageTokens, s.tokenCreate),
		rec("GET /tokens/{token}/revoke", account.ManageTokens, RecordToken, s.tokenRevokeForm),
		rec("POST /tokens/{token}/revoke", account.ManageTokens, RecordToken, s.tokenRevoke),
	}
}

// usersPage is the data of an organisation's users page.
type usersPage struct {
	Organisation account.Organisation
	Users        []userRow
	CanInvite    bool
}

type userRow struct {
	account.User
	Roles string
}

func (s *Server) usersList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	org, err := s.db.FindAccountOrganisationByID(ctx, r.PathValue("org"))
	if err != nil {
		return err
	}
	users, err := s.accounts.Users(ctx, a, org.ID)
	if err != nil {
		return err
	}
	page := usersPage{Organisation: org, CanInvite: can(r, account.ManageUsers, account.UsersOf(org.ID))}
	ids := make([]string, len(users))
	for i, u := range users {
		page.Users = append(page.Users, userRow{User: u, Roles: roleLabels(u.Roles)})
		ids[i] = u.ID
	}
	if err := s.auditView(r, account.ViewUsers, account.UsersOf(org.ID), "user.list", "user", ids, org.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/users", "Users of "+org.Name, page)
	return nil
}

// inviteFormPage is the data of the invitation form.
type inviteFormPage struct {
	Organisation account.Organisation
	Name, Email  string
	Roles        []option
}

// roleOptions are the roles an organisation of the kind can give, as checkboxes.
func roleOptions(kind account.OrgKind, chosen []account.Role) []option {
	var out []option
	for _, role := range account.RolesFor(kind) {
		checked := false
		for _, c := range chosen {
			checked = checked || c == role
		}
		out = append(out, option{Value: string(role), Text: role.Label(), Checked: checked})
	}
	return out
}

func formRoles(r *http.Request) []account.Role {
	var out []account.Role
	for _, v := range values(r, "roles") {
		out = append(out, account.Role(v))
	}
	return out
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) error {
	org, err := s.db.FindAccountOrganisationByID(r.Context(), r.PathValue("org"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/invite", "Invite someone to "+org.Name, inviteFormPage{Organisation: org, Roles: roleOptions(org.Kind, nil)})
	return nil
}

func (s *Server) inviteSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.db.FindAccountOrganisationByID(ctx, r.PathValue("org"))
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := accounts.NewUser{OrganisationID: org.ID, Email: strings.TrimSpace(r.PostForm.Get("email")), Name: r.PostForm.Get("name"), Roles: formRoles(r)}
	// The answer is the same whether the address was invited or is already
	// an account's that this admin may not see (accounts.Service.Invite).
	if _, err := s.accounts.Invite(ctx, actorOf(r), in); err != nil {
		page := inviteFormPage{Organisation: org, Name: in.Name, Email: in.Email, Roles: roleOptions(org.Kind, in.Roles)}
		return s.showForm(w, r, "admin/invite", "Invite someone to "+org.Name, page, inFormOrder(err, inviteFields...))
	}
	s.flash(ctx, "We have emailed "+in.Email+". If the address is new to learnwell, the email invites them, with a link that works once, for 7 days.")
	return seeOther(w, r, "/organisations/"+org.ID+"/users")
}

// inviteFields are the invitation form's fields, in the order it shows them.
var inviteFields = []string{"name", "email", "roles"}

// inFormOrder puts a validation error's messages in the order of the form's
// fields, so the error summary lists them as the form shows them; fields the
// form does not name go last, in the order they came.
func inFormOrder(err error, fields ...string) error {
	var e *learnwell.Error
	if !errors.As(err, &e) || len(e.Fields) < 2 {
		return err
	}
	rank := func(f learnwell.FieldError) int {
		if i := slices.Index(fields, f.Field); i >= 0 {
			return i
		}
		return len(fields)
	}
	sorted := *e
	sorted.Fields = slices.Clone(e.Fields)
	slices.SortStableFunc(sorted.Fields, func(a, b learnwell.FieldError) int { return rank(a) - rank(b) })
	return &sorted
}

// userPageData is the data of a user's page.
type userPageData struct {
	User         account.User
	Organisation account.Organisation
	Roles        string
	CanManage    bool
	Self         bool
	Tokens       []tokenRow
	ShowTokens   bool
	LastSignIn   string
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	u, err := s.accounts.User(ctx, a, r.PathValue("user"))
	if err != nil {
		return err
	}
	org, err := s.db.FindAccountOrganisationByID(ctx, u.OrganisationID)
	if err != nil {
		return err
	}
	page := userPageData{User: u, Organisation: org, Roles: roleLabels(u.Roles), Self: u.ID == a.UserID,
		CanManage: can(r, account.ManageUsers, account.UserOf(u)) && u.ID != a.UserID}
	if !u.LastSignInAt.IsZero() {
		page.LastSignIn = spokenTime(u.LastSignInAt)
	}
	if can(r, account.ManageTokens, account.TokenOf(u.ID, u.OrganisationID)) {
		tokens, err := s.accounts.Tokens(ctx, a, u.ID)
		if err != nil {
			return err
		}
		page.ShowTokens, page.Tokens = true, s.tokenRows(tokens)
	}
	if err := s.auditView(r, account.ViewUsers, account.UserOf(u), "user.view", "user", []string{u.ID}, u.OrganisationID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/user", u.Name, page)
	return nil
}

// rolesPage is the data of the form that changes a user's roles.
type rolesPage struct {
	User  account.User
	Roles []option
}

func (s *Server) rolesForm(w http.ResponseWriter, r *http.Request) error {
	u, org, err := s.userAndOrg(r)
	if err != nil {
		return err
	}
	if err := account.CheckRolesChangeable(u); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin/roles", "Change roles", rolesPage{User: u, Roles: roleOptions(org.Kind, u.Roles)})
	return nil
}

func (s *Server) rolesSubmit(w http.ResponseWriter, r *http.Request) error {
	u, org, err := s.userAndOrg(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	roles := formRoles(r)
	if err := s.accounts.ChangeRoles(r.Context(), actorOf(r), u.ID, roles); err != nil {
		if learnwell.ErrorCode(err) == learnwell.EFORBIDDEN {
			return err
		}
		return s.showForm(w, r, "admin/roles", "Change roles", rolesPage{User: u, Roles: roleOptions(org.Kind, roles)}, err)
	}
	s.flash(r.Context(), "Roles changed for "+u.Name+".")
	return seeOther(w, r, "/users/"+u.ID)
}

func (s *Server) userAndOrg(r *http.Request) (account.User, account.Organisation, error) {
	u, err := s.accounts.User(r.Context(), actorOf(r), r.PathValue("user"))
	if err != nil {
		return u, account.Organisation{}, err
	}
	org, err := s.db.FindAccountOrganisationByID(r.Context(), u.OrganisationID)
	return u, org, err
}

// userActions are what an admin can do to a user with a button: the
// service's method, the question a confirmation page asks, and the message
// afterwards.
var userActions = map[string]struct {
	title, question, button, done string
}{
	"deactivate": {"Deactivate", "They will be signed out at once, their API tokens will stop working, and they will not be able to sign in until an admin reactivates them.",
		"Deactivate", "%s has been deactivated and signed out everywhere."},
	"reactivate":          {"", "", "", "%s can sign in again."},
	"reset-two-factor":    {"Reset the authenticator app of", "Do this if they have lost their phone. They will be signed out at once, and will set up a new authenticator app the next time they sign in. Their recovery codes will stop working.", "Reset authenticator app", "The authenticator app of %s has been reset. They will set up a new one when they next sign in."},
	"resend-invitation":   {"", "", "", "A new invitation has been sent to %s. Earlier links no longer work."},
	"sign-out-everywhere": {"", "", "", "%s has been signed out everywhere."},
}

// confirmPage is the data of a page that asks an admin to confirm.
type confirmPage struct {
	User     account.User
	Action   string
	Question string
	Button   string
}

func (s *Server) userConfirm(action string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.accounts.User(r.Context(), actorOf(r), r.PathValue("user"))
		if err != nil {
			return err
		}
		a := userActions[action]
		s.render(w, r, http.StatusOK, "admin/confirm", a.title+" "+u.Name+"?", confirmPage{User: u, Action: action, Question: a.question, Button: a.button})
		return nil
	}
}

func (s *Server) userAction(action string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		a := actorOf(r)
		u, err := s.accounts.User(ctx, a, r.PathValue("user"))
		if err != nil {
			return err
		}
		switch action {
		case "deactivate":
			err = s.accounts.Deactivate(ctx, a, u.ID)
		case "reactivate":
			err = s.accounts.Reactivate(ctx, a, u.ID)
		case "reset-two-factor":
			err = s.accounts.ResetSecondFactor(ctx, a, u.ID)
		case "resend-invitation":
			err = s.accounts.ResendInvitation(ctx, a, u.ID)
		case "sign-out-everywhere":
			if u.ID == a.UserID {
				err = learnwell.Errorf(learnwell.EFORBIDDEN, "Use “Sign out everywhere” on your account page.")
			} else {
				err = s.accounts.SignOutEverywhere(ctx, a, u.ID)
			}
		}
		if err != nil {
			return err
		}
		s.flash(ctx, strings.Replace(userActions[action].done, "%s", u.Name, 1))
		return seeOther(w, r, "/users/"+u.ID)
	}
}
