package audit

import (
	"fmt"
	"slices"
)

// Problems a Verifier can find.
const (
	ProblemGap         = "gap"                    // an entry is missing: sequence numbers jump
	ProblemHash        = "hash mismatch"          // the entry's fields do not give its stored hash: it was edited or moved
	ProblemPrevHash    = "previous-hash mismatch" // the entry does not link to the one before it: something before it was replaced
	ProblemMissingHead = "anchor missing"         // the trail no longer holds an anchored head: entries were removed from its end
	ProblemRecords     = "record index mismatch"  // audit_records, the index for searching by record, does not match the entries' record ids
)

// Break is the first broken link in the trail.
type Break struct {
	Seq     int64  // the sequence number where the trail breaks
	Problem string // one of the Problem* constants
	Detail  string // what was expected and found: sequence numbers and hashes only
}

// Error describes the break for an operator.
func (b *Break) Error() string {
	return fmt.Sprintf("the audit trail is broken at entry %d: %s: %s", b.Seq, b.Problem, b.Detail)
}

// Verifier walks a trail one entry at a time, in sequence order, keeping only
// the last entry's sequence number and hash: memory stays the same however
// long the trail.
type Verifier struct {
	started  bool
	from     int64
	lastSeq  int64
	lastHash string
	count    int64
	first    int64
	anchor   string
	seen     bool
}

// NewVerifier returns a verifier for a trail read from entry from onwards
// (1, or 0, for the whole trail). The whole trail must begin at entry 1 with
// no previous hash; a walk that starts later trusts the first entry's link
// to the one before it, which an earlier walk checked.
func NewVerifier(from int64) *Verifier {
	if from < 1 {
		from = 1
	}
	return &Verifier{from: from}
}

// Anchor asks the verifier to note whether it meets an entry with this hash
// (see SawAnchor).
func (v *Verifier) Anchor(hash string) { v.anchor = hash }

// Check takes the next entry as read from the store. It returns a *Break at
// the first entry that does not follow from the ones before it.
func (v *Verifier) Check(e Entry) error {
	if err := v.link(e); err != nil {
		return err
	}
	v.accept(e)
	return nil
}

// CheckIndexed is Check followed by CheckRecords with the rows that the
// record index holds for the entry; an entry that fails either is not
// counted as checked.
func (v *Verifier) CheckIndexed(e Entry, indexed []string) error {
	if err := v.link(e); err != nil {
		return err
	}
	if err := CheckRecords(e, indexed); err != nil {
		return err
	}
	v.accept(e)
	return nil
}

// link checks that e follows from the entries before it.
func (v *Verifier) link(e Entry) error {
	want := v.from
	if v.started {
		want = v.lastSeq + 1
	}
	switch {
	case e.Seq != want && e.Seq > want:
		return &Break{Seq: want, Problem: ProblemGap, Detail: fmt.Sprintf("entry %d is missing: the next entry is %d", want, e.Seq)}
	case e.Seq != want:
		return &Break{Seq: want, Problem: ProblemGap, Detail: fmt.Sprintf("expected entry %d but read entry %d", want, e.Seq)}
	}
	if got := e.ComputeHash(); got != e.Hash {
		return &Break{Seq: e.Seq, Problem: ProblemHash, Detail: fmt.Sprintf("its fields hash to %s but it records %s", got, e.Hash)}
	}
	switch {
	case v.started && e.PrevHash != v.lastHash:
		return &Break{Seq: e.Seq, Problem: ProblemPrevHash, Detail: fmt.Sprintf("it follows %s but entry %d has hash %s", e.PrevHash, v.lastSeq, v.lastHash)}
	case !v.started && e.Seq == 1 && e.PrevHash != "":
		return &Break{Seq: e.Seq, Problem: ProblemPrevHash, Detail: fmt.Sprintf("the first entry must follow nothing but follows %s", e.PrevHash)}
	}
	return nil
}

// accept moves the walk past e.
func (v *Verifier) accept(e Entry) {
	if !v.started {
		v.first = e.Seq
	}
	v.started = true
	v.lastSeq, v.lastHash = e.Seq, e.Hash
	v.count++
	if v.anchor != "" && e.Hash == v.anchor {
		v.seen = true
	}
}

// Summary says what a clean walk covered.
type Summary struct {
	Count       int64  // entries checked
	First, Last int64  // their sequence numbers (0 when none)
	Head        string // the last entry's hash: with Last, the anchor to keep elsewhere
}

// Summary returns what the walk has covered so far.
func (v *Verifier) Summary() Summary {
	return Summary{Count: v.count, First: v.first, Last: v.lastSeq, Head: v.lastHash}
}

// SawAnchor reports whether the walk met the anchored hash.
func (v *Verifier) SawAnchor() bool { return v.seen }

// VerifyOptions tunes a walk of the stored trail.
type VerifyOptions struct {
	// From is the first entry to check (default 1). Entries before it are
	// trusted, for resuming a long walk or after old entries were archived.
	From int64
	// ExpectHead is a head hash printed by an earlier walk. The walk fails
	// with ProblemMissingHead when no entry has it any more: the trail was
	// cut back to before that head.
	ExpectHead string
}

// CheckRecords compares the rows that the record index (audit_records)
// holds for an entry with the record ids the entry names, which its hash
// covers. Each id the entry names must have exactly one row, and no row may
// name anything else: a missing row makes a search by that record miss the
// entry, an extra row makes it find an entry that is not about the record.
// It returns a *Break for the first difference, in the order of the entry's
// ids and then of the extra rows.
func CheckRecords(e Entry, indexed []string) error {
	rows := map[string]int{}
	for _, id := range indexed {
		rows[id]++
	}
	named := map[string]bool{}
	for _, id := range e.Subject.IDs {
		if named[id] {
			continue
		}
		named[id] = true
		switch n := rows[id]; {
		case n == 0:
			return &Break{Seq: e.Seq, Problem: ProblemRecords,
				Detail: fmt.Sprintf("the entry names record %s but audit_records has no row for it, so a search by that record misses the entry", id)}
		case n > 1:
			return &Break{Seq: e.Seq, Problem: ProblemRecords,
				Detail: fmt.Sprintf("audit_records has %d rows for record %s where the entry names it once", n, id)}
		}
	}
	extra := slices.Sorted(func(yield func(string) bool) {
		for id := range rows {
			if !named[id] && !yield(id) {
				return
			}
		}
	})
	if len(extra) > 0 {
		return ExtraRecord(e.Seq, extra[0], "the entry does not name it")
	}
	return nil
}

// ExtraRecord is the break for a row of audit_records that no entry
// accounts for: the entry at seq does not name the record, or there is no
// entry at seq at all.
func ExtraRecord(seq int64, recordID, why string) *Break {
	return &Break{Seq: seq, Problem: ProblemRecords,
		Detail: fmt.Sprintf("audit_records has a row for record %s at entry %d but %s, so a search by that record finds an entry that is not about it", recordID, seq, why)}
}
