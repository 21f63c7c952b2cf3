package account

import (
	"fmt"
	"time"

	"learnwell"
)

// LockoutPolicy says when repeated failed sign-ins lock an account and
// throttle an address. Failures are counted in the database, so the limits
// hold across app nodes, and are keyed by the email address typed (a keyed
// hash of it), whether or not an account has it: an unknown address locks
// exactly like a real one, so a lock says nothing about who is registered.
type LockoutPolicy struct {
	// AccountLimit failures lock the account; every further AccountLimit
	// doubles the lock.
	AccountLimit int
	// FirstLock is how long the first lock lasts, counted from the latest
	// failure; later locks double, up to MaxLock.
	FirstLock, MaxLock time.Duration
	// Memory is how long failures are remembered. A successful sign-in or
	// password reset forgets an account's failures at once.
	Memory time.Duration
	// AddressLimit failures from one network address within AddressWindow
	// throttle that address, whatever accounts it tries.
	AddressLimit  int
	AddressWindow time.Duration
}

// DefaultLockout: after 10 failures an account is locked for 15 minutes after
// each further failure; after 20 for 30 minutes, after 30 for an hour, up to
// 4 hours; failures are forgotten after a day. One address may fail 100 times
// in 15 minutes (a shared office connection has many people behind it).
var DefaultLockout = LockoutPolicy{
	AccountLimit: 10, FirstLock: 15 * time.Minute, MaxLock: 4 * time.Hour, Memory: 24 * time.Hour,
	AddressLimit: 100, AddressWindow: 15 * time.Minute,
}

// Failures is what the store counts about past failures.
type Failures struct {
	Account     int       // failures for the email address since its last success, within Memory
	LastAccount time.Time // the latest of them
	Address     int       // failures from the network address within AddressWindow
	LastAddress time.Time // the latest of them
}

// LockedUntil says whether, at now, a sign-in must be refused without
// checking the password, and until when.
func (p LockoutPolicy) LockedUntil(f Failures, now time.Time) (time.Time, bool) {
	var until time.Time
	if p.AccountLimit > 0 && f.Account >= p.AccountLimit {
		lock := p.FirstLock
		for k := f.Account / p.AccountLimit; k > 1 && lock < p.MaxLock; k-- {
			lock *= 2
		}
		lock = min(lock, p.MaxLock)
		until = f.LastAccount.Add(lock)
	}
	if p.AddressLimit > 0 && f.Address >= p.AddressLimit {
		if t := f.LastAddress.Add(p.AddressWindow); t.After(until) {
			until = t
		}
	}
	if now.Before(until) {
		return until, true
	}
	return time.Time{}, false
}

// Throttled is the cause of a refused sign-in while locked; web pages may
// use Until for a Retry-After header. It says the same for unknown addresses.
type Throttled struct{ Until time.Time }

func (t *Throttled) Error() string { return "sign-in throttled until " + t.Until.Format(time.RFC3339) }

// ErrThrottled is the error for a sign-in refused while locked.
func ErrThrottled(until, now time.Time) error {
	mins := int(until.Sub(now).Round(time.Minute) / time.Minute)
	when := "in a minute"
	if mins > 1 {
		when = fmt.Sprintf("in %d minutes", mins)
	}
	return learnwell.Wrap(&Throttled{Until: until}, learnwell.EUNAUTHORISED,
		"There have been too many attempts to sign in. Try again "+when+", or reset your password.")
}

// ErrSignInFailed is the one error for every failed sign-in: unknown email
// address, wrong password, no password yet, deactivated account, demo account
// outside the demo. It never says which.
func ErrSignInFailed() error {
	var v learnwell.Validation
	v.Add("email", "Enter the email address and password for your account")
	e := v.Err().(*learnwell.Error)
	e.Code = learnwell.EUNAUTHORISED
	e.Message = "The email address or password is not right"
	return e
}
