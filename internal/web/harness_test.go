package web_test

import (
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/audit"
	"learnwell/internal/config"
	"learnwell/internal/directory"
	"learnwell/internal/finder"
	"learnwell/internal/secret"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
	"learnwell/internal/web"
)

// The sign-in and admin tests run on a site: the app on a fresh database of
// each engine, with a fixed clock, a cheap password hasher and the real
// accounts service writing to the audit trail.

// testNow is when the tests' clock starts.
var testNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// testPassword is every test user's password.
const testPassword = "tuna-kettle7-sofa"

type site struct {
	t     testing.TB
	db    *store.DB
	clock *learnwell.FixedClock
	keys  *secret.Keyring
	svc   *accounts.Service
	app   *web.Server
	cfg   *config.Config
	n     int
}

// eachSite runs fn on a site on each engine. settings are flags for config.
func eachSite(t *testing.T, fn func(t *testing.T, s *site), settings ...string) {
	clock := learnwell.NewFixedClock(testNow)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		clock.Set(testNow)
		fn(t, newSite(t, db, clock, settings...))
	})
}

func newSite(t testing.TB, db *store.DB, clock *learnwell.FixedClock, settings ...string) *site {
	t.Helper()
	return newSiteWith(t, db, clock, secret.GenerateKeyring(), settings...)
}

// newSiteWith is newSite with the keyring (the demo's, for a demo database).
func newSiteWith(t testing.TB, db *store.DB, clock *learnwell.FixedClock, keys *secret.Keyring, settings ...string) *site {
	t.Helper()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	reg := config.Register(fs)
	if err := fs.Parse(settings); err != nil {
		t.Fatal(err)
	}
	cfg, err := reg.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	hasher, err := account.NewHasher(account.TestHashParams, 4, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := accounts.New(accounts.Options{DB: db, Hasher: hasher, Keys: keys, BaseURL: cfg.BaseURL, Audit: accounts.Trail})
	if err != nil {
		t.Fatal(err)
	}
	f := finder.New(db, finder.Options{Logger: storetest.QuietLogger()})
	if err := f.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	app, err := web.New(context.Background(), web.Options{DB: db, Config: cfg, Logger: storetest.QuietLogger(), Finder: f, Accounts: svc, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	return &site{t: t, db: db, clock: clock, keys: keys, svc: svc, app: app, cfg: cfg}
}

func (s *site) write(fn func(tx *store.Tx) error) {
	s.t.Helper()
	if err := s.db.WriteTx(context.Background(), fn); err != nil {
		s.t.Fatal(err)
	}
}

// org makes an organisation (a learning provider gets a directory organisation).
func (s *site) org(name string, kind account.OrgKind, boroughs ...string) account.Organisation {
	s.t.Helper()
	o := account.Organisation{Name: name, Kind: kind, Boroughs: boroughs, AllLondon: len(boroughs) == 0 && kind != account.PlatformOperator}
	s.write(func(tx *store.Tx) error {
		if kind == account.LearningProvider {
			d := directory.Organisation{Name: name, Description: "Adult learning.", Kind: directory.College}
			if err := tx.PutOrganisation(context.Background(), &d); err != nil {
				return err
			}
			o.DirectoryOrganisationID = d.ID
		}
		return tx.CreateAccountOrganisation(context.Background(), &o)
	})
	return o
}

// testUser is an active user with a password and an authenticator app.
type testUser struct {
	account.User
	Org      account.Organisation
	Secret   string
	Recovery []string
}

func (u testUser) principal() accounts.Principal {
	return accounts.Principal{User: u.User, Organisation: u.Org}
}

// user makes an active user of the organisation with testPassword and an
// authenticator app.
func (s *site) user(org account.Organisation, email string, roles ...account.Role) testUser {
	s.t.Helper()
	ctx := context.Background()
	hash, err := account.NewHasher(account.TestHashParams, 1, 0)
	if err != nil {
		s.t.Fatal(err)
	}
	pw, err := hash.Hash(ctx, testPassword)
	if err != nil {
		s.t.Fatal(err)
	}
	u := account.User{OrganisationID: org.ID, Email: email, Name: "Person " + strings.Split(email, "@")[0], Roles: roles, Status: account.Active}
	secretText := account.NewTOTPSecret()
	codes, hashes := account.NewRecoveryCodes()
	s.write(func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		if err := tx.SetPassword(ctx, u.ID, pw, false); err != nil {
			return err
		}
		sealed, err := s.keys.Seal([]byte(secretText), account.TOTPSecretContext(u.ID))
		if err != nil {
			return err
		}
		return tx.EnableSecondFactor(ctx, u.ID, sealed, 0, hashes)
	})
	fresh, err := s.db.FindUserByID(ctx, u.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	return testUser{User: fresh, Org: org, Secret: secretText, Recovery: codes}
}

// code is the user's authenticator code now.
func (s *site) code(u testUser) string {
	s.t.Helper()
	c, err := account.TOTPCode(u.Secret, s.clock.Now())
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// client is a browser without JavaScript: it keeps cookies.
type client struct {
	s   *site
	ip  string
	jar map[string]*http.Cookie
}

func (s *site) client() *client {
	s.n++
	return &client{s: s, ip: "192.0.2." + strconv.Itoa(s.n%250+1), jar: map[string]*http.Cookie{}}
}

// response is what a request got.
type response struct {
	*httptest.ResponseRecorder
	body string
}

func (r response) location() string { return r.Header().Get("Location") }

func (c *client) do(method, path string, form url.Values, header ...string) response {
	c.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = c.ip + ":51234"
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	for _, ck := range c.jar {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	c.s.app.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.jar, ck.Name)
		} else {
			c.jar[ck.Name] = ck
		}
	}
	return response{ResponseRecorder: rec, body: rec.Body.String()}
}

func (c *client) get(path string) response { c.s.t.Helper(); return c.do(http.MethodGet, path, nil) }

func (c *client) post(path string, form url.Values) response {
	c.s.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return c.do(http.MethodPost, path, form)
}

// session is the client's session cookie's value.
func (c *client) session() string {
	for _, ck := range c.jar {
		if strings.HasSuffix(ck.Name, "learnwell-session") {
			return ck.Value
		}
	}
	return ""
}

// signIn signs the user in with their password and code, and checks it worked.
func (c *client) signIn(u testUser) {
	c.s.t.Helper()
	res := c.post("/sign-in", url.Values{"email": {u.Email}, "password": {testPassword}})
	if res.Code != http.StatusSeeOther || res.location() != "/sign-in/two-factor" {
		c.s.t.Fatalf("password step: %d %s\n%s", res.Code, res.location(), errorSummary(res.body))
	}
	res = c.post("/sign-in/two-factor", url.Values{"code": {c.s.code(u)}})
	if res.Code != http.StatusSeeOther {
		c.s.t.Fatalf("code step: %d\n%s", res.Code, errorSummary(res.body))
	}
	c.s.clock.Advance(30 * time.Second) // the code's step is used
}

var summaryRE = regexp.MustCompile(`(?s)<div class="nhsuk-error-summary".*?</ul>`)

// errorSummary returns the text of a page's error summary.
func errorSummary(body string) string {
	return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(summaryRE.FindString(body), " ")
}

// mustContain fails unless the body holds every string.
func mustContain(t testing.TB, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// auditActions lists the actions of the organisation's audit entries, newest first.
func (s *site) auditActions(orgID string) []string {
	s.t.Helper()
	entries, _, err := s.db.FindAuditEntries(context.Background(), audit.Filter{OrganisationID: orgID, Limit: audit.MaxPageSize})
	if err != nil {
		s.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}
