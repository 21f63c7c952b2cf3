package notify

import (
	"errors"
	"fmt"

	"learnwell"
)

// failure is the cause inside a transport's *learnwell.Error: which
// transport failed, how, and whether trying again could help. Its text holds
// status codes and the provider's error descriptions, never a recipient or a
// message body.
type failure struct {
	transport string
	permanent bool
	status    int // HTTP status or SMTP reply code; 0 when there was none
	detail    string
	err       error
}

// Error describes the failure for the log.
func (f *failure) Error() string {
	kind := "temporary"
	if f.permanent {
		kind = "permanent"
	}
	s := f.transport + ": " + kind + " failure"
	if f.status != 0 {
		s += fmt.Sprintf(" (status %d)", f.status)
	}
	if f.detail != "" {
		s += ": " + f.detail
	}
	if f.err != nil {
		s += ": " + f.err.Error()
	}
	return s
}

// Unwrap returns the cause, if any.
func (f *failure) Unwrap() error { return f.err }

// Safe messages for the outbox page; the cause is in the wrapped failure.
const (
	msgTemporary = "The message could not be sent just now. It will be tried again."
	msgRejected  = "The message was refused and cannot be sent. Check the recipient and the message."
	msgConfig    = "The message cannot be sent because the messaging settings are wrong. Check the message transport settings."
)

// temporary returns an EUNAVAILABLE error that IsPermanent reports false for.
func temporary(transport string, status int, detail string, cause error) error {
	return &learnwell.Error{Code: learnwell.EUNAVAILABLE, Message: msgTemporary,
		Err: &failure{transport: transport, status: status, detail: detail, err: cause}}
}

// permanent returns an EINVALID error that IsPermanent reports true for. The
// safe message says whether the message or the settings are at fault.
func permanent(transport, message string, status int, detail string, cause error) error {
	return &learnwell.Error{Code: learnwell.EINVALID, Message: message,
		Err: &failure{transport: transport, permanent: true, status: status, detail: detail, err: cause}}
}

// IsPermanent reports whether err is a failure that will never succeed however
// often it is tried: a message or recipient the provider refused (HTTP 400,
// SMTP 5xx to RCPT or DATA), settings it rejected (HTTP 401, 403, 404, SMTP
// 5xx to MAIL or AUTH), a message that fails Message.Validate, or a channel
// the transport cannot carry. Everything else — HTTP 5xx and 429, SMTP 4xx,
// timeouts, refused connections, unknown errors — is temporary, and the outbox
// job should try again later, up to its own limit.
//
// Transports give permanent failures the code EINVALID, with a safe message
// saying whether the message or the settings are at fault, and temporary ones
// EUNAVAILABLE.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	var f *failure
	if errors.As(err, &f) {
		return f.permanent
	}
	return learnwell.ErrorCode(err) == learnwell.EINVALID
}
