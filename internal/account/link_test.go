package account

import (
	"strings"
	"testing"
	"time"

	"learnwell"
)

func TestLinkTokens(t *testing.T) {
	token, hash := NewLinkToken()
	if len(token) != 43 || strings.ContainsAny(token, "+/=") {
		t.Fatalf("token %q: want 43 URL-safe characters", token)
	}
	if len(hash) != 64 || strings.Contains(hash, token) {
		t.Fatalf("hash %q", hash)
	}
	if h, ok := HashLinkToken(token); !ok || h != hash {
		t.Fatalf("HashLinkToken(token) = %q, %v", h, ok)
	}
	other, _ := NewLinkToken()
	if other == token {
		t.Fatal("two tokens are equal")
	}
	flipped := []byte(token)
	if flipped[10] == 'A' {
		flipped[10] = 'B'
	} else {
		flipped[10] = 'A'
	}
	if h, ok := HashLinkToken(string(flipped)); ok && h == hash {
		t.Error("a changed token has the same hash")
	}
	for _, bad := range []string{"", token[:42], token + "A", token[:42] + "=", strings.Replace(token, token[:1], "+", 1), "../../etc/passwd"} {
		if _, ok := HashLinkToken(bad); ok {
			t.Errorf("HashLinkToken(%q) accepted a token that is not ours", bad)
		}
	}
}

func TestLinkUsable(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	good := Link{Purpose: InvitationLink, ExpiresAt: now.Add(time.Minute), UsesLeft: 1}
	if !good.Usable(InvitationLink, now) {
		t.Fatal("a good link is not usable")
	}
	cases := map[string]Link{
		"expired":           {Purpose: InvitationLink, ExpiresAt: now, UsesLeft: 1},
		"used up":           {Purpose: InvitationLink, ExpiresAt: now.Add(time.Minute), UsesLeft: 0},
		"revoked":           {Purpose: InvitationLink, ExpiresAt: now.Add(time.Minute), UsesLeft: 1, Revoked: true},
		"another purpose":   {Purpose: PasswordResetLink, ExpiresAt: now.Add(time.Minute), UsesLeft: 1},
		"no purpose at all": {ExpiresAt: now.Add(time.Minute), UsesLeft: 1},
	}
	for name, l := range cases {
		if l.Usable(InvitationLink, now) {
			t.Errorf("%s: usable", name)
		}
	}
}

func TestLinkURLAndRules(t *testing.T) {
	if got := LinkURL("https://learnwell.example.org/", InvitationLink, "abc"); got != "https://learnwell.example.org/sign-in/invitation/abc" {
		t.Errorf("invitation URL = %q", got)
	}
	if got := LinkURL("http://localhost:8080", PasswordResetLink, "abc"); got != "http://localhost:8080/sign-in/reset-password/abc" {
		t.Errorf("reset URL = %q", got)
	}
	inv, _ := RulesFor(InvitationLink)
	reset, _ := RulesFor(PasswordResetLink)
	if inv.Uses != 1 || reset.Uses != 1 || inv.TTL != 7*24*time.Hour || reset.TTL != time.Hour {
		t.Errorf("rules: invitation %+v, reset %+v", inv, reset)
	}
	if _, ok := RulesFor("questionnaire"); ok {
		t.Error("an unknown purpose has rules")
	}
	if learnwell.ErrorCode(ErrLinkNotValid()) != learnwell.ENOTFOUND {
		t.Error("ErrLinkNotValid is not ENOTFOUND")
	}
}

func TestAPITokens(t *testing.T) {
	plain, hash, display := NewAPIToken()
	if !strings.HasPrefix(plain, "lw_") || len(plain) != 46 {
		t.Fatalf("token %q: want lw_ and 43 characters", plain)
	}
	if display != plain[:11]+"…" || strings.Contains(hash, plain[3:]) {
		t.Fatalf("display %q, hash %q", display, hash)
	}
	if h, ok := HashAPIToken(plain); !ok || h != hash {
		t.Fatalf("HashAPIToken = %q, %v", h, ok)
	}
	for _, bad := range []string{"", plain[3:], "LW_" + plain[3:], plain[:45], plain + "x", "lw_" + strings.Repeat("!", 43)} {
		if _, ok := HashAPIToken(bad); ok {
			t.Errorf("HashAPIToken(%q) accepted", bad)
		}
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tok := APIToken{ExpiresAt: now.Add(time.Hour)}
	if !tok.Usable(now) {
		t.Error("a new token is not usable")
	}
	if (APIToken{ExpiresAt: now}).Usable(now) || (APIToken{ExpiresAt: now.Add(time.Hour), RevokedAt: now}).Usable(now) {
		t.Error("an expired or revoked token is usable")
	}
}

func TestTokenLifetimeAndName(t *testing.T) {
	for s, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "1d": 24 * time.Hour, "720h": 720 * time.Hour, "366d": 366 * 24 * time.Hour} {
		if got, err := ParseTokenLifetime(s); err != nil || got != want {
			t.Errorf("ParseTokenLifetime(%q) = %s, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "0d", "367d", "1h", "-5d", "forever", "d"} {
		if _, err := ParseTokenLifetime(s); FieldMessage(err, "expires") == "" {
			t.Errorf("ParseTokenLifetime(%q) = %v, want a message for expires", s, err)
		}
	}
	if err := ValidateTokenRequest("Case system", 90*24*time.Hour); err != nil {
		t.Error(err)
	}
	err := ValidateTokenRequest("  ", time.Hour)
	if FieldMessage(err, "name") == "" || FieldMessage(err, "expires") == "" {
		t.Errorf("bad name and lifetime: %v", err)
	}
	if FieldMessage(ValidateTokenRequest(strings.Repeat("x", 101), DefaultTokenTTL), "name") == "" {
		t.Error("a 101-character name was accepted")
	}
}

func TestRemoveLinks(t *testing.T) {
	token, _ := NewLinkToken()
	base := "https://learnwell.example.org"
	for _, p := range []LinkPurpose{InvitationLink, PasswordResetLink} {
		text := "To accept, use this link:\n\n" + LinkURL(base, p, token) + "\n\nThe link works once."
		got := RemoveLinks(text)
		if strings.Contains(got, token) || strings.Contains(got, "/sign-in/") {
			t.Errorf("%s: the link is still there: %q", p, got)
		}
		if got != "To accept, use this link:\n\n"+LinkRemovedNote+"\n\nThe link works once." {
			t.Errorf("%s: %q", p, got)
		}
	}
	if plain := "See " + base + "/courses for courses."; RemoveLinks(plain) != plain {
		t.Errorf("a link that is not secure was removed: %q", RemoveLinks(plain))
	}
}
