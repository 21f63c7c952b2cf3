package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func TestSecureLinkRefusals(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock.Set(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
		subject := learnwell.NewID()
		issue := func(l store.NewLink) string {
			var token string
			mustWrite(t, db, func(tx *store.Tx) error {
				var err error
				token, _, err = tx.CreateLink(ctx, l)
				return err
			})
			return token
		}
		redeem := func(p account.LinkPurpose, token string) (string, error) {
			var got string
			err := write(t, db, func(tx *store.Tx) error {
				var err error
				got, err = tx.RedeemLink(ctx, p, token)
				return err
			})
			return got, err
		}
		peek := func(p account.LinkPurpose, token string) error {
			return db.ReadTx(ctx, func(tx *store.Tx) error { _, err := tx.PeekLink(ctx, p, token); return err })
		}
		refused := func(name string, err error) {
			t.Helper()
			if learnwell.ErrorCode(err) != learnwell.ENOTFOUND || learnwell.ErrorMessage(err) != learnwell.ErrorMessage(account.ErrLinkNotValid()) {
				t.Errorf("%s: %v, want the one link error", name, err)
			}
		}

		good := issue(store.NewLink{Purpose: account.InvitationLink, SubjectID: subject})
		if err := peek(account.InvitationLink, good); err != nil {
			t.Fatalf("peek: %v", err)
		}
		if err := peek(account.InvitationLink, good); err != nil {
			t.Fatalf("peeking used the link: %v", err)
		}
		if got, err := redeem(account.InvitationLink, good); err != nil || got != subject {
			t.Fatalf("redeem = %q, %v", got, err)
		}
		_, err := redeem(account.InvitationLink, good)
		refused("reused", err)
		refused("peek after use", peek(account.InvitationLink, good))

		wrong := issue(store.NewLink{Purpose: account.InvitationLink, SubjectID: subject})
		_, err = redeem(account.PasswordResetLink, wrong)
		refused("wrong purpose", err)
		if _, err := redeem(account.InvitationLink, wrong); err != nil {
			t.Fatalf("the wrong-purpose try used the link: %v", err)
		}

		tampered := issue(store.NewLink{Purpose: account.InvitationLink, SubjectID: subject})
		b := []byte(tampered)
		b[5] ^= 1
		if b[5] == '+' || b[5] == '/' {
			b[5] = 'x'
		}
		_, err = redeem(account.InvitationLink, string(b))
		refused("tampered", err)
		_, err = redeem(account.InvitationLink, tampered[:40])
		refused("truncated", err)
		_, err = redeem(account.InvitationLink, "")
		refused("empty", err)
		never, _ := account.NewLinkToken()
		_, err = redeem(account.InvitationLink, never)
		refused("never issued", err)

		expiring := issue(store.NewLink{Purpose: account.PasswordResetLink, SubjectID: subject})
		clock.Advance(time.Hour)
		_, err = redeem(account.PasswordResetLink, expiring)
		refused("expired at exactly its hour", err)
		clock.Advance(-time.Second)
		if _, err := redeem(account.PasswordResetLink, expiring); err != nil {
			t.Fatalf("a second before expiry: %v", err)
		}

		revoked := issue(store.NewLink{Purpose: account.InvitationLink, SubjectID: subject})
		mustWrite(t, db, func(tx *store.Tx) error { return tx.RevokeLink(ctx, revoked) })
		_, err = redeem(account.InvitationLink, revoked)
		refused("revoked", err)

		older := issue(store.NewLink{Purpose: account.PasswordResetLink, SubjectID: subject})
		newer := issue(store.NewLink{Purpose: account.PasswordResetLink, SubjectID: subject, RevokeOthers: true})
		_, err = redeem(account.PasswordResetLink, older)
		refused("superseded by a newer link", err)
		if _, err := redeem(account.PasswordResetLink, newer); err != nil {
			t.Fatalf("the newer link: %v", err)
		}

		limited := issue(store.NewLink{Purpose: "shortlist", SubjectID: subject, TTL: 24 * time.Hour, Uses: 3})
		for i := range 3 {
			if _, err := redeem("shortlist", limited); err != nil {
				t.Fatalf("use %d of 3: %v", i+1, err)
			}
		}
		_, err = redeem("shortlist", limited)
		refused("fourth use of three", err)

		links, err := db.FindLinks(ctx, subject)
		if err != nil || len(links) != 8 {
			t.Fatalf("FindLinks = %d, %v", len(links), err)
		}
		for _, l := range links {
			if l.Hash == good || l.Hash == "" || len(l.Hash) != 64 {
				t.Errorf("link kept as %q", l.Hash)
			}
		}
	})
}

// Two people with the same single-use link at once: exactly one gets in.
func TestSecureLinkRedeemedOnceUnderRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var token string
		mustWrite(t, db, func(tx *store.Tx) error {
			var err error
			token, _, err = tx.CreateLink(ctx, store.NewLink{Purpose: account.InvitationLink, SubjectID: learnwell.NewID()})
			return err
		})
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, losses := 0, 0
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.WriteTx(ctx, func(tx *store.Tx) error { _, err := tx.RedeemLink(ctx, account.InvitationLink, token); return err })
				mu.Lock()
				defer mu.Unlock()
				switch learnwell.ErrorCode(err) {
				case "":
					wins++
				case learnwell.ENOTFOUND:
					losses++
				default:
					t.Errorf("redeem: %v", err)
				}
			}()
		}
		wg.Wait()
		if wins != 1 || losses != 5 {
			t.Fatalf("%d redeemed, %d refused; want 1 and 5", wins, losses)
		}
	})
}

func TestAPITokenStore(t *testing.T) {
	clock := learnwell.NewFixedClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Clock: clock}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock.Set(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
		sps := makeOrg(t, db, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		u := makeUser(t, db, sps, "sam@example.com", account.LinkWorker)
		var plain string
		var tok account.APIToken
		mustWrite(t, db, func(tx *store.Tx) error {
			var err error
			plain, tok, err = tx.CreateAPIToken(ctx, u.ID, " Case system ", account.DefaultTokenTTL)
			return err
		})
		if tok.Name != "Case system" || !tok.ExpiresAt.Equal(clock.Now().Add(account.DefaultTokenTTL)) {
			t.Fatalf("token %+v", tok)
		}
		err := write(t, db, func(tx *store.Tx) error { _, _, err := tx.CreateAPIToken(ctx, u.ID, "", time.Hour); return err })
		if fieldMessage(err, "name") == "" || fieldMessage(err, "expires") == "" {
			t.Fatalf("bad token request: %v", err)
		}
		hash, _ := account.HashAPIToken(plain)
		mustWrite(t, db, func(tx *store.Tx) error {
			found, err := tx.FindAPITokenByHash(ctx, hash)
			if err == nil && found.ID != tok.ID {
				t.Errorf("by hash: %+v", found)
			}
			return err
		})

		// Last used: written at most once a minute.
		lastUsed := func() time.Time {
			ts, _ := db.FindAPITokens(ctx, u.ID)
			return ts[0].LastUsedAt
		}
		if err := db.TouchAPIToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		first := clock.Now()
		clock.Advance(59 * time.Second)
		_ = db.TouchAPIToken(ctx, tok.ID)
		if !lastUsed().Equal(first) {
			t.Fatalf("last used moved within a minute: %s", lastUsed())
		}
		clock.Advance(time.Second)
		_ = db.TouchAPIToken(ctx, tok.ID)
		if !lastUsed().Equal(clock.Now()) {
			t.Fatalf("last used did not move after a minute: %s", lastUsed())
		}

		mustWrite(t, db, func(tx *store.Tx) error { return tx.RevokeAPIToken(ctx, tok.ID) })
		if err := write(t, db, func(tx *store.Tx) error { return tx.RevokeAPIToken(ctx, tok.ID) }); learnwell.ErrorCode(err) != learnwell.ECONFLICT {
			t.Fatalf("revoking twice: %v", err)
		}
		ts, _ := db.FindAPITokens(ctx, u.ID)
		if len(ts) != 1 || ts[0].RevokedAt.IsZero() || ts[0].Usable(clock.Now()) {
			t.Fatalf("tokens %+v", ts)
		}
	})
}
