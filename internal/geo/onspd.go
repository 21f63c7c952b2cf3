package geo

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"regexp"
	"strconv"
	"strings"

	"learnwell"
)

// The ONS postcode directories (the ONS Postcode Directory, ONSPD, and the
// National Statistics Postcode Lookup, NSPL) are CSV files with one row per
// postcode, live or terminated, and a header naming the columns. The names
// change between releases and in case: older files have pcd, pcd2, pcds,
// laua (or oslaua), lat and long; 2025 and later have pcd7, pcd8, pcds and
// lad25cd, lad26cd... PostcodeFile reads any of them.

// PostcodeRow is one usable row of an ONS postcode directory: a live
// postcode (or a terminated one, when asked for) with its position.
type PostcodeRow struct {
	Postcode  Postcode
	Point     Point
	Authority string // the local authority district's GSS code; "" when the file leaves it empty
	Line      int    // the line of the file it is on
}

// BadRow is a row that could not be read, with its line and why.
type BadRow struct {
	Line   int
	Reason string
}

// PostcodeFileCounts counts the rows of a postcode file as it is read. Every
// data row is counted once in Rows and once in one of the others: the first
// reason that applies of Bad, Duplicate, NorthernIreland, Terminated,
// NoPoint, else Usable.
type PostcodeFileCounts struct {
	Rows            int // data rows read (the header is not one)
	Usable          int // rows given to the caller
	NorthernIreland int // BT postcodes, under a licence of their own: skipped unless asked for
	Terminated      int // postcodes no longer in use (doterm set), skipped unless asked for
	NoPoint         int // postcodes with no position (ONS gives 99.999999 for these), skipped
	Duplicate       int // postcodes seen before in the file, skipped
	Bad             int // rows that could not be read: see BadRows
}

// PostcodeFileOptions tune a PostcodeFile.
type PostcodeFileOptions struct {
	// IncludeTerminated keeps postcodes that are no longer in use, and then
	// the file needs no doterm column.
	IncludeTerminated bool
	// IncludeNorthernIreland keeps the BT postcodes, whose data comes under
	// a licence of its own (Land and Property Services), not the Open
	// Government Licence of the rest: see docs/operations.md.
	IncludeNorthernIreland bool
	// KeepBadRows is how many bad rows to keep for the report (the count
	// goes on); 0 keeps 20.
	KeepBadRows int
}

// PostcodeFile reads an ONS postcode directory row by row. Make one with
// OpenPostcodeFile, then range over Rows; read Counts and BadRows at the end.
type PostcodeFile struct {
	cr       *csv.Reader
	opts     PostcodeFileOptions
	col      postcodeColumns
	counts   PostcodeFileCounts
	bad      []BadRow
	seen     map[uint64]struct{}
	lastLine int
}

// postcodeColumns are the indexes of the columns used; doterm is -1 when
// the file has none.
type postcodeColumns struct{ postcode, lat, long, authority, doterm, n int }

// The header names each column may have, in order of preference,
// compared without regard to case.
var (
	postcodeNames  = []string{"pcds", "pcd", "pcd2", "pcd7", "pcd8", "postcode"}
	latNames       = []string{"lat", "latitude"}
	longNames      = []string{"long", "longitude", "lon"}
	authorityNames = []string{"laua", "oslaua", "ladcd", "lad_code"}
	authorityYear  = regexp.MustCompile(`^lad[0-9]{2}cd$`) // lad25cd, lad26cd...
)

// noPointLat is the latitude ONS gives a postcode without a grid reference.
const noPointLat = 99.999999

// maxBadBeforeGood: a file whose first this many rows are all bad is not a
// postcode directory; reading stops there.
const maxBadBeforeGood = 1000

// OpenPostcodeFile reads the header of an ONS postcode directory CSV. It
// returns an EINVALID *learnwell.Error naming every column the file lacks
// (the postcode, lat, long, the local authority and, unless terminated
// postcodes are kept, doterm).
func OpenPostcodeFile(r io.Reader, opts PostcodeFileOptions) (*PostcodeFile, error) {
	if opts.KeepBadRows <= 0 {
		opts.KeepBadRows = 20
	}
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<20))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, learnwell.Errorf(learnwell.EINVALID, "The postcode file is empty: it needs a header row naming its columns.")
	}
	if err != nil {
		return nil, learnwell.Wrap(err, learnwell.EINVALID, "The postcode file's header row cannot be read as CSV: "+err.Error())
	}
	index := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		if _, dup := index[name]; !dup {
			index[name] = i
		}
	}
	find := func(names []string) int {
		for _, n := range names {
			if i, ok := index[n]; ok {
				return i
			}
		}
		return -1
	}
	c := postcodeColumns{postcode: find(postcodeNames), lat: find(latNames), long: find(longNames),
		authority: find(authorityNames), doterm: find([]string{"doterm"}), n: len(header)}
	if c.authority < 0 {
		for i, name := range header {
			if authorityYear.MatchString(strings.ToLower(strings.TrimSpace(name))) {
				c.authority = i
				break
			}
		}
	}
	var missing []string
	if c.postcode < 0 {
		missing = append(missing, "the postcode (pcds, pcd or pcd7)")
	}
	if c.lat < 0 {
		missing = append(missing, "lat")
	}
	if c.long < 0 {
		missing = append(missing, "long")
	}
	if c.authority < 0 {
		missing = append(missing, "the local authority (laua or lad25cd)")
	}
	if c.doterm < 0 && !opts.IncludeTerminated {
		missing = append(missing, "doterm (or keep terminated postcodes)")
	}
	if len(missing) > 0 {
		return nil, learnwell.Errorf(learnwell.EINVALID,
			"The postcode file lacks the columns %s. Use the ONS Postcode Directory (ONSPD) or the National Statistics Postcode Lookup (NSPL) as a CSV file.",
			strings.Join(missing, ", "))
	}
	if c.doterm >= 0 && opts.IncludeTerminated {
		c.doterm = -1
	}
	cr.FieldsPerRecord = c.n
	return &PostcodeFile{cr: cr, opts: opts, col: c, seen: make(map[uint64]struct{}, 1<<16)}, nil
}

// Rows yields each usable row in file order, counting and keeping the rows
// it skips. It yields an error, and stops, only when the file cannot be read
// any further (an I/O error), or when its first rows are all bad, so that it
// is not a postcode directory at all.
func (f *PostcodeFile) Rows() iter.Seq2[PostcodeRow, error] {
	return func(yield func(PostcodeRow, error) bool) {
		for {
			rec, err := f.cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			var pe *csv.ParseError
			if err != nil && !errors.As(err, &pe) {
				yield(PostcodeRow{}, learnwell.Wrap(err, learnwell.EUNAVAILABLE, "The postcode file cannot be read: "+err.Error()))
				return
			}
			f.counts.Rows++
			if err != nil {
				line := pe.StartLine
				if errors.Is(err, csv.ErrFieldCount) {
					f.addBad(line, fmt.Sprintf("the row has %d fields but the header has %d", len(rec), f.col.n))
				} else {
					f.addBad(line, "the row is not valid CSV: "+pe.Err.Error())
				}
			} else {
				line, _ := f.cr.FieldPos(0)
				f.lastLine = line
				if row, ok := f.row(rec, line); ok {
					f.counts.Usable++
					if !yield(row, nil) {
						return
					}
				}
			}
			if f.counts.Usable == 0 && f.counts.Bad >= maxBadBeforeGood {
				yield(PostcodeRow{}, learnwell.Errorf(learnwell.EINVALID,
					"The first %d rows of the postcode file are all bad (line %d: %s), so it is not an ONS postcode directory.",
					f.counts.Bad, f.bad[0].Line, f.bad[0].Reason))
				return
			}
		}
	}
}

// row checks one record, counting it if it is skipped.
func (f *PostcodeFile) row(rec []string, line int) (PostcodeRow, bool) {
	raw := strings.TrimSpace(rec[f.col.postcode])
	p, err := ParsePostcode(raw)
	if err != nil || p.IsDistrict() {
		f.addBad(line, fmt.Sprintf("%q is not a full postcode", clip(raw)))
		return PostcodeRow{}, false
	}
	key := postcodeKey(p)
	if _, dup := f.seen[key]; dup {
		f.counts.Duplicate++
		f.keepBad(line, "the postcode "+p.String()+" is on an earlier line too")
		return PostcodeRow{}, false
	}
	f.seen[key] = struct{}{}
	if !f.opts.IncludeNorthernIreland && p.Outward[:2] == "BT" {
		f.counts.NorthernIreland++
		return PostcodeRow{}, false
	}
	if f.col.doterm >= 0 && strings.TrimSpace(rec[f.col.doterm]) != "" {
		f.counts.Terminated++
		return PostcodeRow{}, false
	}
	latS, lonS := strings.TrimSpace(rec[f.col.lat]), strings.TrimSpace(rec[f.col.long])
	if latS == "" || lonS == "" {
		f.counts.NoPoint++
		return PostcodeRow{}, false
	}
	lat, err1 := strconv.ParseFloat(latS, 64)
	lon, err2 := strconv.ParseFloat(lonS, 64)
	switch {
	case err1 != nil || err2 != nil:
		f.addBad(line, fmt.Sprintf("the position %q, %q is not two numbers", clip(latS), clip(lonS)))
		return PostcodeRow{}, false
	case lat == noPointLat:
		f.counts.NoPoint++
		return PostcodeRow{}, false
	}
	pt := Point{Lat: lat, Lon: lon}
	if !pt.Valid() {
		f.addBad(line, fmt.Sprintf("the position %s, %s is not on the Earth", latS, lonS))
		return PostcodeRow{}, false
	}
	auth := strings.TrimSpace(rec[f.col.authority])
	if len(auth) > 12 {
		f.addBad(line, fmt.Sprintf("the local authority %q is not a GSS code", clip(auth)))
		return PostcodeRow{}, false
	}
	return PostcodeRow{Postcode: p, Point: pt, Authority: strings.Clone(auth), Line: line}, true
}

// addBad counts a bad row and keeps it for the report.
func (f *PostcodeFile) addBad(line int, reason string) {
	f.counts.Bad++
	f.keepBad(line, reason)
}

func (f *PostcodeFile) keepBad(line int, reason string) {
	if len(f.bad) < f.opts.KeepBadRows {
		f.bad = append(f.bad, BadRow{Line: line, Reason: reason})
	}
}

// Counts returns the counts so far.
func (f *PostcodeFile) Counts() PostcodeFileCounts { return f.counts }

// BadRows returns the first bad and repeated rows (see KeepBadRows), in
// file order.
func (f *PostcodeFile) BadRows() []BadRow { return f.bad }

// Line returns the line of the last row read.
func (f *PostcodeFile) Line() int { return f.lastLine }

// postcodeKey packs a full postcode into a number (it has at most seven
// characters, all ASCII), for the set of postcodes seen.
func postcodeKey(p Postcode) uint64 {
	var k uint64
	for i := range 4 {
		k <<= 8
		if i < len(p.Outward) {
			k |= uint64(p.Outward[i])
		}
	}
	for i := range 3 {
		k = k<<8 | uint64(p.Inward[i])
	}
	return k
}

// clip shortens a value for a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
