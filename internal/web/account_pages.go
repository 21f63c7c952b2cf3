package web

import (
	"net/http"

	"learnwell/internal/account"
)

// The signed-in person's own account: who they are, what they can do here,
// their password, recovery codes and sessions.

// demoAccountFixed says, on the pages that would change a sign-in, that a
// demo account's cannot change.
func demoAccountFixed() string { return account.MsgDemoAccountFixed }

func demoRolesFixed() string { return account.MsgDemoRolesFixed }

// accountPage is the data of /account.
type accountPage struct {
	User          account.User
	Organisation  account.Organisation
	Roles         string
	RecoveryLeft  int
	Links         []navLink
	LastSignIn    string
	SignedInSince string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	left, err := s.accounts.RecoveryCodesLeft(r.Context(), v.User.ID)
	if err != nil {
		return err
	}
	page := accountPage{User: v.User, Organisation: v.Organisation, Roles: roleLabels(v.User.Roles), RecoveryLeft: left}
	if !v.User.LastSignInAt.IsZero() {
		page.LastSignIn = spokenTime(v.User.LastSignInAt)
	}
	page.Links = accountLinks(r) // what their roles let them use
	if can(r, account.ViewOrganisation, account.OrganisationOf(v.Organisation.ID)) {
		page.Links = append(page.Links, navLink{Href: "/organisations/" + v.Organisation.ID, Text: "Your organisation"})
	}
	s.render(w, r, http.StatusOK, "account/account", "Your account", page)
	return nil
}

// passwordChangePage is the data of the page that changes a password.
// Demo says the account is a demo account, whose password cannot change.
type passwordChangePage struct {
	Email string
	Demo  bool
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	u := viewerOf(r.Context()).User
	s.render(w, r, http.StatusOK, "account/password", "Change your password", passwordChangePage{Email: u.Email, Demo: u.Demo})
	return nil
}

// passwordSubmit changes the password after checking the current one. Every
// session of theirs ends, so this one starts again with a new id.
func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	v := viewerOf(r.Context())
	err := s.accounts.ChangePassword(r.Context(), v.Actor, r.PostForm.Get("current_password"), r.PostForm.Get("password"), s.clientIP(r))
	if err != nil {
		return s.showForm(w, r, "account/password", "Change your password", passwordChangePage{Email: v.User.Email}, err)
	}
	if err := s.startSession(r.Context(), v.Principal); err != nil {
		return err
	}
	s.flash(r.Context(), "Your password has been changed. You have been signed out everywhere else.")
	return seeOther(w, r, "/account")
}

// newRecoveryCodes replaces the person's recovery codes and shows the new
// ones, once.
func (s *Server) newRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	codes, err := s.accounts.RegenerateRecoveryCodes(r.Context(), viewerOf(r.Context()).Actor)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "sign-in/recovery-codes", "Save your new recovery codes", setUpPage{Codes: codes, Next: "/account"})
	return nil
}
