package accounts_test

import (
	"context"
	"testing"

	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/audit"
)

// TestEventsGoToTheAuditTrail runs a journey with the trail as the audit hook:
// every event is an entry, with the request's origin, and the chain verifies.
func TestEventsGoToTheAuditTrail(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		origin := audit.OriginFrom("192.0.2.77:5555", "req123", "Mozilla/5.0 (X11; Linux x86_64)")
		ctx := accounts.WithOrigin(context.Background(), origin)
		admin := h.bootstrap()
		sps := h.org(admin, "Islington Social Prescribing", account.SocialPrescribingService, "E09000019")
		lw := h.invite(admin, sps.ID, "lw@example.com", account.LinkWorker)
		if _, err := h.svc.Authenticate(ctx, "lw@example.com", "wrong password here", ip); err == nil {
			t.Fatal("a wrong password signed in")
		}
		if err := h.svc.Deactivate(ctx, admin.Actor(), lw.User.ID); err != nil {
			t.Fatal(err)
		}
		entries, total, err := h.db.FindAuditEntries(context.Background(), audit.Filter{OrganisationID: sps.ID})
		if err != nil {
			t.Fatal(err)
		}
		if total == 0 || total != len(entries) {
			t.Fatalf("%d entries of %d", len(entries), total)
		}
		newest := entries[0]
		if newest.Action != string(account.ActionUserDeactivated) || newest.Actor.UserID != admin.User.ID ||
			newest.Actor.Role != string(account.PlatformAdmin) || newest.Origin != origin || newest.Subject.IDs[0] != lw.User.ID {
			t.Errorf("deactivation entry %+v", newest)
		}
		failed := entries[1]
		if failed.Action != string(account.ActionSignInFailed) || failed.Actor.System != "web:sign-in" || failed.Codes["reason"] != "password" {
			t.Errorf("failure entry %+v", failed)
		}
		for _, e := range entries {
			if e.Action == string(account.ActionSignedIn) && (e.Actor.UserID != lw.User.ID || e.Actor.Role != string(account.LinkWorker)) {
				t.Errorf("sign-in entry %+v", e)
			}
		}
		sum, err := h.db.VerifyAudit(context.Background(), audit.VerifyOptions{})
		if err != nil || sum.Count < int64(total) {
			t.Fatalf("verify: %+v, %v", sum, err)
		}
	})
}
