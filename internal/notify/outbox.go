package notify

import (
	"context"

	"learnwell"
)

// OutboxOnly is the transport that sends nothing: each message is checked and
// then kept in the outbox, where the demo's outbox page shows it. It is the
// default, so a new installation never messages real people by accident. The
// zero value is ready to use, with the system clock.
type OutboxOnly struct {
	// Clock stamps the receipts; learnwell.SystemClock if nil.
	Clock learnwell.Clock
}

// Name returns "outbox".
func (o OutboxOnly) Name() string { return TransportOutbox }

// Send validates the message and returns a receipt with Kept set and the
// message's own ID as its Reference. An invalid message is a permanent
// failure, as it would be for a real transport.
func (o OutboxOnly) Send(ctx context.Context, m Message) (Receipt, error) {
	if err := m.Validate(); err != nil {
		return Receipt{}, err
	}
	if err := ctx.Err(); err != nil {
		return Receipt{}, temporary(o.Name(), 0, "", err)
	}
	clock := o.Clock
	if clock == nil {
		clock = learnwell.SystemClock{}
	}
	return Receipt{Transport: o.Name(), Reference: m.ID, Kept: true, At: clock.Now()}, nil
}
