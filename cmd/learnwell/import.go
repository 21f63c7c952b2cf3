package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/importer"
)

type importOptions struct {
	source        string
	subject       string
	concurrency   int
	timeout       time.Duration
	retries       int
	perPage       int
	maxPages      int
	modifiedAfter string
}

func importCommand() command {
	return command{
		summary: "Import courses: an Open Referral UK or HSDS feed or file (oruk), or a providers' spreadsheet (csv). Exits 1 if any record was rejected.",
		usage:   "oruk FILE|URL  |  csv FILE  |  postcodes FILE (see learnwell import postcodes --help)",
		flags: func(fs *flag.FlagSet) any {
			o := &importOptions{}
			fs.StringVar(&o.source, "source", "", "the source system kept on each record (default: the feed's base URL, or the file's name); the same source updates the same records")
			fs.StringVar(&o.subject, "subject", "", "oruk: a subject code for courses that have none of learnwell's subjects and match no rule (default: reject them)")
			fs.IntVar(&o.concurrency, "concurrency", 4, "oruk: how many services to fetch at once, 1 to 32")
			fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "oruk: the time one request may take")
			fs.IntVar(&o.retries, "retries", 3, "oruk: how many times to try a request again after a timeout, 429 or 5xx, 0 to 10")
			fs.IntVar(&o.perPage, "per-page", 100, "oruk: the page size to ask the feed for, 1 to 1000")
			fs.IntVar(&o.maxPages, "max-pages", 10_000, "oruk: stop after this many pages (against feeds whose paging never ends)")
			fs.StringVar(&o.modifiedAfter, "modified-after", "", "oruk: import only services changed since, as 2026-11-24 or 2026-11-24T09:00:00Z (sent as modified_after)")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			return runImport(ctx, e, opts.(*importOptions), args)
		},
	}
}

func runImport(ctx context.Context, e *env, o *importOptions, args []string) error {
	if len(args) == 0 {
		return learnwell.Errorf(learnwell.EINVALID, "import needs what to import: learnwell import oruk FILE|URL, or learnwell import csv FILE")
	}
	kind, args := args[0], args[1:]
	if kind != "oruk" && kind != "csv" {
		return learnwell.Errorf(learnwell.EINVALID, "import %q: import oruk, csv or postcodes", kind)
	}
	if len(args) != 1 {
		return learnwell.Errorf(learnwell.EINVALID, "import %s takes one file or URL (got %d)", kind, len(args))
	}
	src := args[0]
	if kind == "csv" && importer.IsURL(src) {
		return learnwell.Errorf(learnwell.EINVALID, "import csv reads a file: download the spreadsheet first")
	}
	var after time.Time
	if o.modifiedAfter != "" {
		t, err := time.Parse(time.RFC3339, o.modifiedAfter)
		if err != nil {
			d, derr := directory.ParseDate(o.modifiedAfter)
			if derr != nil {
				return learnwell.Errorf(learnwell.EINVALID, "--modified-after must be a date like 2026-11-24 or a time like 2026-11-24T09:00:00Z")
			}
			t = d.At(directory.ClockTime{}) // midnight in London
		}
		after = t
	}
	switch {
	case o.concurrency < 1 || o.concurrency > 32:
		return learnwell.Errorf(learnwell.EINVALID, "--concurrency must be from 1 to 32")
	case o.timeout <= 0:
		return learnwell.Errorf(learnwell.EINVALID, "--timeout must be more than 0")
	case o.retries < 0 || o.retries > 10:
		return learnwell.Errorf(learnwell.EINVALID, "--retries must be from 0 to 10")
	case o.perPage < 1 || o.perPage > 1000:
		return learnwell.Errorf(learnwell.EINVALID, "--per-page must be from 1 to 1000")
	case o.maxPages < 1:
		return learnwell.Errorf(learnwell.EINVALID, "--max-pages must be 1 or more")
	case kind == "csv" && (o.subject != "" || !after.IsZero()):
		return learnwell.Errorf(learnwell.EINVALID, "--subject and --modified-after are for import oruk")
	}
	if o.subject != "" {
		if _, ok := directory.BuiltinTaxonomies().TermByCode(directory.SchemeSubject, o.subject); !ok {
			return learnwell.Errorf(learnwell.EINVALID, "--subject %q is not a subject code: the codes are listed in docs/import-csv.md", o.subject)
		}
	}
	db, err := openStore(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	base := importer.Options{DB: db, Source: o.source, DefaultSubject: o.subject, Progress: e.stderr, ProgressBar: importer.IsTerminal(e.stderr)}
	var rep *importer.Report
	if kind == "oruk" {
		retries := o.retries
		if retries == 0 {
			retries = -1 // none
		}
		rep, err = importer.ImportORUK(ctx, src, importer.ORUKOptions{Options: base, Concurrency: o.concurrency, Timeout: o.timeout,
			Retries: retries, PerPage: o.perPage, MaxPages: o.maxPages, ModifiedAfter: after})
	} else {
		rep, err = importer.ImportCSV(ctx, src, importer.CSVOptions{Options: base})
	}
	if err != nil {
		if learnwell.ErrorCode(err) == learnwell.EINVALID && len(learnwell.ErrorFields(err)) == 0 {
			// The flags were right but the file or feed is not: the import
			// failed (exit 1), it was not called wrongly (exit 2).
			return errors.New(learnwell.ErrorMessage(err))
		}
		return err
	}
	rep.Write(e.stdout)
	switch {
	case rep.Interrupted:
		return errors.New("the import was interrupted")
	case rep.Failed != "":
		return errors.New("the import stopped early")
	case rep.Rejected > 0:
		return fmt.Errorf("%d of %d %s were rejected: see the report", rep.Rejected, rep.Total(), rep.Noun)
	}
	return nil
}
