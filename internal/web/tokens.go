package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/store"
)

// API tokens: a signed-in person makes tokens for the integration API, each
// with a name and an expiry, sees a new one once, sees when each was last
// used, and revokes them. An organisation admin can also revoke the tokens
// of their organisation's users (from the user's page).

// tokenRow is a token in a list.
type tokenRow struct {
	account.APIToken
	Created, Expires, LastUsed string
	Status                     string
	Colour                     string
	Live                       bool
}

func (s *Server) tokenRows(tokens []account.APIToken) []tokenRow {
	now := s.clock.Now()
	var out []tokenRow
	for _, t := range tokens {
		row := tokenRow{APIToken: t, Created: spokenTime(t.CreatedAt), Expires: spokenTime(t.ExpiresAt), LastUsed: "Never", Live: t.Usable(now)}
		if !t.LastUsedAt.IsZero() {
			row.LastUsed = spokenTime(t.LastUsedAt)
		}
		switch {
		case !t.RevokedAt.IsZero():
			row.Status, row.Colour = "Revoked", "grey"
		case !now.Before(t.ExpiresAt):
			row.Status, row.Colour = "Expired", "grey"
		default:
			row.Status, row.Colour = "Active", "green"
		}
		out = append(out, row)
	}
	return out
}

// tokensPageData is the data of the API tokens page.
type tokensPageData struct {
	Tokens []tokenRow
}

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	tokens, err := s.accounts.Tokens(r.Context(), v.Actor, v.User.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "account/tokens", "API tokens", tokensPageData{Tokens: s.tokenRows(tokens)})
	return nil
}

// tokenFormPage is the data of the form that makes a token, and of the page
// that shows it once.
type tokenFormPage struct {
	Name    string
	Days    string
	Token   string // the new token, shown once
	Expires string
}

func (s *Server) tokenForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "account/token-new", "Create an API token", tokenFormPage{Days: "90"})
	return nil
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	page := tokenFormPage{Name: strings.TrimSpace(r.PostForm.Get("name")), Days: strings.TrimSpace(r.PostForm.Get("days"))}
	days, err := strconv.Atoi(page.Days)
	ttl := time.Duration(days) * 24 * time.Hour
	if err != nil {
		ttl = 0 // refused below with the name's problem, if any
	}
	if err := account.ValidateTokenRequest(page.Name, ttl); err != nil {
		return s.showForm(w, r, "account/token-new", "Create an API token", page, daysField(err))
	}
	token, t, err := s.accounts.CreateToken(r.Context(), viewerOf(r.Context()).Actor, page.Name, ttl)
	if err != nil {
		return s.showForm(w, r, "account/token-new", "Create an API token", page, daysField(err))
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "account/token-created", "Your new API token", tokenFormPage{Name: t.Name, Token: token, Expires: spokenTime(t.ExpiresAt)})
	return nil
}

// daysField names the lifetime field as the form does ("days", not "expires").
func daysField(err error) error {
	e, ok := err.(*learnwell.Error)
	if !ok {
		return err
	}
	out := *e
	out.Fields = nil
	for _, f := range e.Fields {
		if f.Field == "expires" {
			f.Field, f.Message = "days", "Enter how many days the token lasts, from 1 to 366"
		}
		out.Fields = append(out.Fields, f)
	}
	return &out
}

// revokePage is the data of the page that confirms revoking a token.
type revokePage struct {
	Token   account.APIToken
	Owner   account.User
	Own     bool
	Back    string
	Expires string
}

func (s *Server) tokenForRequest(r *http.Request) (account.APIToken, account.User, error) {
	var t account.APIToken
	var owner account.User
	t, err := s.findToken(r)
	if err != nil {
		return t, owner, err
	}
	owner, err = s.db.FindUserByID(r.Context(), t.UserID)
	return t, owner, err
}

func (s *Server) tokenRevokeForm(w http.ResponseWriter, r *http.Request) error {
	t, owner, err := s.tokenForRequest(r)
	if err != nil {
		return err
	}
	own := owner.ID == actorOf(r).UserID
	back := "/account/tokens"
	if !own {
		back = "/users/" + owner.ID
	}
	s.render(w, r, http.StatusOK, "account/token-revoke", "Revoke the API token “"+t.Name+"”?",
		revokePage{Token: t, Owner: owner, Own: own, Back: back, Expires: spokenTime(t.ExpiresAt)})
	return nil
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	t, owner, err := s.tokenForRequest(r)
	if err != nil {
		return err
	}
	if err := s.accounts.RevokeToken(r.Context(), actorOf(r), t.ID); err != nil {
		return err
	}
	s.flash(r.Context(), "The API token “"+t.Name+"” has been revoked. It no longer works.")
	if owner.ID == actorOf(r).UserID {
		return seeOther(w, r, "/account/tokens")
	}
	return seeOther(w, r, "/users/"+owner.ID)
}

// findToken finds the token the path names.
func (s *Server) findToken(r *http.Request) (account.APIToken, error) {
	var t account.APIToken
	err := s.db.ReadTx(r.Context(), func(tx *store.Tx) error {
		var err error
		t, err = tx.FindAPITokenByID(r.Context(), r.PathValue("token"))
		return err
	})
	return t, err
}
