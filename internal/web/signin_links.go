package web

import (
	"net/http"
	"strings"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
)

// Invitations and password resets arrive by secure link. The token must not
// leak from the address bar: the page the link opens checks it without using
// it, keeps it sealed in the session and redirects to the same page without
// the token, with Referrer-Policy: no-referrer on every page of the journey.
// The token is used (once) only when the form is sent.

// linkArrival takes a link's token out of the URL: it checks the token (a
// bad one gets the same "expired or used" page, whatever is wrong), starts a
// fresh session holding it sealed, and redirects to the page without it.
func (s *Server) linkArrival(p account.LinkPurpose, page string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Cache-Control", "no-store")
		token := r.PathValue("token")
		if _, err := s.linkUser(r, p, token); err != nil {
			return s.badLink(w, r, err)
		}
		ctx := r.Context()
		if err := s.sessions.Clear(ctx); err != nil { // whoever was signed in here, this is someone's link
			return err
		}
		if err := s.renewSession(ctx); err != nil {
			return err
		}
		sealed, err := s.keys.Seal([]byte(token), linkContext(p))
		if err != nil {
			return err
		}
		s.sessions.Put(ctx, keyLink, sealed)
		s.sessions.Put(ctx, keyLinkFor, string(p))
		return seeOther(w, r, page)
	}
}

// badLink shows the one page for every link that cannot be used (expired,
// used, revoked, changed, never issued), saying nothing about which; other
// errors go to the error page.
func (s *Server) badLink(w http.ResponseWriter, r *http.Request, err error) error {
	if learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
		return err
	}
	if hasSession(r.Context()) {
		s.forgetLink(r)
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusNotFound, "sign-in/link-expired", "This link has expired or has already been used", nil)
	return nil
}

func linkContext(p account.LinkPurpose) string { return "session/link/" + string(p) }

// linkUser checks a link's token without using it, and returns its user.
func (s *Server) linkUser(r *http.Request, p account.LinkPurpose, token string) (account.User, error) {
	if p == account.InvitationLink {
		return s.accounts.InvitationFor(r.Context(), token)
	}
	return s.accounts.PasswordResetFor(r.Context(), token)
}

// sessionLink returns the token of the link that brought this session here.
// Without one, it is the "expired or used" error.
func (s *Server) sessionLink(r *http.Request, p account.LinkPurpose) (string, error) {
	ctx := r.Context()
	if s.sessions.GetString(ctx, keyLinkFor) != string(p) {
		return "", account.ErrLinkNotValid()
	}
	plain, err := s.keys.Open(s.sessions.GetString(ctx, keyLink), linkContext(p))
	if err != nil {
		return "", account.ErrLinkNotValid()
	}
	return string(plain), nil
}

// forgetLink removes the link from the session.
func (s *Server) forgetLink(r *http.Request) {
	s.sessions.Remove(r.Context(), keyLink)
	s.sessions.Remove(r.Context(), keyLinkFor)
}

// passwordPage is the data of the pages that set a password from a link.
type passwordPage struct {
	Email   string
	OrgName string
	Done    bool
}

func (s *Server) invitationForm(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	token, err := s.sessionLink(r, account.InvitationLink)
	if err != nil {
		return s.badLink(w, r, err)
	}
	u, err := s.accounts.InvitationFor(r.Context(), token)
	if err != nil {
		return s.badLink(w, r, err)
	}
	s.render(w, r, http.StatusOK, "sign-in/invitation", "Set your password", s.passwordPageFor(r, u))
	return nil
}

func (s *Server) passwordPageFor(r *http.Request, u account.User) passwordPage {
	page := passwordPage{Email: u.Email}
	if o, err := s.db.FindAccountOrganisationByID(r.Context(), u.OrganisationID); err == nil {
		page.OrgName = o.Name
	}
	return page
}

func (s *Server) invitationSubmit(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	token, err := s.sessionLink(r, account.InvitationLink)
	if err != nil {
		return s.badLink(w, r, err)
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	in, err := s.accounts.AcceptInvitation(ctx, token, r.PostForm.Get("password"))
	if err != nil {
		if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
			return s.badLink(w, r, err)
		}
		u, uerr := s.accounts.InvitationFor(ctx, token)
		if uerr != nil {
			return s.badLink(w, r, uerr)
		}
		return s.showForm(w, r, "sign-in/invitation", "Set your password", s.passwordPageFor(r, u), err)
	}
	// The password is set: next, their authenticator app.
	s.forgetLink(r)
	if err := s.renewSession(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, keyPending, in.UserID)
	s.sessions.Put(ctx, keyPendingAt, s.clock.Now().UnixMicro())
	s.sessions.Put(ctx, keyPendingNext, string(accounts.SetUpSecondFactor))
	return seeOther(w, r, "/sign-in/set-up-two-factor")
}

// forgotPage is the data of the "forgot your password" pages.
type forgotPage struct {
	Email string
	Sent  bool
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "sign-in/forgot-password", "Reset your password", forgotPage{})
	return nil
}

// forgotSubmit asks for a reset email. The answer is the same whether or not
// the address has an account.
func (s *Server) forgotSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	if err := s.accounts.RequestPasswordReset(r.Context(), email); err != nil {
		return s.showForm(w, r, "sign-in/forgot-password", "Reset your password", forgotPage{Email: email}, err)
	}
	s.render(w, r, http.StatusOK, "sign-in/forgot-password", "Check your email", forgotPage{Email: email, Sent: true})
	return nil
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	token, err := s.sessionLink(r, account.PasswordResetLink)
	if err != nil {
		return s.badLink(w, r, err)
	}
	u, err := s.accounts.PasswordResetFor(r.Context(), token)
	if err != nil {
		return s.badLink(w, r, err)
	}
	s.render(w, r, http.StatusOK, "sign-in/reset-password", "Choose a new password", s.passwordPageFor(r, u))
	return nil
}

func (s *Server) resetSubmit(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	token, err := s.sessionLink(r, account.PasswordResetLink)
	if err != nil {
		return s.badLink(w, r, err)
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	if err := s.accounts.ResetPassword(ctx, token, r.PostForm.Get("password")); err != nil {
		if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
			return s.badLink(w, r, err)
		}
		u, uerr := s.accounts.PasswordResetFor(ctx, token)
		if uerr != nil {
			return s.badLink(w, r, uerr)
		}
		return s.showForm(w, r, "sign-in/reset-password", "Choose a new password", s.passwordPageFor(r, u), err)
	}
	s.forgetLink(r)
	if err := s.renewSession(ctx); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "sign-in/reset-password", "Your password has been changed", passwordPage{Done: true})
	return nil
}
