package main

import (
	"context"
	"flag"
	"fmt"

	"learnwell"
	"learnwell/internal/audit"
)

type auditOptions struct {
	fs         *flag.FlagSet // to read the flags given after "verify"
	from       int64
	expectHead string
}

func auditCommand() command {
	return command{
		summary: "Check the audit trail: learnwell audit verify walks every entry's hash chain, checks the record index (audit_records) against it, and reports the first broken link.",
		usage:   "verify",
		flags: func(fs *flag.FlagSet) any {
			o := &auditOptions{fs: fs}
			fs.Int64Var(&o.from, "from", 1, "first entry to check; entries before it are trusted (to resume a long walk, or after old entries were archived)")
			fs.StringVar(&o.expectHead, "expect-head", "", "a head hash printed by an earlier verify: fail if the trail no longer holds it (entries were cut from its end)")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*auditOptions)
			if sub, err := subcommand(o.fs, args, "audit", "audit needs what to do: learnwell audit verify [--from N] [--expect-head HASH]", "verify"); sub == "" {
				return err
			}
			if o.from < 1 {
				return learnwell.Errorf(learnwell.EINVALID, "--from must be 1 or more")
			}
			if o.expectHead != "" && !audit.ValidHash(o.expectHead) {
				return learnwell.Errorf(learnwell.EINVALID, "--expect-head must be a hash of 64 lower-case hex digits, as printed by learnwell audit verify")
			}
			db, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer db.Close()
			sum, err := db.VerifyAudit(ctx, audit.VerifyOptions{From: o.from, ExpectHead: o.expectHead})
			if err != nil {
				if sum.Count > 0 {
					fmt.Fprintf(e.stdout, "Checked %d entries (%d to %d) before the break.\n", sum.Count, sum.First, sum.Last)
				}
				return err
			}
			printAuditSummary(e, sum, o)
			return nil
		},
	}
}

func printAuditSummary(e *env, sum audit.Summary, o *auditOptions) {
	if sum.Count == 0 {
		if o.from > 1 {
			fmt.Fprintf(e.stdout, "The audit trail has no entries from %d on.\n", o.from)
		} else {
			fmt.Fprintln(e.stdout, "The audit trail is empty.")
		}
		return
	}
	fmt.Fprintf(e.stdout, "The audit trail is intact: %d entries checked (%d to %d).\n", sum.Count, sum.First, sum.Last)
	if o.expectHead != "" {
		fmt.Fprintf(e.stdout, "It still holds the expected head %s.\n", o.expectHead)
	}
	fmt.Fprintf(e.stdout, "Anchor: count %d head %s\n", sum.Last, sum.Head)
	fmt.Fprintf(e.stdout, "Keep the anchor somewhere else; later, learnwell audit verify --expect-head %s fails if entries after it were removed.\n", sum.Head)
}
