package secret

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"learnwell"
)

func key(b byte) string { return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, KeySize)) }

func TestSealOpenRoundTrip(t *testing.T) {
	kr, err := ParseKeys("one:" + key(1))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := kr.Seal([]byte("JBSWY3DPEHPK3PXP"), "user/1/totp")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sealed, "lw1.one.") || strings.Contains(sealed, "JBSWY3DPEHPK3PXP") {
		t.Fatalf("sealed = %q", sealed)
	}
	again, _ := kr.Seal([]byte("JBSWY3DPEHPK3PXP"), "user/1/totp")
	if again == sealed {
		t.Fatal("two seals of the same value are equal: the nonce is not random")
	}
	plain, err := kr.Open(sealed, "user/1/totp")
	if err != nil || string(plain) != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("Open = %q, %v", plain, err)
	}
}

func TestOpenRefusesTamperingAndOtherContexts(t *testing.T) {
	kr, _ := ParseKeys("one:" + key(1))
	other, _ := ParseKeys("two:" + key(2))
	sealed, _ := kr.Seal([]byte("secret"), "user/1/totp")
	flipped := []byte(sealed)
	flipped[len(flipped)-3] ^= 0x01
	if flipped[len(flipped)-3] == '.' {
		flipped[len(flipped)-3] = 'A'
	}
	renamed := strings.Replace(sealed, "lw1.one.", "lw1.two.", 1)
	cases := map[string]struct {
		kr      *Keyring
		sealed  string
		context string
	}{
		"other context (moved to another user)": {kr, sealed, "user/2/totp"},
		"one bit changed":                       {kr, string(flipped), "user/1/totp"},
		"unknown key":                           {other, sealed, "user/1/totp"},
		"key id changed":                        {other, renamed, "user/1/totp"},
		"not sealed":                            {kr, "secret", "user/1/totp"},
		"truncated":                             {kr, sealed[:12], "user/1/totp"},
	}
	for name, c := range cases {
		if _, err := c.kr.Open(c.sealed, c.context); learnwell.ErrorCode(err) != learnwell.EINTERNAL {
			t.Errorf("%s: err = %v, want an internal error", name, err)
		}
	}
}

func TestRotation(t *testing.T) {
	old, _ := ParseKeys("old:" + key(1))
	sealed, _ := old.Seal([]byte("secret"), "c")
	rotated, err := ParseKeys("new:" + key(2) + ", old:" + key(1))
	if err != nil {
		t.Fatal(err)
	}
	if rotated.CurrentID() != "new" || strings.Join(rotated.IDs(), ",") != "new,old" {
		t.Fatalf("ids = %v", rotated.IDs())
	}
	if plain, err := rotated.Open(sealed, "c"); err != nil || string(plain) != "secret" {
		t.Fatalf("old value under the rotated keyring: %q, %v", plain, err)
	}
	if !rotated.Stale(sealed) {
		t.Error("a value sealed with the old key is not stale")
	}
	resealed, _ := rotated.Seal([]byte("secret"), "c")
	if rotated.Stale(resealed) {
		t.Error("a value sealed with the current key is stale")
	}
	if id, _ := KeyID(resealed); id != "new" {
		t.Errorf("KeyID = %q", id)
	}
	if _, err := old.Open(resealed, "c"); err == nil {
		t.Error("the old keyring opened a value sealed with the new key")
	}
}

func TestParseKeys(t *testing.T) {
	if kr, err := ParseKeys("  "); kr != nil || err != nil {
		t.Fatalf("empty setting = %v, %v; want nil, nil", kr, err)
	}
	kr, err := ParseKeys(key(7))
	if err != nil {
		t.Fatal(err)
	}
	kr2, _ := ParseKeys(key(7))
	if kr.CurrentID() != kr2.CurrentID() || !strings.HasPrefix(kr.CurrentID(), "k") || len(kr.CurrentID()) != 9 {
		t.Errorf("derived id = %q, %q: want the same stable id", kr.CurrentID(), kr2.CurrentID())
	}
	bad := map[string]string{
		"not base64":    "!!!",
		"too short":     base64.StdEncoding.EncodeToString([]byte("short")),
		"bad id":        "Bad_ID:" + key(1),
		"repeated id":   "a:" + key(1) + ",a:" + key(2),
		"empty in list": key(1) + ",",
	}
	for name, s := range bad {
		if _, err := ParseKeys(s); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := ParseKeys(GenerateKeySetting()); err != nil {
		t.Errorf("a generated setting does not parse: %v", err)
	}
}

func TestHash(t *testing.T) {
	a, _ := ParseKeys(key(1))
	b, _ := ParseKeys(key(2))
	h := a.Hash("sign-in-ip", "192.0.2.1")
	if h != a.Hash("sign-in-ip", "192.0.2.1") || len(h) != 64 {
		t.Fatalf("hash not stable: %q", h)
	}
	if h == a.Hash("sign-in-ip", "192.0.2.2") || h == a.Hash("other", "192.0.2.1") || h == b.Hash("sign-in-ip", "192.0.2.1") {
		t.Error("different values, domains or keys give the same hash")
	}
	if strings.Contains(h, "192") {
		t.Error("hash shows the value")
	}
}

func TestDemoAndGenerated(t *testing.T) {
	d1, d2 := DemoKeyring(), DemoKeyring()
	sealed, _ := d1.Seal([]byte("x"), "c")
	if _, err := d2.Open(sealed, "c"); err != nil || !d1.IsDemo() {
		t.Fatalf("the demo key is not stable: %v", err)
	}
	g1, g2 := GenerateKeyring(), GenerateKeyring()
	if g1.IsDemo() || g1.CurrentID() == g2.CurrentID() {
		t.Error("generated keyrings are not new keys")
	}
}
