package account

import (
	"errors"
	"strings"
	"testing"
	"time"

	"learnwell"
)

func TestLockedUntil(t *testing.T) {
	p := DefaultLockout
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	tests := []struct {
		name       string
		f          Failures
		wantLocked bool
		wantUntil  time.Time
	}{
		{"no failures", Failures{}, false, time.Time{}},
		{"9 failures", Failures{Account: 9, LastAccount: ago(time.Second)}, false, time.Time{}},
		{"10th failure just now: 15 minutes", Failures{Account: 10, LastAccount: ago(0)}, true, now.Add(15 * time.Minute)},
		{"10 failures, the last 14 minutes ago", Failures{Account: 10, LastAccount: ago(14 * time.Minute)}, true, now.Add(time.Minute)},
		{"10 failures, the last 15 minutes ago: free again", Failures{Account: 10, LastAccount: ago(15 * time.Minute)}, false, time.Time{}},
		{"11th failure after the lock: locked again", Failures{Account: 11, LastAccount: ago(time.Minute)}, true, now.Add(14 * time.Minute)},
		{"20 failures: 30 minutes", Failures{Account: 20, LastAccount: ago(0)}, true, now.Add(30 * time.Minute)},
		{"29 failures: still 30 minutes", Failures{Account: 29, LastAccount: ago(0)}, true, now.Add(30 * time.Minute)},
		{"30 failures: an hour", Failures{Account: 30, LastAccount: ago(0)}, true, now.Add(time.Hour)},
		{"40 failures: 2 hours", Failures{Account: 40, LastAccount: ago(0)}, true, now.Add(2 * time.Hour)},
		{"50 failures: 4 hours, the most", Failures{Account: 50, LastAccount: ago(0)}, true, now.Add(4 * time.Hour)},
		{"1000 failures: still 4 hours", Failures{Account: 1000, LastAccount: ago(0)}, true, now.Add(4 * time.Hour)},
		{"99 from one address", Failures{Address: 99, LastAddress: ago(0)}, false, time.Time{}},
		{"100 from one address", Failures{Address: 100, LastAddress: ago(time.Minute)}, true, now.Add(14 * time.Minute)},
		{"address and account: the later wins", Failures{Account: 10, LastAccount: ago(10 * time.Minute), Address: 100, LastAddress: ago(0)},
			true, now.Add(15 * time.Minute)},
	}
	for _, tt := range tests {
		until, locked := p.LockedUntil(tt.f, now)
		if locked != tt.wantLocked || !until.Equal(tt.wantUntil) {
			t.Errorf("%s: locked %v until %s; want %v until %s", tt.name, locked, until, tt.wantLocked, tt.wantUntil)
		}
	}
}

func TestSignInErrorsSayNothing(t *testing.T) {
	err := ErrSignInFailed()
	if learnwell.ErrorCode(err) != learnwell.EUNAUTHORISED || FieldMessage(err, "email") == "" {
		t.Fatalf("ErrSignInFailed = %v", err)
	}
	for _, word := range []string{"registered", "exist", "found", "unknown", "deactivated"} {
		if strings.Contains(strings.ToLower(err.Error()), word) {
			t.Errorf("the sign-in error says %q", word)
		}
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	thr := ErrThrottled(now.Add(15*time.Minute), now)
	var th *Throttled
	if learnwell.ErrorCode(thr) != learnwell.EUNAUTHORISED || !errors.As(thr, &th) || !th.Until.Equal(now.Add(15*time.Minute)) ||
		!strings.Contains(learnwell.ErrorMessage(thr), "in 15 minutes") {
		t.Errorf("ErrThrottled = %v (%q)", thr, learnwell.ErrorMessage(thr))
	}
	if !strings.Contains(learnwell.ErrorMessage(ErrThrottled(now.Add(20*time.Second), now)), "in a minute") {
		t.Error("a lock of seconds is not 'in a minute'")
	}
}
