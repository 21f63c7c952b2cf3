package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
)

// Signing in is two steps, each a page: the email address and password,
// then the code from an authenticator app (or a recovery code), or setting
// one up the first time. Between them the session holds only the user's id,
// for pendingTimeout, and gets a new id at each step. See docs/sign-in.md.

func (s *Server) signInRoutes(pub func(string, HandlerFunc) Route, own func(string, account.Permission, HandlerFunc) Route) []Route {
	return []Route{
		pub("GET /sign-in", s.signInForm),
		pub("POST /sign-in", s.signInSubmit),
		pub("GET /sign-in/two-factor", s.twoFactorForm),
		pub("POST /sign-in/two-factor", s.twoFactorSubmit),
		pub("GET /sign-in/recovery-code", s.recoveryCodeForm),
		pub("POST /sign-in/recovery-code", s.recoveryCodeSubmit),
		pub("GET /sign-in/set-up-two-factor", s.setUpForm),
		pub("POST /sign-in/set-up-two-factor", s.setUpSubmit),
		pub("GET /sign-in/invitation/{token}", s.linkArrival(account.InvitationLink, "/sign-in/invitation")),
		pub("GET /sign-in/invitation", s.invitationForm),
		pub("POST /sign-in/invitation", s.invitationSubmit),
		pub("GET /sign-in/forgot-password", s.forgotForm),
		pub("POST /sign-in/forgot-password", s.forgotSubmit),
		pub("GET /sign-in/reset-password/{token}", s.linkArrival(account.PasswordResetLink, "/sign-in/reset-password")),
		pub("GET /sign-in/reset-password", s.resetForm),
		pub("POST /sign-in/reset-password", s.resetSubmit),
		pub("GET /sign-out", s.signOutPage),
		pub("POST /sign-out", s.signOut),
		own("GET /sign-out-everywhere", account.SignedIn, s.signOutEverywhereForm),
		own("POST /sign-out-everywhere", account.SignedIn, s.signOutEverywhere),
		own("GET /account", account.SignedIn, s.accountPage),
		own("GET /account/password", account.SignedIn, s.passwordForm),
		own("POST /account/password", account.SignedIn, s.passwordSubmit),
		own("POST /account/recovery-codes", account.SignedIn, s.newRecoveryCodes),
	}
}

// signInPage is the data of the sign-in form.
type signInPage struct {
	Email  string
	Notice string
}

// notices are the reasons a session ended, for the sign-in page.
var notices = map[string]string{
	"timeout": "For your security, you were signed out because you had not used learnwell for a while. Sign in again.",
	"ended":   "Your session has ended. Sign in again.",
	"pending": "Signing in took too long. Enter your email address and password again.",
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	if viewerOf(r.Context()) != nil {
		return seeOther(w, r, "/account")
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "sign-in/sign-in", "Sign in", signInPage{Notice: notices[s.sessions.PopString(r.Context(), keyNotice)]})
	return nil
}

func (s *Server) signInSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	email := strings.TrimSpace(r.PostForm.Get("email"))
	in, err := s.accounts.Authenticate(ctx, email, r.PostForm.Get("password"), s.clientIP(r))
	if err != nil {
		return s.showForm(w, r, "sign-in/sign-in", "Sign in", signInPage{Email: email}, err)
	}
	// A step nearer being signed in: a new session id.
	if err := s.renewSession(ctx); err != nil {
		return err
	}
	s.sessions.Remove(ctx, keyUser)
	s.sessions.Put(ctx, keyPending, in.UserID)
	s.sessions.Put(ctx, keyPendingAt, s.clock.Now().UnixMicro())
	s.sessions.Put(ctx, keyPendingNext, string(in.Next))
	if in.Next == accounts.SetUpSecondFactor {
		return seeOther(w, r, "/sign-in/set-up-two-factor")
	}
	return seeOther(w, r, "/sign-in/two-factor")
}

// pending returns the user half-way through signing in, and what they must
// do next; ok is false when nobody is, or they took too long.
func (s *Server) pending(r *http.Request) (userID string, next accounts.Next, ok bool) {
	ctx := r.Context()
	userID = s.sessions.GetString(ctx, keyPending)
	if userID == "" {
		return "", "", false
	}
	at := time.UnixMicro(s.sessions.GetInt64(ctx, keyPendingAt))
	if s.clock.Now().Sub(at) >= pendingTimeout {
		for _, k := range []string{keyPending, keyPendingAt, keyPendingNext, keySetup} {
			s.sessions.Remove(ctx, k)
		}
		s.sessions.Put(ctx, keyNotice, "pending")
		return "", "", false
	}
	return userID, accounts.Next(s.sessions.GetString(ctx, keyPendingNext)), true
}

// completeSignIn starts the signed-in session and says where to go.
func (s *Server) completeSignIn(r *http.Request, p accounts.Principal) (string, error) {
	if err := s.startSession(r.Context(), p); err != nil {
		return "", err
	}
	to := safeReturn(s.sessions.PopString(r.Context(), keyReturnTo))
	if to == "" {
		to = "/account"
	}
	return to, nil
}

// codePage is the data of the two-factor and recovery code forms.
type codePage struct{}

func (s *Server) twoFactorForm(w http.ResponseWriter, r *http.Request) error {
	if _, next, ok := s.pending(r); !ok || next != accounts.EnterCode {
		return seeOther(w, r, "/sign-in")
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "sign-in/two-factor", "Enter the code from your authenticator app", codePage{})
	return nil
}

func (s *Server) twoFactorSubmit(w http.ResponseWriter, r *http.Request) error {
	uid, next, ok := s.pending(r)
	if !ok || next != accounts.EnterCode {
		return seeOther(w, r, "/sign-in")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := s.accounts.VerifyTOTP(r.Context(), uid, r.PostForm.Get("code"), s.clientIP(r))
	if err != nil {
		return s.showForm(w, r, "sign-in/two-factor", "Enter the code from your authenticator app", codePage{}, err)
	}
	to, err := s.completeSignIn(r, p)
	if err != nil {
		return err
	}
	return seeOther(w, r, to)
}

func (s *Server) recoveryCodeForm(w http.ResponseWriter, r *http.Request) error {
	if _, next, ok := s.pending(r); !ok || next != accounts.EnterCode {
		return seeOther(w, r, "/sign-in")
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "sign-in/recovery-code", "Enter a recovery code", codePage{})
	return nil
}

func (s *Server) recoveryCodeSubmit(w http.ResponseWriter, r *http.Request) error {
	uid, next, ok := s.pending(r)
	if !ok || next != accounts.EnterCode {
		return seeOther(w, r, "/sign-in")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	p, left, err := s.accounts.UseRecoveryCode(r.Context(), uid, r.PostForm.Get("recovery_code"), s.clientIP(r))
	if err != nil {
		return s.showForm(w, r, "sign-in/recovery-code", "Enter a recovery code", codePage{}, err)
	}
	to, err := s.completeSignIn(r, p)
	if err != nil {
		return err
	}
	msg := "You signed in with a recovery code. You have " + plural(left, "recovery code", "recovery codes") + " left."
	if left <= 3 {
		msg += " Make a new set on this page."
		to = "/account"
	}
	s.flash(r.Context(), msg)
	return seeOther(w, r, to)
}

// setUpPage is the data of the page that sets up an authenticator app, and
// of the page that shows the recovery codes once it is.
type setUpPage struct {
	Grouped []string     // the secret in groups of 4, to type
	URI     string       // the otpauth URI, as text
	QR      template.URL // the same as a QR code: a data: URL of a PNG
	Codes   []string     // once set up: the recovery codes, shown once
	Next    string       // once set up: where to go next
}

func (s *Server) setUpForm(w http.ResponseWriter, r *http.Request) error {
	uid, next, ok := s.pending(r)
	if !ok || next != accounts.SetUpSecondFactor {
		return seeOther(w, r, "/sign-in")
	}
	page, err := s.setUpData(r, uid)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "sign-in/set-up-two-factor", "Set up your authenticator app", page)
	return nil
}

// setUpData makes a new authenticator secret, or shows again the one being
// set up (kept sealed in the session), as text and as a QR code.
func (s *Server) setUpData(r *http.Request, userID string) (setUpPage, error) {
	ctx := r.Context()
	var setup accounts.SecondFactorSetup
	if sealed := s.sessions.GetString(ctx, keySetup); sealed != "" {
		if plain, err := s.keys.Open(sealed, setupContext(userID)); err == nil {
			setup.URI = string(plain)
		}
	}
	if setup.URI == "" {
		var err error
		if setup, err = s.accounts.BeginSecondFactorSetup(ctx, userID); err != nil {
			return setUpPage{}, err
		}
		sealed, err := s.keys.Seal([]byte(setup.URI), setupContext(userID))
		if err != nil {
			return setUpPage{}, err
		}
		s.sessions.Put(ctx, keySetup, sealed)
	}
	secret := secretOfURI(setup.URI)
	img, err := qrDataURL(setup.URI)
	if err != nil {
		return setUpPage{}, err
	}
	return setUpPage{Grouped: groups(secret, 4), URI: setup.URI, QR: img}, nil
}

// setupContext binds a sealed new secret in a session to its user.
func setupContext(userID string) string { return "session/setup/" + userID }

func (s *Server) setUpSubmit(w http.ResponseWriter, r *http.Request) error {
	uid, next, ok := s.pending(r)
	if !ok || next != accounts.SetUpSecondFactor {
		return seeOther(w, r, "/sign-in")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	p, codes, err := s.accounts.ConfirmSecondFactor(r.Context(), uid, r.PostForm.Get("code"), s.clientIP(r))
	if err != nil {
		page, perr := s.setUpData(r, uid)
		if perr != nil {
			return perr
		}
		return s.showForm(w, r, "sign-in/set-up-two-factor", "Set up your authenticator app", page, err)
	}
	to, err := s.completeSignIn(r, p)
	if err != nil {
		return err
	}
	// The recovery codes are shown on this response, once, and kept nowhere
	// but as hashes.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "sign-in/recovery-codes", "Save your recovery codes", setUpPage{Codes: codes, Next: to})
	return nil
}

// secretOfURI reads the secret out of an otpauth URI.
func secretOfURI(uri string) string {
	_, q, _ := strings.Cut(uri, "?")
	for _, part := range strings.Split(q, "&") {
		if v, ok := strings.CutPrefix(part, "secret="); ok {
			return v
		}
	}
	return ""
}

// groups splits s into groups of n characters, for reading and typing.
func groups(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// qrDataURL draws the text as a QR code and returns it as a data: URL of a
// PNG, to put in the page itself (the secret is never in a URL of its own).
func qrDataURL(text string) (template.URL, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return "", learnwell.Internal(err)
	}
	if code, err = barcode.Scale(code, 200, 200); err != nil {
		return "", learnwell.Internal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, code); err != nil {
		return "", learnwell.Internal(err)
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// signOutPage confirms that someone signed out, or offers to sign out.
func (s *Server) signOutPage(w http.ResponseWriter, r *http.Request) error {
	title := "You have signed out"
	if viewerOf(r.Context()) != nil {
		title = "Sign out"
	}
	s.render(w, r, http.StatusOK, "sign-in/sign-out", title, nil)
	return nil
}

// signOut ends this session: its row goes from the store.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	return seeOther(w, r, "/sign-out")
}

func (s *Server) signOutEverywhereForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "sign-in/sign-out-everywhere", "Sign out everywhere", nil)
	return nil
}

// signOutEverywhere ends every session and API token of the person, this
// one too.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r.Context())
	if err := s.accounts.SignOutEverywhere(r.Context(), v.Actor, v.User.ID); err != nil {
		return err
	}
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	return seeOther(w, r, "/sign-out")
}
