package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"

	"learnwell"
)

// HashParams are argon2id's costs. Each hash records the parameters it was
// made with (PHC string format), so the costs can change and old hashes still
// verify; Verify says when a hash should be made again with the current ones.
type HashParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
}

// DefaultHashParams are the production costs: 64 MiB, 3 passes, 2 lanes
// (RFC 9106's second recommended option with the lanes of a small server),
// about 0.14 s on one core of the reference machine.
var DefaultHashParams = HashParams{Memory: 64 * 1024, Time: 3, Threads: 2}

// TestHashParams are cheap costs for tests and nothing else.
var TestHashParams = HashParams{Memory: 64, Time: 1, Threads: 1}

// Validate checks the parameters are ones argon2id accepts and that a hash
// from the database cannot ask for absurd work.
func (p HashParams) Validate() error {
	switch {
	case p.Threads < 1:
		return fmt.Errorf("argon2id needs at least 1 thread")
	case p.Memory < 8*uint32(p.Threads):
		return fmt.Errorf("argon2id needs at least 8 KiB of memory per thread")
	case p.Memory > 4*1024*1024:
		return fmt.Errorf("argon2id memory must be 4 GiB or less")
	case p.Time < 1 || p.Time > 100:
		return fmt.Errorf("argon2id time must be between 1 and 100 passes")
	}
	return nil
}

const (
	saltLen = 16
	keyLen  = 32
)

// Hasher hashes and verifies passwords with argon2id. It lets only a few
// hashes run at once (each holds Memory KiB), so a burst of sign-ins queues
// instead of exhausting memory; a request that waits longer than its wait
// limit, or whose context ends, fails with EUNAVAILABLE.
type Hasher struct {
	params HashParams
	slots  chan struct{}
	wait   time.Duration
	dummy  string // a hash of nothing, for unknown accounts
	count  atomic.Uint64
}

// NewHasher returns a hasher with the parameters, running at most concurrency
// hashes at once and waiting at most wait for a turn (0: as long as the
// context allows).
func NewHasher(p HashParams, concurrency int, wait time.Duration) (*Hasher, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if concurrency < 1 {
		return nil, fmt.Errorf("password hashing needs a concurrency of at least 1")
	}
	h := &Hasher{params: p, slots: make(chan struct{}, concurrency), wait: wait}
	h.dummy = encodeHash(p, make([]byte, saltLen), argon2.IDKey(nil, make([]byte, saltLen), p.Time, p.Memory, p.Threads, keyLen))
	return h, nil
}

// Hashes returns how many hashes the hasher has computed (to hash or to
// verify): a counter for metrics, and for tests that every refused sign-in
// costs the same.
func (h *Hasher) Hashes() uint64 { return h.count.Load() }

// Params returns the hasher's current parameters.
func (h *Hasher) Params() HashParams { return h.params }

// errBusy is returned when hashing cannot start in time.
func errBusy(cause error) error {
	return learnwell.Wrap(cause, learnwell.EUNAVAILABLE, "The service is busy. Try again in a minute.")
}

// acquire waits for a hashing slot.
func (h *Hasher) acquire(ctx context.Context) (func(), error) {
	var timeout <-chan time.Time
	if h.wait > 0 {
		t := time.NewTimer(h.wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case h.slots <- struct{}{}:
		return func() { <-h.slots }, nil
	case <-ctx.Done():
		return nil, errBusy(ctx.Err())
	case <-timeout:
		return nil, errBusy(fmt.Errorf("waited %s for a password hashing slot", h.wait))
	}
}

// Hash returns the PHC-format argon2id hash of the password, with a new
// random salt: $argon2id$v=19$m=65536,t=3,p=2$salt$hash (unpadded base64).
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	release, err := h.acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	h.count.Add(1)
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", learnwell.Internal(err)
	}
	p := h.params
	key := argon2.IDKey([]byte(normalisePassword(password)), salt, p.Time, p.Memory, p.Threads, keyLen)
	return encodeHash(p, salt, key), nil
}

// Verify reports whether the password matches the encoded hash, and whether
// the hash should be replaced because it was made with other parameters. A
// hash that cannot be read is an internal error.
func (h *Hasher) Verify(ctx context.Context, encoded, password string) (ok, rehash bool, err error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, false, learnwell.Internal(err)
	}
	release, err := h.acquire(ctx)
	if err != nil {
		return false, false, err
	}
	defer release()
	h.count.Add(1)
	got := argon2.IDKey([]byte(normalisePassword(password)), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	ok = subtle.ConstantTimeCompare(got, want) == 1
	return ok, ok && p != h.params, nil
}

// Burn spends the time and memory of verifying a password without one to
// verify, so that a sign-in for an unknown or unusable account takes as long
// as one for a real account and the answer does not tell them apart.
func (h *Hasher) Burn(ctx context.Context, password string) error {
	_, _, err := h.Verify(ctx, h.dummy, password)
	return err
}

func encodeHash(p HashParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// decodeHash reads a PHC-format argon2id hash.
func decodeHash(s string) (HashParams, []byte, []byte, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return HashParams{}, nil, nil, fmt.Errorf("password hash is not argon2id in PHC format")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return HashParams{}, nil, nil, fmt.Errorf("password hash has argon2 version %q, want v=%d", parts[2], argon2.Version)
	}
	var p HashParams
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return HashParams{}, nil, nil, fmt.Errorf("password hash parameter %q is not a number", kv)
		}
		switch k {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return HashParams{}, nil, nil, fmt.Errorf("password hash has too many threads")
			}
			p.Threads = uint8(n)
		default:
			return HashParams{}, nil, nil, fmt.Errorf("password hash has an unknown parameter %q", k)
		}
	}
	if err := p.Validate(); err != nil {
		return HashParams{}, nil, nil, fmt.Errorf("password hash parameters: %w", err)
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 {
		return HashParams{}, nil, nil, fmt.Errorf("password hash salt or key is damaged")
	}
	return p, salt, key, nil
}
