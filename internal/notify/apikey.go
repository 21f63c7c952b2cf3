package notify

import (
	"log/slog"
	"strings"

	"learnwell"
)

// APIKey is a GOV.UK Notify API key, taken apart. Notify shows a key as
// {key_name}-{service_id}-{secret_key}: the service id becomes the JWT's iss
// claim and the secret key signs it. String and LogValue hide the secret.
type APIKey struct {
	Name      string // the key's name in Notify; may contain hyphens
	ServiceID string // a UUID
	SecretKey string // a UUID; never log it
}

const uuidLen = 36

// ParseAPIKey splits a Notify API key into its parts. It reads from the end,
// because the key name may itself contain hyphens: the last 36 characters are
// the secret key, the 36 before the hyphen preceding them the service id, and
// whatever comes before the next hyphen the name. A key that does not have
// this shape is an EINVALID error whose message never repeats the key.
func ParseAPIKey(s string) (APIKey, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return APIKey{}, learnwell.Errorf(learnwell.EINVALID, "Enter the GOV.UK Notify API key")
	}
	const tail = 1 + uuidLen + 1 + uuidLen // -service-secret
	if len(s) < tail+1 || s[len(s)-tail] != '-' || s[len(s)-uuidLen-1] != '-' {
		return APIKey{}, badKey()
	}
	k := APIKey{
		Name:      s[:len(s)-tail],
		ServiceID: s[len(s)-tail+1 : len(s)-uuidLen-1],
		SecretKey: s[len(s)-uuidLen:],
	}
	if k.Name == "" || !learnwell.ValidID(k.ServiceID) || !learnwell.ValidID(k.SecretKey) {
		return APIKey{}, badKey()
	}
	return k, nil
}

func badKey() error {
	return learnwell.Errorf(learnwell.EINVALID,
		"The GOV.UK Notify API key must look like {key_name}-{service_id}-{secret_key}, where the service id and secret key are 36-character UUIDs; copy the whole key from Notify's API integration page")
}

// String returns the key with its secret hidden.
func (k APIKey) String() string {
	return k.Name + "-" + k.ServiceID + "-[secret hidden]"
}

// GoString returns the key with its secret hidden, for %#v.
func (k APIKey) GoString() string { return "notify.APIKey(" + k.String() + ")" }

// LogValue returns the key with its secret hidden, for log/slog.
func (k APIKey) LogValue() slog.Value { return slog.StringValue(k.String()) }
