package store_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"learnwell"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func findSession(t *testing.T, s *store.SessionStore, token string) ([]byte, bool) {
	t.Helper()
	b, found, err := s.FindCtx(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return b, found
}

func TestSessionStoreCommitFindDelete(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := learnwell.NewFixedClock(now)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		clock.Set(now)
		ctx := context.Background()
		s := db.Sessions()
		if _, found := findSession(t, s, "missing"); found {
			t.Fatal("found a session never committed")
		}
		if err := s.CommitCtx(ctx, "tok-1", []byte("first"), now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, found := findSession(t, s, "tok-1"); !found || string(b) != "first" {
			t.Fatalf("Find = %q, %v", b, found)
		}
		// Commit again overwrites the data and the expiry.
		if err := s.Commit("tok-1", []byte("second"), now.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Hour)
		if b, found, err := s.Find("tok-1"); err != nil || !found || string(b) != "second" {
			t.Fatalf("Find after recommit = %q, %v, %v", b, found, err)
		}
		if err := s.Delete("tok-1"); err != nil {
			t.Fatal(err)
		}
		if _, found := findSession(t, s, "tok-1"); found {
			t.Fatal("found a deleted session")
		}
		if err := s.DeleteCtx(ctx, "tok-1"); err != nil {
			t.Fatalf("deleting a missing session: %v", err)
		}
		// The table holds only a hash of the token.
		if err := s.CommitCtx(ctx, "secret-token", []byte("x"), now.Add(5*time.Hour)); err != nil {
			t.Fatal(err)
		}
		var key string
		if err := db.SQL().QueryRowContext(ctx, "SELECT token_hash FROM sessions").Scan(&key); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(key, "secret-token") || len(key) != 64 {
			t.Fatalf("stored key %q", key)
		}
	})
}

func TestSessionStoreExpiry(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := learnwell.NewFixedClock(now)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		clock.Set(now)
		ctx := context.Background()
		s := db.Sessions()
		for token, ttl := range map[string]time.Duration{"short": 30 * time.Minute, "long": 8 * time.Hour, "revoked": time.Hour} {
			if err := s.CommitCtx(ctx, token, []byte(token), now.Add(ttl)); err != nil {
				t.Fatal(err)
			}
		}
		user := learnwell.DerivedID("session test", "user")
		if err := s.BindUser(ctx, "revoked", user); err != nil {
			t.Fatal(err)
		}
		if _, err := db.EndUserSessions(ctx, user); err != nil {
			t.Fatal(err)
		}
		if n, err := db.DeleteExpiredSessions(ctx); err != nil || n != 0 {
			t.Fatalf("nothing has expired yet: %d, %v", n, err)
		}
		clock.Advance(30 * time.Minute) // expiry is exclusive: at the instant, it has gone
		if _, found := findSession(t, s, "short"); found {
			t.Fatal("found an expired session")
		}
		if _, found := findSession(t, s, "long"); !found {
			t.Fatal("lost a live session")
		}
		if err := s.BindUser(ctx, "short", user); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("binding an expired session: %v", err)
		}
		if n, err := db.DeleteExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("first cleanup removed %d, %v; want 1", n, err)
		}
		clock.Advance(time.Hour) // the revoked session's own expiry passes
		if n, err := db.DeleteExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("second cleanup removed %d, %v; want the revoked one", n, err)
		}
		var left int
		if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM sessions").Scan(&left); err != nil || left != 1 {
			t.Fatalf("%d sessions left, %v; want 1", left, err)
		}
	})
}

func TestSessionStoreEndsAUsersSessions(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := learnwell.NewFixedClock(now)
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		clock.Set(now)
		ctx := context.Background()
		s := db.Sessions()
		leaver, colleague := learnwell.DerivedID("session test", "leaver"), learnwell.DerivedID("session test", "colleague")
		for token, user := range map[string]string{"laptop": leaver, "phone": leaver, "theirs": colleague} {
			if err := s.CommitCtx(ctx, token, []byte("signed in"), now.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := s.BindUser(ctx, token, user); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.BindUser(ctx, "never-committed", leaver); learnwell.ErrorCode(err) != learnwell.ENOTFOUND {
			t.Fatalf("BindUser on no session: %v", err)
		}
		if err := s.BindUser(ctx, "laptop", "not an id"); learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Fatalf("BindUser with a bad id: %v", err)
		}
		if n, _ := db.CountUserSessions(ctx, leaver); n != 2 {
			t.Fatalf("leaver has %d sessions, want 2", n)
		}
		// Ended in the transaction of the change that calls for it: a rollback keeps them.
		_ = db.WriteTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.EndUserSessions(ctx, leaver); err != nil {
				return err
			}
			return io.EOF
		})
		if n, _ := db.CountUserSessions(ctx, leaver); n != 2 {
			t.Fatalf("after a rollback the leaver has %d sessions, want 2", n)
		}
		if n, err := db.EndUserSessions(ctx, leaver); err != nil || n != 2 {
			t.Fatalf("EndUserSessions = %d, %v", n, err)
		}
		for _, token := range []string{"laptop", "phone"} {
			if _, found := findSession(t, s, token); found {
				t.Fatalf("%s still signed in", token)
			}
		}
		if _, found := findSession(t, s, "theirs"); !found {
			t.Fatal("ended a colleague's session too")
		}
		// A request that loaded the session before it ended commits it at its end: it stays ended.
		if err := s.CommitCtx(ctx, "laptop", []byte("signed in"), now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, found := findSession(t, s, "laptop"); found {
			t.Fatal("a late commit brought an ended session back")
		}
		if n, _ := db.CountUserSessions(ctx, leaver); n != 0 {
			t.Fatalf("leaver has %d sessions", n)
		}
	})
}

// TestSessionStoreWithSCS runs the store under scs's own middleware, as the
// web sign-in will: a value put in one request is there in the next, on
// whichever engine.
func TestSessionStoreWithSCS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sm := scs.New()
		sm.Store = db.Sessions()
		sm.IdleTimeout = 20 * time.Minute
		sm.Lifetime = 8 * time.Hour
		user := learnwell.DerivedID("session test", "scs user")
		mux := http.NewServeMux()
		mux.HandleFunc("POST /sign-in", func(w http.ResponseWriter, r *http.Request) {
			if err := sm.RenewToken(r.Context()); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			sm.Put(r.Context(), "user_id", user)
			token, _, err := sm.Commit(r.Context())
			if err == nil {
				err = db.Sessions().BindUser(r.Context(), token, user)
			}
			if err != nil {
				http.Error(w, err.Error(), 500)
			}
		})
		mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, sm.GetString(r.Context(), "user_id"))
		})
		srv := httptest.NewServer(sm.LoadAndSave(mux))
		defer srv.Close()

		res, err := http.Post(srv.URL+"/sign-in", "text/plain", nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		cookies := res.Cookies()
		if res.StatusCode != 200 || len(cookies) != 1 {
			t.Fatalf("sign-in: %d, cookies %v", res.StatusCode, cookies)
		}
		me := func() string {
			req, _ := http.NewRequest("GET", srv.URL+"/me", nil)
			req.AddCookie(cookies[0])
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b bytes.Buffer
			b.ReadFrom(res.Body)
			return b.String()
		}
		if got := me(); got != user {
			t.Fatalf("/me = %q, want the user", got)
		}
		if n, _ := db.CountUserSessions(context.Background(), user); n != 1 {
			t.Fatalf("%d sessions bound to the user", n)
		}
		if _, err := db.EndUserSessions(context.Background(), user); err != nil {
			t.Fatal(err)
		}
		if got := me(); got != "" {
			t.Fatalf("/me after sign-out everywhere = %q", got)
		}
	})
}
