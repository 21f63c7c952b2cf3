package audit

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// chain builds n sealed entries.
func chain(n int) []Entry {
	var out []Entry
	prevSeq, prevHash := int64(0), ""
	for i := range n {
		e := Seal(Entry{Actor: User(userID, orgID, "link_worker"), Action: "person.view",
			Subject: Subject{Type: "person", IDs: []string{person1}}, Codes: map[string]string{"n": fmt.Sprint(i)}},
			prevSeq, prevHash, at.Add(time.Duration(i)*time.Second))
		out = append(out, e)
		prevSeq, prevHash = e.Seq, e.Hash
	}
	return out
}

// walk verifies entries from `from` and returns the break, if any.
func walk(entries []Entry, from int64) (*Verifier, *Break) {
	v := NewVerifier(from)
	for _, e := range entries {
		if err := v.Check(e); err != nil {
			var b *Break
			if !errors.As(err, &b) {
				panic(err)
			}
			return v, b
		}
	}
	return v, nil
}

func TestVerifierAcceptsAWholeChain(t *testing.T) {
	entries := chain(5)
	v, b := walk(entries, 1)
	if b != nil {
		t.Fatal(b)
	}
	s := v.Summary()
	if s.Count != 5 || s.First != 1 || s.Last != 5 || s.Head != entries[4].Hash {
		t.Fatalf("summary %+v", s)
	}
	// Resuming from entry 3 trusts its link to entry 2.
	v, b = walk(entries[2:], 3)
	if b != nil || v.Summary().Count != 3 || v.Summary().First != 3 {
		t.Fatalf("resume: %v %+v", b, v.Summary())
	}
	// An empty trail is intact.
	if v, b := walk(nil, 1); b != nil || v.Summary() != (Summary{}) {
		t.Fatalf("empty: %v %+v", b, v.Summary())
	}
}

func TestVerifierFindsTheFirstBrokenLink(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func([]Entry) []Entry
		from    int64
		seq     int64
		problem string
	}{
		{"edited field", func(es []Entry) []Entry { es[2].Action = "person.update"; return es }, 1, 3, ProblemHash},
		{"edited time", func(es []Entry) []Entry { es[3].At = es[3].At.Add(time.Hour); return es }, 1, 4, ProblemHash},
		{"edited hash", func(es []Entry) []Entry { es[1].Hash = es[0].Hash; return es }, 1, 2, ProblemHash},
		{"edited and rehashed", func(es []Entry) []Entry {
			es[1].Subject.IDs = []string{person2}
			es[1].Hash = es[1].ComputeHash()
			return es
		}, 1, 3, ProblemPrevHash},
		{"deleted entry", func(es []Entry) []Entry { return append(es[:2], es[3:]...) }, 1, 3, ProblemGap},
		{"deleted first entry", func(es []Entry) []Entry { return es[1:] }, 1, 1, ProblemGap},
		{"swapped sequence numbers", func(es []Entry) []Entry {
			es[1].Seq, es[2].Seq = es[2].Seq, es[1].Seq
			es[1], es[2] = es[2], es[1] // read back in sequence order
			return es
		}, 1, 2, ProblemHash},
		{"renumbered after a deletion", func(es []Entry) []Entry {
			es = append(es[:1], es[2:]...)
			for i := 1; i < len(es); i++ {
				es[i].Seq--
			}
			return es
		}, 1, 2, ProblemHash},
		{"forged first entry", func(es []Entry) []Entry {
			es[0].PrevHash = es[4].Hash
			es[0].Hash = es[0].ComputeHash()
			return es
		}, 1, 1, ProblemPrevHash},
		{"resume at a missing entry", func(es []Entry) []Entry { return es[3:] }, 3, 3, ProblemGap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := tt.tamper(chain(5))
			if tt.from > 1 && tt.name != "resume at a missing entry" {
				entries = entries[tt.from-1:]
			}
			_, b := walk(entries, tt.from)
			if b == nil {
				t.Fatal("tampering not found")
			}
			if b.Seq != tt.seq || b.Problem != tt.problem {
				t.Fatalf("break at %d (%s), want %d (%s): %v", b.Seq, b.Problem, tt.seq, tt.problem, b)
			}
		})
	}
}

func TestVerifierAnchor(t *testing.T) {
	entries := chain(5)
	v := NewVerifier(1)
	v.Anchor(entries[3].Hash)
	for _, e := range entries[:3] {
		if err := v.Check(e); err != nil {
			t.Fatal(err)
		}
	}
	if v.SawAnchor() {
		t.Fatal("saw the anchor before reaching it")
	}
	if err := v.Check(entries[3]); err != nil {
		t.Fatal(err)
	}
	if !v.SawAnchor() {
		t.Fatal("did not see the anchor")
	}
}

func TestCheckRecords(t *testing.T) {
	e := Entry{Seq: 7, Subject: Subject{Type: "person", IDs: []string{person1, person2, person1}}}
	tests := []struct {
		name    string
		indexed []string
		want    string // part of the detail; "" for no break
	}{
		{"exact", []string{person2, person1}, ""},
		{"row deleted", []string{person2}, "names record " + person1 + " but audit_records has no row"},
		{"row added", []string{person1, person2, userID}, "row for record " + userID + " at entry 7 but the entry does not name it"},
		{"row altered", []string{person1, userID}, "names record " + person2 + " but audit_records has no row"},
		{"row twice", []string{person1, person1, person2}, "2 rows for record " + person1},
	}
	for _, tt := range tests {
		err := CheckRecords(e, tt.indexed)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var b *Break
		if !errors.As(err, &b) || b.Seq != 7 || b.Problem != ProblemRecords || !strings.Contains(b.Detail, tt.want) {
			t.Errorf("%s: %v, want a record index break at 7 with %q", tt.name, err, tt.want)
		}
	}
	if err := CheckRecords(Entry{Seq: 1}, nil); err != nil {
		t.Errorf("an entry naming no records with no rows: %v", err)
	}
}
