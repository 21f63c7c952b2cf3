package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"learnwell"
	"learnwell/internal/geo"
)

// postcodesSummary says what `learnwell import postcodes` does.
const postcodesSummary = `Load an ONS postcode directory (the ONS Postcode Directory, ONSPD, or the
National Statistics Postcode Lookup, NSPL: the CSV file of every UK postcode)
so that a full postcode is placed at its own point and in its own borough,
instead of at its district's centre. It replaces the postcodes loaded before,
all at once when the file has been read: an interrupted import leaves them in
use. See docs/operations.md.`

type postcodesOptions struct {
	includeTerminated, includeNI bool
}

// postcodesCommand is `learnwell import postcodes`: a command of its own
// under import, with its own flags besides the settings every command takes
// (--database-url and the rest).
func postcodesCommand() command {
	return command{
		summary: postcodesSummary,
		usage:   "FILE",
		flags: func(fs *flag.FlagSet) any {
			o := &postcodesOptions{}
			fs.BoolVar(&o.includeTerminated, "include-terminated", false, "also load postcodes no longer in use (doterm set)")
			fs.BoolVar(&o.includeNI, "include-northern-ireland", false, "also load Northern Ireland's BT postcodes, whose data has a licence of its own (see docs/operations.md)")
			return o
		},
	}
}

// runImportPostcodes runs `learnwell import postcodes` with the arguments
// after "postcodes" and returns the exit status: 0 when loaded (bad rows are
// reported but do not stop it), 2 for a mistake in the command line, 1 when
// nothing was loaded. Its flags and settings are parsed as every command's
// are (newFlagSet, parseInterspersed): flags may come before or after the
// file, and a flag wins over its environment variable.
func runImportPostcodes(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	c := postcodesCommand()
	fs, settings := newFlagSet("import postcodes", c, stderr)
	o := c.flags(fs).(*postcodesOptions)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "learnwell import postcodes: give one file, the ONSPD or NSPL CSV (got %d).\n", len(files))
		fs.Usage()
		return exitUsage
	}
	cfg, err := settings.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "learnwell import postcodes: %v\n", err)
		return exitUsage
	}
	e := &env{cfg: cfg, stdout: stdout, stderr: stderr, getenv: getenv}
	if err := importPostcodes(ctx, e, files[0], geo.PostcodeFileOptions{IncludeTerminated: o.includeTerminated, IncludeNorthernIreland: o.includeNI}); err != nil {
		fmt.Fprintf(stderr, "learnwell import postcodes: %s\n", describe(err))
		return 1
	}
	return 0
}

// importPostcodes loads the file and reports what it did.
func importPostcodes(ctx context.Context, e *env, path string, opts geo.PostcodeFileOptions) error {
	f, err := os.Open(path)
	if err != nil {
		return learnwell.Wrap(err, learnwell.EINVALID, fmt.Sprintf("The file %s cannot be opened: %v", path, errors.Unwrap(err)))
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	read := &countingReader{r: f}
	file, err := geo.OpenPostcodeFile(read, opts)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	prog := newLineProgress(e.stderr, isTerminal(e.stderr), 5*time.Second)
	rows := withProgress(file, prog, func() string {
		c := file.Counts()
		return fmt.Sprintf("%s of %s read, %s rows, %s postcodes to load", megabytes(read.n.Load()), megabytes(size), commas(c.Rows), commas(c.Usable))
	})
	set, err := db.ReplacePostcodes(ctx, filepath.Base(path), rows)
	prog.finish()
	c := file.Counts()
	reportBadRows(e.stderr, file)
	if err != nil {
		if ctx.Err() != nil {
			err = learnwell.Wrap(ctx.Err(), learnwell.ECONFLICT, "Stopped.")
		}
		unchanged := " the postcodes in use are unchanged"
		if learnwell.ErrorCode(err) == learnwell.ECONFLICT && ctx.Err() == nil {
			unchanged = "" // another import's are
		}
		return learnwell.Wrap(err, learnwell.ErrorCode(err), fmt.Sprintf("%s Nothing was loaded%s. (Read %s rows, to line %s.)",
			orMessage(err), strings.TrimSuffix(":"+unchanged, ":"), commas(c.Rows), commas(file.Line())))
	}
	fmt.Fprintf(e.stdout, "Loaded %s postcodes from %s in %s. They replace the postcodes loaded before.\n",
		commas(set.Rows), set.Source, time.Since(start).Round(time.Second))
	parts := []string{commas(c.Usable) + " loaded"}
	if !opts.IncludeTerminated {
		parts = append(parts, commas(c.Terminated)+" terminated (skipped; --include-terminated keeps them)")
	}
	if !opts.IncludeNorthernIreland {
		parts = append(parts, commas(c.NorthernIreland)+" in Northern Ireland (skipped; --include-northern-ireland keeps them)")
	}
	parts = append(parts, commas(c.NoPoint)+" without a position (skipped)", commas(c.Duplicate)+" repeated (skipped)",
		commas(c.Bad)+" bad (skipped)")
	fmt.Fprintf(e.stdout, "Read %s rows: %s.\n", commas(c.Rows), strings.Join(parts, ", "))
	return nil
}

// orMessage is the message of err for a person.
func orMessage(err error) string {
	if m := learnwell.ErrorMessage(err); m != "" && learnwell.ErrorCode(err) != learnwell.EINTERNAL {
		return m
	}
	return err.Error()
}

// reportBadRows lists the bad and repeated rows kept, by line.
func reportBadRows(w io.Writer, file *geo.PostcodeFile) {
	bad := file.BadRows()
	if len(bad) == 0 {
		return
	}
	c := file.Counts()
	fmt.Fprintf(w, "Skipped as bad or repeated (%s rows):\n", commas(c.Bad+c.Duplicate))
	for _, b := range bad {
		fmt.Fprintf(w, "  line %d: %s\n", b.Line, b.Reason)
	}
	if more := c.Bad + c.Duplicate - len(bad); more > 0 {
		fmt.Fprintf(w, "  and %s more\n", commas(more))
	}
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// withProgress passes the file's rows on, showing progress as they go.
func withProgress(file *geo.PostcodeFile, prog *lineProgress, status func() string) iter.Seq2[geo.PostcodeRow, error] {
	return func(yield func(geo.PostcodeRow, error) bool) {
		n := 0
		for row, err := range file.Rows() {
			if n++; n%4096 == 0 {
				prog.show(status)
			}
			if !yield(row, err) {
				return
			}
		}
	}
}

// lineProgress shows how far a long load has got: a line redrawn in place
// on a terminal, a plain line now and then otherwise. (The importer has a
// fuller Progress, tied to its per-record reports; this is the postcode
// load's own, for counts of rows.)
type lineProgress struct {
	w      io.Writer
	redraw bool
	every  time.Duration
	last   time.Time
	drawn  bool
}

func newLineProgress(w io.Writer, redraw bool, every time.Duration) *lineProgress {
	if redraw {
		every = 200 * time.Millisecond
	}
	return &lineProgress{w: w, redraw: redraw, every: every, last: time.Now()}
}

func (p *lineProgress) show(status func() string) {
	if now := time.Now(); now.Sub(p.last) >= p.every {
		p.last = now
		if p.redraw {
			fmt.Fprintf(p.w, "\r%s\x1b[K", status())
			p.drawn = true
		} else {
			fmt.Fprintf(p.w, "progress: %s\n", status())
		}
	}
}

func (p *lineProgress) finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func megabytes(n int64) string {
	return commas(int((n+(1<<19))>>20)) + " MB"
}

// commas writes an integer with thousands separators.
func commas(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + commas(-n)
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
