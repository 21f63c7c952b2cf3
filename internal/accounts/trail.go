package accounts

import (
	"context"

	"learnwell/internal/account"
	"learnwell/internal/audit"
	"learnwell/internal/store"
)

// The audit trail (internal/audit) is where the service's events go: Trail is
// the AuditFunc that writes each one with tx.Audit, in the transaction of the
// change, adding where the request came from, which the web puts in the
// context with WithOrigin. Commands have no origin: their events name the
// command as the actor.

type originKey struct{}

// WithOrigin returns ctx carrying where a request came from (see
// audit.OriginFrom), for the audit entries written while serving it.
func WithOrigin(ctx context.Context, o audit.Origin) context.Context {
	return context.WithValue(ctx, originKey{}, o)
}

// OriginOf returns the origin WithOrigin put in ctx, or none.
func OriginOf(ctx context.Context) audit.Origin {
	o, _ := ctx.Value(originKey{}).(audit.Origin)
	return o
}

// Trail records an event in the audit trail in the transaction of the change.
func Trail(ctx context.Context, tx *store.Tx, e account.Event) error {
	return tx.Audit(ctx, EntryFor(e, OriginOf(ctx)))
}

// EntryFor turns an event into an audit entry from the origin.
func EntryFor(e account.Event, o audit.Origin) audit.Entry {
	actor := audit.System(e.System)
	if e.ActorID != "" {
		actor = audit.User(e.ActorID, e.ActorOrgID, string(e.ActorRole))
	}
	codes := make(map[string]string, len(e.Codes))
	for k, v := range e.Codes {
		codes[k] = v
	}
	return audit.Entry{
		Actor:   actor,
		Action:  string(e.Action),
		Subject: audit.Subject{Type: e.SubjectType, IDs: append([]string(nil), e.SubjectIDs...), OrganisationID: e.OrgID},
		Codes:   codes,
		Origin:  o,
	}
}
