package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"learnwell/internal/account"
	"learnwell/internal/store"
)

// With no recovery codes left, the account page says so and offers new ones
// as its main button; with some left, it only offers them.
func TestAccountPagePromptsForRecoveryCodes(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		sps := s.org("Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := s.user(sps, "lw@example.com", account.LinkWorker)
		c := s.client()
		c.signIn(lw)
		page := c.get("/account").body
		if strings.Contains(page, "You have no recovery codes left") {
			t.Error("the prompt shows with 10 codes left")
		}
		s.write(func(tx *store.Tx) error { return tx.ReplaceRecoveryCodes(context.Background(), lw.ID, nil) })
		page = c.get("/account").body
		mustContain(t, "account page with no codes", page, "You have no recovery codes left", "Make new recovery codes now",
			`action="/account/recovery-codes"`)
		if res := c.post("/account/recovery-codes", nil); res.Code != http.StatusOK {
			t.Fatalf("new codes: %d", res.Code)
		}
		if strings.Contains(c.get("/account").body, "You have no recovery codes left") {
			t.Error("the prompt shows after making new codes")
		}
	})
}
