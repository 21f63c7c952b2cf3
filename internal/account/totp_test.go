package account

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"hash"
	"net/url"
	"strings"
	"testing"
	"time"
)

// RFC 6238 appendix B: the seeds and the 8-digit codes for each hash.
func TestTOTPRFC6238Vectors(t *testing.T) {
	seeds := map[string][]byte{
		"SHA1":   []byte("12345678901234567890"),
		"SHA256": []byte("12345678901234567890123456789012"),
		"SHA512": []byte("1234567890123456789012345678901234567890123456789012345678901234"),
	}
	hashes := map[string]func() hash.Hash{"SHA1": sha1.New, "SHA256": sha256.New, "SHA512": sha512.New}
	vectors := []struct {
		unix int64
		alg  string
		code string
	}{
		{59, "SHA1", "94287082"}, {59, "SHA256", "46119246"}, {59, "SHA512", "90693936"},
		{1111111109, "SHA1", "07081804"}, {1111111109, "SHA256", "68084774"}, {1111111109, "SHA512", "25091201"},
		{1111111111, "SHA1", "14050471"}, {1111111111, "SHA256", "67062674"}, {1111111111, "SHA512", "99943326"},
		{1234567890, "SHA1", "89005924"}, {1234567890, "SHA256", "91819424"}, {1234567890, "SHA512", "93441116"},
		{2000000000, "SHA1", "69279037"}, {2000000000, "SHA256", "90698825"}, {2000000000, "SHA512", "38618901"},
		{20000000000, "SHA1", "65353130"}, {20000000000, "SHA256", "77737706"}, {20000000000, "SHA512", "47863826"},
	}
	for _, v := range vectors {
		step := TOTPStep(time.Unix(v.unix, 0))
		if got := HOTP(hashes[v.alg], seeds[v.alg], uint64(step), 8); got != v.code {
			t.Errorf("%s at %d = %s, want %s", v.alg, v.unix, got, v.code)
		}
	}
	// The 6-digit code an authenticator app shows is the last 6 digits.
	secret := base32.StdEncoding.EncodeToString(seeds["SHA1"])
	got, err := TOTPCode(secret, time.Unix(1111111109, 0))
	if err != nil || got != "081804" {
		t.Fatalf("TOTPCode = %q, %v; want 081804", got, err)
	}
}

func TestVerifyTOTPSkewAndReplay(t *testing.T) {
	secret := NewTOTPSecret()
	now := time.Date(2026, 11, 24, 10, 0, 15, 0, time.UTC)
	step := TOTPStep(now)
	codeAt := func(d time.Duration) string {
		c, err := TOTPCode(secret, now.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		lastStep int64
		wantOK   bool
		wantStep int64
	}{
		{"current step", codeAt(0), 0, true, step},
		{"one step behind (slow typing)", codeAt(-30 * time.Second), 0, true, step - 1},
		{"one step ahead (fast clock)", codeAt(30 * time.Second), 0, true, step + 1},
		{"two steps behind", codeAt(-60 * time.Second), 0, false, 0},
		{"two steps ahead", codeAt(60 * time.Second), 0, false, 0},
		{"replayed: this step already used", codeAt(0), step, false, 0},
		{"older than the last code used", codeAt(-30 * time.Second), step, false, 0},
		{"next step after the last used", codeAt(30 * time.Second), step, true, step + 1},
		{"with spaces", codeAt(0)[:3] + " " + codeAt(0)[3:], 0, true, step},
		{"wrong code", wrongCode(codeAt(0)), 0, false, 0},
		{"too short", codeAt(0)[:5], 0, false, 0},
		{"letters", "12a456", 0, false, 0},
	}
	for _, tt := range tests {
		gotStep, ok := VerifyTOTP(secret, tt.code, now, tt.lastStep)
		if ok != tt.wantOK || gotStep != tt.wantStep {
			t.Errorf("%s: VerifyTOTP = %d, %v; want %d, %v", tt.name, gotStep, ok, tt.wantStep, tt.wantOK)
		}
	}
	if _, ok := VerifyTOTP("not base32!", codeAt(0), now, 0); ok {
		t.Error("a damaged secret verified a code")
	}
}

// wrongCode returns a 6-digit code that differs from c.
func wrongCode(c string) string {
	b := []byte(c)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

func TestCheckCodeShape(t *testing.T) {
	for code, want := range map[string]string{
		"":        "Enter the 6-digit code from your authenticator app",
		"12345":   "Enter the code using only 6 digits, like 123456",
		"12345a":  "Enter the code using only 6 digits, like 123456",
		"1234567": "Enter the code using only 6 digits, like 123456",
		"123 456": "",
		"123-456": "",
	} {
		err := CheckCodeShape(code)
		got := ""
		if err != nil {
			got = FieldMessage(err, "code")
		}
		if got != want {
			t.Errorf("CheckCodeShape(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestTOTPSecretAndURI(t *testing.T) {
	s := NewTOTPSecret()
	if len(s) != 32 || strings.ContainsAny(s, "=") {
		t.Fatalf("secret %q: want 32 base32 characters (160 bits) without padding", s)
	}
	if s == NewTOTPSecret() {
		t.Fatal("two secrets are equal")
	}
	if _, err := DecodeTOTPSecret(DemoTOTPSecret); err != nil {
		t.Fatalf("the demo secret is not base32: %v", err)
	}
	if _, err := DecodeTOTPSecret("ABC"); err == nil {
		t.Error("a 15-bit secret was accepted")
	}
	uri := TOTPURI("learnwell", "link.worker@example.com", s)
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" {
		t.Fatalf("uri %q: %v", uri, err)
	}
	q := u.Query()
	if u.Path != "/learnwell:link.worker@example.com" || q.Get("secret") != s || q.Get("issuer") != "learnwell" ||
		q.Get("digits") != "6" || q.Get("period") != "30" || q.Get("algorithm") != "SHA1" {
		t.Errorf("uri %q", uri)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, hashes := NewRecoveryCodes()
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("%d codes, %d hashes; want 10", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 19 || strings.Count(c, "-") != 3 || strings.ContainsAny(c, "ilou") {
			t.Errorf("code %q: want xxxx-xxxx-xxxx-xxxx in Crockford base32", c)
		}
		if seen[c] {
			t.Errorf("code %q repeated", c)
		}
		seen[c] = true
		if HashRecoveryCode(c) != hashes[i] || strings.Contains(hashes[i], c) {
			t.Errorf("hash of %q does not match", c)
		}
		typed := strings.ToUpper(strings.ReplaceAll(c, "-", " "))
		if HashRecoveryCode(typed) != hashes[i] {
			t.Errorf("code typed as %q does not match", typed)
		}
	}
	if HashRecoveryCode("o0il-1111-1111-1111") != HashRecoveryCode("0011-1111-1111-1111") {
		t.Error("o, i and l are not read as 0, 1 and 1")
	}
}
