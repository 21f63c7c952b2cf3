package notify

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"learnwell"
)

// Channel is the way a message travels: by email or by text message.
type Channel string

// The channels.
const (
	Email Channel = "email"
	SMS   Channel = "sms"
)

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return c == Email || c == SMS }

// maxIDLen bounds Message.ID, which becomes a Notify reference and part of an
// email Message-ID header.
const maxIDLen = 100

// Message is one email or text message waiting to be sent.
type Message struct {
	// ID is the outbox row's id. Transports pass it on as the provider's
	// reference (Notify) or in the Message-ID header (SMTP), so a duplicate
	// delivery can be recognised downstream. Letters, digits, '.', '_' and
	// '-' only (a UUID is ideal).
	ID string
	// Channel says whether To is an email address or a phone number.
	Channel Channel
	// To is an email address, or a UK mobile number in any common form
	// (07700 900123, +44 7700 900123).
	To string
	// Subject is the email's subject line. Required for email, ignored for SMS.
	Subject string
	// Body is the plain text of the message.
	Body string
	// DedupKey is the outbox's deduplication key. Transports do not use it.
	DedupKey string
}

// Validate checks the message before it is sent. It returns an EINVALID
// *learnwell.Error with a message for each field that is wrong, keyed
// "id", "channel", "to", "subject" and "body", and a safe message that
// repeats them, for the outbox page.
func (m Message) Validate() error {
	var v learnwell.Validation
	if m.ID == "" {
		v.Add("id", "Enter a message id")
	} else if !validMessageID(m.ID) {
		v.Add("id", "Message id must be 100 characters or fewer, using only letters, numbers, dots, hyphens and underscores")
	}
	switch m.Channel {
	case Email:
		if err := ValidEmail(m.To); err != nil {
			v.Add("to", learnwell.ErrorMessage(err))
		}
		switch {
		case strings.TrimSpace(m.Subject) == "":
			v.Add("subject", "Enter a subject")
		case strings.ContainsAny(m.Subject, "\r\n"):
			v.Add("subject", "Subject must be a single line")
		case !utf8.ValidString(m.Subject):
			v.Add("subject", "Subject must be valid text")
		}
	case SMS:
		if _, err := NormaliseUKPhone(m.To); err != nil {
			v.Add("to", learnwell.ErrorMessage(err))
		}
	default:
		v.Add("channel", "Select email or text message")
	}
	switch {
	case strings.TrimSpace(m.Body) == "":
		v.Add("body", "Enter the message")
	case !utf8.ValidString(m.Body):
		v.Add("body", "Message must be valid text")
	}
	if len(v.Fields()) == 0 {
		return nil
	}
	msgs := make([]string, 0, len(v.Fields()))
	for _, f := range v.Fields() {
		msgs = append(msgs, f.Message)
	}
	return &learnwell.Error{Code: learnwell.EINVALID, Fields: v.Fields(),
		Message: "The message cannot be sent: " + strings.Join(msgs, "; ")}
}

func validMessageID(id string) bool {
	if len(id) > maxIDLen {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
		default:
			return false
		}
	}
	return true
}

// Receipt says what a transport did with a message.
type Receipt struct {
	// Transport is the Name of the transport that handled the message.
	Transport string
	// Reference is the provider's id for the message: the Notify notification
	// id, the email's Message-ID header, or the message's own ID when kept.
	Reference string
	// Kept is true when the message was kept in the outbox and not sent.
	Kept bool
	// At is when the transport accepted the message, by its clock.
	At time.Time
}

// Transport sends messages. Implementations are safe for concurrent use.
type Transport interface {
	// Send sends one message. On failure the error is a *learnwell.Error
	// and IsPermanent says whether trying again could ever succeed.
	Send(ctx context.Context, m Message) (Receipt, error)
	// Name is the transport's short name, as in Settings.Transport:
	// "notify", "smtp" or "outbox".
	Name() string
}
