package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"learnwell"
	"learnwell/internal/audit"
)

// VerifyAudit walks the trail (from opts.From) and checks every link, and
// checks the record index (audit_records) against the record ids of every
// entry it walks, so that a search by record finds exactly the entries that
// name it. It returns what it checked, or an error wrapping the first
// *audit.Break (an ECONFLICT *learnwell.Error whose message names the entry
// and the problem).
func (db *DB) VerifyAudit(ctx context.Context, opts audit.VerifyOptions) (audit.Summary, error) {
	if opts.From < 0 {
		return audit.Summary{}, learnwell.Errorf(learnwell.EINVALID, "Start from entry 1 or later.")
	}
	if opts.ExpectHead != "" && !audit.ValidHash(opts.ExpectHead) {
		return audit.Summary{}, learnwell.Errorf(learnwell.EINVALID, "The expected head must be a hash of 64 lower-case hex digits, as printed by learnwell audit verify.")
	}
	from := max(opts.From, 1)
	v := audit.NewVerifier(from)
	v.Anchor(opts.ExpectHead)
	err := db.eachAuditBatch(ctx, from, func(batch []audit.Entry) error {
		indexed, err := db.auditRecords(ctx, batch[0].Seq, batch[len(batch)-1].Seq)
		if err != nil {
			return err
		}
		for _, e := range batch {
			if err := v.CheckIndexed(e, indexed[e.Seq]); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = db.checkStrayRecords(ctx, from, v.Summary())
	}
	if err != nil {
		var b *audit.Break
		if errors.As(err, &b) {
			return v.Summary(), brokenTrail(b)
		}
		return v.Summary(), err
	}
	sum := v.Summary()
	if opts.ExpectHead != "" && !v.SawAnchor() {
		// Entries before From were not walked; they still count if they hold the anchor.
		var seq int64
		err := db.read.QueryRowContext(ctx, "SELECT seq FROM audit_entries WHERE hash = $1 AND seq < $2", opts.ExpectHead, from).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			return sum, brokenTrail(&audit.Break{Seq: sum.Last + 1, Problem: audit.ProblemMissingHead,
				Detail: fmt.Sprintf("no entry has the expected head %s; the trail ends at entry %d, so entries after it were removed", opts.ExpectHead, sum.Last)})
		}
		if err != nil {
			return sum, db.classify(err)
		}
	}
	return sum, nil
}

// auditRecords returns the record ids that audit_records holds for each
// entry from first to last.
func (db *DB) auditRecords(ctx context.Context, first, last int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	err := eachRow(ctx, db.read, "SELECT seq, record_id FROM audit_records WHERE seq >= $1 AND seq <= $2 ORDER BY seq, record_id",
		[]any{first, last}, func(rows *sql.Rows) error {
			var seq int64
			var id string
			if err := rows.Scan(&seq, &id); err != nil {
				return err
			}
			out[seq] = append(out[seq], id)
			return nil
		})
	if err != nil {
		return nil, db.classify(err)
	}
	return out, nil
}

// checkStrayRecords looks for rows of audit_records (from entry from on, or
// all of them for the whole trail)
// whose entry does not exist: rows added beyond either end of the trail. (Rows
// of the walked entries were compared entry by entry; an entry appended
// since the walk ended exists, so its rows are not stray.)
func (db *DB) checkStrayRecords(ctx context.Context, from int64, sum audit.Summary) error {
	lowest := from
	if from <= 1 {
		lowest = math.MinInt64 // the whole trail: a row at entry 0 or below is stray too
	}
	var seq int64
	var id string
	err := db.read.QueryRowContext(ctx, `SELECT r.seq, r.record_id FROM audit_records r
		WHERE r.seq >= $1 AND NOT EXISTS (SELECT 1 FROM audit_entries e WHERE e.seq = r.seq)
		ORDER BY r.seq, r.record_id LIMIT 1`, lowest).Scan(&seq, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return db.classify(err)
	}
	why := "there is no entry " + fmt.Sprint(seq)
	if sum.Count == 0 {
		why += " (the trail has no entries to check)"
	} else if seq > sum.Last {
		why += fmt.Sprintf(" (the trail ends at entry %d)", sum.Last)
	}
	return audit.ExtraRecord(seq, id, why)
}
