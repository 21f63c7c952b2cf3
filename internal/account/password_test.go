package account

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"learnwell"
)

// FieldMessage returns err's message for the field, or "".
func FieldMessage(err error, field string) string {
	return learnwell.FieldMap(learnwell.ErrorFields(err))[field]
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name, pw, email, want string
	}{
		{"empty", "", "", "Enter a password"},
		{"11 characters", "abcdefghijk", "", "Enter a password that is at least 12 characters long"},
		{"12 characters", "tuna-kettle7", "", ""},
		{"11 characters of Unicode but more bytes", "ééééééééééé", "", "Enter a password that is at least 12 characters long"},
		{"e plus combining accent, twice six, is six after NFC", strings.Repeat("e\u0301", 6), "", "Enter a password that is at least 12 characters long"},
		{"256 characters", strings.Repeat("horse battery ", 18) + "abcd", "", ""},
		{"257 characters", strings.Repeat("a", 257), "", "Enter a password that is 256 characters or fewer"},
		{"common", "qwertyuiop123", "", "Enter a less common password"},
		{"common in another case", "QwertyUIOP123", "", "Enter a less common password"},
		{"common, 12 characters", "password1234", "", "Enter a less common password"},
		{"the demo password", DemoPassword, "", "Enter a less common password"},
		{"the demo password in capitals", strings.ToUpper(DemoPassword), "", "Enter a less common password"},
		{"the email address", "Sam.Jones@Example.com", "sam.jones@example.com", "Enter a password that is not your email address"},
		{"no composition rules: all lower case", "correct horse battery staple", "", ""},
		{"no composition rules: all digits", "583920174628", "", ""},
	}
	for _, tt := range tests {
		if n := len([]rune(tt.pw)); tt.name == "256 characters" && n != 256 {
			t.Fatalf("test password is %d characters", n)
		}
		err := CheckPassword(tt.pw, tt.email)
		got := FieldMessage(err, "password")
		if got != tt.want {
			t.Errorf("%s: message %q, want %q", tt.name, got, tt.want)
		}
		if tt.want != "" && learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Errorf("%s: code %q, want invalid", tt.name, learnwell.ErrorCode(err))
		}
	}
}

func TestCommonPasswordList(t *testing.T) {
	set := commonPasswords()
	// 308 entries of the list are 12 characters or more, plus the demo password.
	if len(set) < 300 || len(set) > 320 {
		t.Fatalf("%d long common passwords, want about 309", len(set))
	}
	for pw := range set {
		if pw != strings.ToLower(pw) || len([]rune(pw)) < MinPasswordLength {
			t.Fatalf("entry %q is not folded or is too short", pw)
		}
	}
	if IsCommonPassword("a very unusual passphrase of mine") {
		t.Error("an unusual passphrase is called common")
	}
}

func newTestHasher(t *testing.T, p HashParams, n int, wait time.Duration) *Hasher {
	t.Helper()
	h, err := NewHasher(p, n, wait)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHashAndVerify(t *testing.T) {
	ctx := context.Background()
	h := newTestHasher(t, TestHashParams, 2, 0)
	encoded, err := h.Hash(ctx, "tuna-kettle7-sofa")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(encoded, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Count(encoded, "$") != 5 {
		t.Fatalf("hash %q is not PHC argon2id with its parameters", encoded)
	}
	if again, _ := h.Hash(ctx, "tuna-kettle7-sofa"); again == encoded {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	if ok, rehash, err := h.Verify(ctx, encoded, "tuna-kettle7-sofa"); !ok || rehash || err != nil {
		t.Fatalf("Verify(right) = %v, %v, %v", ok, rehash, err)
	}
	if ok, _, err := h.Verify(ctx, encoded, "tuna-kettle7-Sofa"); ok || err != nil {
		t.Fatalf("Verify(wrong) = %v, %v", ok, err)
	}
	// NFC: the same password typed with a combining accent matches.
	composed, _ := h.Hash(ctx, "caf\u00e9 on the corner")
	if ok, _, _ := h.Verify(ctx, composed, "cafe\u0301 on the corner"); !ok {
		t.Error("a decomposed accent does not match its composed form")
	}
}

func TestVerifyOldParametersAsksForRehash(t *testing.T) {
	ctx := context.Background()
	old := newTestHasher(t, HashParams{Memory: 32, Time: 1, Threads: 1}, 1, 0)
	encoded, _ := old.Hash(ctx, "tuna-kettle7-sofa")
	current := newTestHasher(t, TestHashParams, 1, 0)
	ok, rehash, err := current.Verify(ctx, encoded, "tuna-kettle7-sofa")
	if !ok || !rehash || err != nil {
		t.Fatalf("old hash: Verify = %v, rehash %v, %v; want true, true", ok, rehash, err)
	}
	if ok, rehash, _ := current.Verify(ctx, encoded, "wrong password!"); ok || rehash {
		t.Error("a wrong password asked for a rehash")
	}
}

func TestVerifyRefusesDamagedHashes(t *testing.T) {
	h := newTestHasher(t, TestHashParams, 1, 0)
	for _, bad := range []string{
		"", "plain", "$2a$10$abcdefghijklmnopqrstuv", // bcrypt
		"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", // absurd memory
		"$argon2id$v=19$m=64,t=1,p=1,x=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaA",
	} {
		if _, _, err := h.Verify(context.Background(), bad, "x"); learnwell.ErrorCode(err) != learnwell.EINTERNAL {
			t.Errorf("Verify(%q) err = %v, want internal", bad, err)
		}
	}
}

func TestHasherCapsConcurrentHashing(t *testing.T) {
	h := newTestHasher(t, TestHashParams, 1, 50*time.Millisecond)
	release, err := h.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The only slot is taken: the next hash waits, then fails fast.
	start := time.Now()
	_, err = h.Hash(context.Background(), "tuna-kettle7-sofa")
	if learnwell.ErrorCode(err) != learnwell.EUNAVAILABLE || time.Since(start) < 40*time.Millisecond {
		t.Fatalf("Hash with no free slot: %v after %s; want unavailable after the wait", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := h.Verify(ctx, h.dummy, "x"); learnwell.ErrorCode(err) != learnwell.EUNAVAILABLE || !errors.Is(err, context.Canceled) {
		t.Fatalf("Verify with a cancelled context = %v", err)
	}
	release()
	if _, err := h.Hash(context.Background(), "tuna-kettle7-sofa"); err != nil {
		t.Fatalf("after release: %v", err)
	}
}

func TestHasherRunsAtMostNAtOnce(t *testing.T) {
	h := newTestHasher(t, TestHashParams, 2, 0)
	var mu sync.Mutex
	running, peak := 0, 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := h.acquire(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			running++
			peak = max(peak, running)
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			mu.Lock()
			running--
			mu.Unlock()
			release()
		}()
	}
	wg.Wait()
	if peak != 2 {
		t.Fatalf("peak %d hashes at once, want 2", peak)
	}
}

func TestHashParamsValidate(t *testing.T) {
	if err := DefaultHashParams.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []HashParams{{Memory: 64, Time: 1, Threads: 0}, {Memory: 7, Time: 1, Threads: 1}, {Memory: 64, Time: 0, Threads: 1}} {
		if _, err := NewHasher(p, 1, 0); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	if _, err := NewHasher(TestHashParams, 0, 0); err == nil {
		t.Error("concurrency 0 accepted")
	}
}
