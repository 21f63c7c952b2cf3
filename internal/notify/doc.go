// Package notify sends the service's outgoing messages: emails and text
// messages (SMS) to people and to the staff who refer them.
//
// A Message is written to the database outbox in the same transaction as the
// change that causes it, and a background job hands it to a Transport later,
// retrying temporary failures. This package holds the message type, the
// validation of addresses and UK mobile numbers, and the transports:
//
//   - GovUKNotify sends through the GOV.UK Notify REST API (email and SMS).
//   - SMTP sends email through an SMTP relay; it cannot send SMS.
//   - OutboxOnly sends nothing: messages stay in the outbox, for demos.
//
// New builds the configured transport from Settings. A transport's error says
// whether trying again could help: IsPermanent reports failures that never
// will (a rejected recipient, a bad API key), so the job can stop retrying.
//
// Transports never log, and their errors never carry a message's body or its
// recipient. See docs/messages.md.
package notify
