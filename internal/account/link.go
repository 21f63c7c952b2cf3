package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"time"

	"learnwell"
)

// LinkPurpose says what a secure link is for. A link redeems only for its own
// purpose.
type LinkPurpose string

// The purposes of secure links. Learners' questionnaires and shortlists will
// add theirs.
const (
	// InvitationLink lets an invited user set their password, once.
	InvitationLink LinkPurpose = "invitation"
	// PasswordResetLink lets a user choose a new password, once.
	PasswordResetLink LinkPurpose = "password-reset"
)

// LinkRules are how long a link of a purpose lasts and how often it can be used.
type LinkRules struct {
	TTL  time.Duration
	Uses int
	Path string // where the link points, before the token
}

// linkRules are the rules of each purpose.
var linkRules = map[LinkPurpose]LinkRules{
	InvitationLink:    {TTL: 7 * 24 * time.Hour, Uses: 1, Path: "/sign-in/invitation/"},
	PasswordResetLink: {TTL: time.Hour, Uses: 1, Path: "/sign-in/reset-password/"},
}

// RulesFor returns the rules of a purpose, and whether it is known.
func RulesFor(p LinkPurpose) (LinkRules, bool) { r, ok := linkRules[p]; return r, ok }

// linkTokenBytes is the randomness of a link: 256 bits.
const linkTokenBytes = 32

// NewLinkToken returns a new link token (32 random bytes, URL-safe base64
// without padding, 43 characters) and the hash to keep. The token itself is
// never stored: it goes into the link and nowhere else.
func NewLinkToken() (token, hash string) {
	b := make([]byte, linkTokenBytes)
	if _, err := rand.Read(b); err != nil {
		panic("account: no randomness: " + err.Error())
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashLinkToken(token)
}

// HashLinkToken returns the hash under which a link token is kept, and false
// if the token cannot be one of ours (wrong length or characters), so
// tampered tokens are refused without a look in the database.
func HashLinkToken(token string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != linkTokenBytes || base64.RawURLEncoding.EncodeToString(b) != token {
		return "", false
	}
	return hashLinkToken(token), true
}

func hashLinkToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// LinkURL is the absolute URL of a link: the base URL, the purpose's path and
// the token.
func LinkURL(baseURL string, p LinkPurpose, token string) string {
	return strings.TrimRight(baseURL, "/") + linkRules[p].Path + token
}

// LinkRemovedNote stands in a message, where it is shown on a page, for a
// secure link: see RemoveLinks.
const LinkRemovedNote = "[link removed: links in messages are not shown here]"

// RemoveLinks replaces every secure link in a message's text (the URL of any
// purpose's path, with whatever follows it up to the next space) with
// LinkRemovedNote, so a page that shows messages to someone other than their
// recipient (the outbox) holds nothing that can be followed to take an account.
func RemoveLinks(text string) string {
	return linkURLPattern.ReplaceAllString(text, LinkRemovedNote)
}

// linkURLPattern matches a secure link: a run of non-space characters that
// holds one of the purposes' paths. It is built from linkRules, so a new
// purpose is covered.
var linkURLPattern = func() *regexp.Regexp {
	var paths []string
	for _, r := range linkRules {
		paths = append(paths, regexp.QuoteMeta(r.Path))
	}
	slices.Sort(paths)
	return regexp.MustCompile(`\S*(?:` + strings.Join(paths, "|") + `)\S*`)
}()

// ErrLinkNotValid is the one error for every link that cannot be used:
// expired, used up, revoked, for another purpose, changed, or never issued.
// It never says which.
func ErrLinkNotValid() error {
	return learnwell.Errorf(learnwell.ENOTFOUND, "This link has expired or has already been used. Ask for a new link.")
}

// Link is a secure link as the store keeps it (without its token).
type Link struct {
	Hash      string
	Purpose   LinkPurpose
	SubjectID string // what the link is about, such as the user invited
	ExpiresAt time.Time
	UsesLeft  int
	Revoked   bool
	CreatedAt time.Time
}

// Usable reports whether the link can be used for the purpose at now.
func (l Link) Usable(p LinkPurpose, now time.Time) bool {
	return l.Purpose == p && !l.Revoked && l.UsesLeft > 0 && now.Before(l.ExpiresAt)
}
