package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"learnwell"
	"learnwell/internal/directory"
	"learnwell/internal/geo"
)

// csvRow is one row of a spreadsheet: its number as the spreadsheet shows it
// (the header is row 1) and its cells by column key.
type csvRow struct {
	n     int
	cells map[string]string
}

func (r csvRow) get(key string) string { return strings.TrimSpace(r.cells[key]) }

// maxCSVBytes caps the size of a spreadsheet.
const maxCSVBytes = 64 << 20

// readCSV reads a providers' spreadsheet saved as CSV: UTF-8, with or
// without a byte order mark, CRLF or LF line ends, commas or semicolons
// (the semicolon when the header has more of them). The header row names
// the columns in any order, in any case and spacing; unknown columns are
// ignored with a warning; rows with nothing in them are skipped.
func readCSV(data []byte) ([]csvRow, []string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, learnwell.Errorf(learnwell.EINVALID, "The file is not UTF-8 text: in your spreadsheet, save it as \"CSV UTF-8 (comma delimited)\".")
	}
	firstLine, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(firstLine, []byte(";")) > bytes.Count(firstLine, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, learnwell.Errorf(learnwell.EINVALID, "The file is empty: it should start with the header row of the template at /courses/template.csv.")
	}
	if err != nil {
		return nil, nil, learnwell.Errorf(learnwell.EINVALID, "The header row cannot be read: %s.", csvProblem(err))
	}
	var warnings []string
	keys := make([]string, len(header))
	seen := map[string]int{}
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		c, ok := columnFor(h)
		if !ok {
			warnings = append(warnings, fmt.Sprintf("column %q is not one learnwell reads: it is ignored", clipQuote(h)))
			continue
		}
		if j, dup := seen[c.key]; dup {
			return nil, nil, learnwell.Errorf(learnwell.EINVALID, "The columns %d and %d are both %q: keep one.", j+1, i+1, c.Name)
		}
		seen[c.key] = i
		keys[i] = c.key
	}
	var missing []string
	for _, c := range columns {
		if c.Required == "yes" || c.Required == "yes, or online" {
			if _, ok := seen[c.key]; !ok {
				missing = append(missing, c.Name)
			}
		}
	}
	if len(missing) > 0 {
		return nil, warnings, learnwell.Errorf(learnwell.EINVALID, "The header row has no %s column: start from the template at /courses/template.csv.", strings.Join(missing, ", "))
	}
	var rows []csvRow
	for n := 2; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, warnings, learnwell.Errorf(learnwell.EINVALID, "Row %d cannot be read: %s.", n, csvProblem(err))
		}
		row := csvRow{n: n, cells: map[string]string{}}
		blank := true
		for i, v := range rec {
			if i < len(keys) && keys[i] != "" {
				row.cells[keys[i]] = strings.ReplaceAll(v, "\r\n", "\n")
				blank = blank && strings.TrimSpace(v) == ""
			}
		}
		if !blank {
			rows = append(rows, row)
		}
	}
	return rows, warnings, nil
}

// unusualCells reports every cell of the rows holding unusual text (a NUL
// or another control character: readCSV has refused bytes that are not
// UTF-8), so that a course with one is not stored.
func unusualCells(rows []csvRow, bad *cells) {
	for _, r := range rows {
		keys := make([]string, 0, len(r.cells))
		for key := range r.cells {
			keys = append(keys, key)
		}
		slices.SortFunc(keys, func(a, b string) int { return columnIndex(a) - columnIndex(b) })
		for _, key := range keys {
			if learnwell.UnusualText(r.cells[key]) {
				bad.add(r.n, key, badCell("%s", learnwell.UnusualTextMessage("this cell")))
			}
		}
	}
}

// columnIndex is where the column of a key stands in the template.
func columnIndex(key string) int {
	for i, c := range columns {
		if c.key == key {
			return i
		}
	}
	return len(columns)
}

func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// csvBuilder turns the rows of one course into a listing.
type csvBuilder struct {
	system string
	tax    *directory.Taxonomies
	locate geo.Locator
	ctx    context.Context
}

// cells collects the messages about bad cells of a course.
type cells struct {
	v learnwell.Validation
}

func (c *cells) add(row int, key string, err error) {
	col, _ := columnFor(key)
	c.v.Add(fmt.Sprintf("row %d, %s", row, col.Name), err.Error())
}

// courseValue returns the value of a course-level (or provider-level)
// column: the same on every row of the course, or blank on some. A value
// that differs between rows is an error, at the row where it first differs.
func courseValue(rows []csvRow, key string, bad *cells) (string, int) {
	val, at := "", rows[0].n
	for _, r := range rows {
		v := r.get(key)
		switch {
		case v == "":
		case val == "":
			val, at = v, r.n
		case v != val:
			col, _ := columnFor(key)
			bad.add(r.n, key, badCell("%s is different from row %d: %s is the whole course's, so give the same on every row or leave it blank after the first",
				quote(v), at, col.Name))
		}
	}
	return val, at
}

var oneLine = regexp.MustCompile(`\s*\n\s*`)

// course builds the listing of one course from its rows. A bad cell gives
// a message naming its row and column; nothing of the course is written
// then.
func (b *csvBuilder) course(ref string, rows []csvRow) (*listing, error) {
	var bad cells
	l := &listing{where: rowsWhere(rows) + " (course " + ref + ")"}
	unusualCells(rows, &bad)
	if utf8.RuneCountInString(ref) > 100 {
		bad.add(rows[0].n, colCourseRef, badCell("Course reference must be 100 characters or fewer"))
	}
	val := func(key string) (string, int) { return courseValue(rows, key, &bad) }

	// The provider.
	name, nameRow := val(colProvider)
	if name == "" {
		bad.add(nameRow, colProvider, badCell("Enter the provider's name"))
	}
	orgSrc := directory.Source{System: b.system, ID: "provider:" + strings.ToLower(name)}
	org := directory.Organisation{ID: learnwell.DerivedID("import", "organisation", orgSrc.System, orgSrc.ID), Name: name, Source: orgSrc}
	org.Description, _ = val(colProviderDesc)
	if k, at := val(colProviderKind); k != "" {
		if c, err := choose(k, directory.OrganisationKinds(), "provider type"); err != nil {
			bad.add(at, colProviderKind, err)
		} else {
			org.Kind = directory.OrganisationKind(c.Code)
		}
	} else {
		org.Kind = guessKind(name)
	}
	org.Website, _ = val(colProviderWebsite)
	org.Email, _ = val(colProviderEmail)
	org.Phone, _ = val(colProviderPhone)
	l.org = org
	l.orgByName = true

	// The course.
	src := directory.Source{System: b.system, ID: "course:" + ref}
	c := directory.Course{ID: learnwell.DerivedID("import", "course", src.System, src.ID), OrganisationID: org.ID, Status: directory.CourseActive, Source: src}
	c.Title, _ = val(colTitle)
	c.Title = oneLine.ReplaceAllString(c.Title, " ")
	c.Summary, _ = val(colSummary)
	c.Description, _ = val(colDescription)
	c.Eligibility, _ = val(colEligibility)
	for _, a := range []struct {
		key string
		dst *int
	}{{colMinAge, &c.MinAge}, {colMaxAge, &c.MaxAge}} {
		if v, at := val(a.key); v != "" {
			n, err := parseWhole(v, directory.MinimumAge, directory.MaximumAge, "the age")
			if err != nil {
				bad.add(at, a.key, err)
			}
			*a.dst = n
		}
	}
	terms := func(key, scheme, what string, many bool) []string {
		v, at := val(key)
		var ids []string
		items := splitList(v)
		if !many && len(items) > 1 {
			bad.add(at, key, badCell("Give one %s (found %d)", what, len(items)))
			return nil
		}
		for _, item := range items {
			ch, err := choose(item, termChoices(scheme), what)
			if err != nil {
				bad.add(at, key, err)
				continue
			}
			if id := directory.TermID(scheme, ch.Code); !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		return ids
	}
	c.Subjects = terms(colSubjects, directory.SchemeSubject, "subject", true)
	c.Wellbeing = terms(colWellbeing, directory.SchemeWellbeing, "wellbeing focus", true)
	if lv := terms(colLevel, directory.SchemeLevel, "level", false); len(lv) == 1 {
		c.Level = lv[0]
	}
	if v, at := val(colLanguages); v != "" {
		for _, item := range splitList(v) {
			ch, err := choose(item, directory.Languages(), "language")
			if err != nil {
				bad.add(at, colLanguages, err)
			} else if !slices.Contains(c.Languages, ch.Code) {
				c.Languages = append(c.Languages, ch.Code)
			}
		}
	}
	c.Accessibility = features(rows, colCourseAccess, val, &bad)
	if v, at := val(colDelivery); v != "" {
		if ch, err := choose(v, directory.DeliveryModes(), "delivery"); err != nil {
			bad.add(at, colDelivery, err)
		} else {
			c.Delivery = directory.DeliveryMode(ch.Code)
		}
	}
	if v, at := val(colFee); v != "" {
		if strings.EqualFold(v, "free") {
			c.Free = true
		} else if pence, err := directory.ParsePounds(v); err != nil {
			bad.add(at, colFee, badCell("Enter the fee in pounds and pence, like 12.50, or free (found %s)", quote(v)))
		} else if pence == 0 {
			c.Free = true
		} else {
			opt := directory.CostOption{ID: learnwell.DerivedID("import", "cost_option", src.System, src.ID), AmountPence: pence}
			opt.Option, _ = val(colFeeFor)
			opt.Concessions, _ = val(colConcessions)
			c.CostOptions = []directory.CostOption{opt}
		}
	}
	if v, at := val(colFunding); v != "" {
		if ch, err := choose(v, directory.FundingLines(), "funding line"); err != nil {
			bad.add(at, colFunding, err)
		} else {
			c.Funding = directory.FundingLine(ch.Code)
		}
	}
	c.HowToJoin, _ = val(colHowToJoin)
	c.JoinURL, _ = val(colJoinURL)
	ct := directory.Contact{ID: learnwell.DerivedID("import", "contact", src.System, src.ID)}
	ct.Name, _ = val(colContactName)
	ct.Email, _ = val(colContactEmail)
	ct.Phone, _ = val(colContactPhone)
	if ct.Name != "" || ct.Email != "" || ct.Phone != "" {
		c.Contacts = []directory.Contact{ct}
	}
	if v, at := val(colLastChecked); v != "" {
		if d, err := parseDateCell(v); err != nil {
			bad.add(at, colLastChecked, err)
		} else {
			c.LastChecked = d
		}
	}

	// The runs and their venues.
	venues := map[string]int{} // source id -> index in l.locations
	venueRows := map[string]int{}
	online, atVenue := false, false
	var runRows []int
	for _, r := range rows {
		run, ok := b.run(r, ref, &bad)
		if !ok {
			continue
		}
		venue := r.get(colVenue)
		if strings.EqualFold(venue, "online") || strings.EqualFold(r.get(colPostcode), "online") {
			online = true
		} else {
			loc, ok := b.venue(r, org.ID, &bad, l)
			if !ok {
				continue
			}
			if i, seen := venues[loc.Source.ID]; seen {
				if prev := l.locations[i]; !sameVenue(prev, loc) {
					bad.add(r.n, colVenue, badCell("The venue %s has other details on row %d: give a venue the same address on every row", quote(venue), venueRows[loc.Source.ID]))
					continue
				}
			} else {
				venues[loc.Source.ID] = len(l.locations)
				venueRows[loc.Source.ID] = r.n
				l.locations = append(l.locations, loc)
			}
			run.LocationID = loc.ID
			atVenue = true
		}
		key := r.get(colRunRef)
		if key == "" {
			key = run.FirstSession.String() + "|" + run.Schedule.Start.String() + "|" + run.LocationID
		}
		run.ID = learnwell.DerivedID("import", "run", src.System, src.ID, key)
		if slices.ContainsFunc(l.runs, func(x directory.Run) bool { return x.ID == run.ID }) {
			bad.add(r.n, colRunRef, badCell("This run is the same as an earlier row's (same first session, start time and venue): give each run its own Run reference"))
			continue
		}
		l.runs = append(l.runs, run)
		runRows = append(runRows, r.n)
	}
	if c.Delivery == "" {
		switch {
		case online && atVenue:
			c.Delivery = directory.Blended
		case online:
			c.Delivery = directory.Online
		default:
			c.Delivery = directory.InPerson
		}
	}
	l.course = c
	l.field = csvField(rows, l.runs, runRows)
	if err := bad.v.Err(); err != nil {
		// Say what else is wrong with the course too, so one pass fixes it.
		for _, f := range learnwell.ErrorFields(c.Validate(builtinTaxonomies)) {
			bad.v.Add(l.field(f.Field), f.Message)
		}
		return nil, bad.v.Err()
	}
	return l, nil
}

// courseColumns names the column of each course and provider field.
var courseColumns = map[string]string{
	"title": colTitle, "summary": colSummary, "description": colDescription, "eligibility": colEligibility,
	"min_age": colMinAge, "max_age": colMaxAge, "subjects": colSubjects, "wellbeing": colWellbeing, "level": colLevel,
	"languages": colLanguages, "accessibility": colCourseAccess, "delivery": colDelivery, "free": colFee, "funding": colFunding,
	"how_to_join": colHowToJoin, "join_url": colJoinURL, "last_checked": colLastChecked, "cost_options": colFee,
	"contacts": colContactEmail, "organisation_id": colProvider,
	"organisation.name": colProvider, "organisation.description": colProviderDesc, "organisation.kind": colProviderKind,
	"organisation.website": colProviderWebsite, "organisation.email": colProviderEmail, "organisation.phone": colProviderPhone,
}

var locationColumns = map[string]string{"name": colVenue, "address_1": colAddress1, "address_2": colAddress2, "town": colTown,
	"postcode": colPostcode, "borough": colBorough, "transport": colTransport, "accessibility": colVenueAccess}

var indexed = regexp.MustCompile(`^(runs|locations)\[(\d+)\]\.(.*)$`)

// csvField names a validation message's field by the row and column it
// came from: "row 5, Start time".
func csvField(rows []csvRow, runs []directory.Run, runRows []int) func(string) string {
	return func(field string) string {
		row, key := rows[0].n, ""
		if m := indexed.FindStringSubmatch(field); m != nil {
			i, _ := strconv.Atoi(m[2])
			if m[1] == "runs" && i < len(runRows) {
				row, key = runRows[i], runColumn(m[3])
				if m[3] == "location_id" {
					key = colVenue
				}
			} else {
				key = locationColumns[m[3]]
			}
		} else {
			base, _, _ := strings.Cut(field, "[")
			if k, ok := courseColumns[field]; ok {
				key = k
			} else {
				key = courseColumns[base]
			}
			if strings.HasPrefix(field, "contacts[") {
				switch {
				case strings.HasSuffix(field, ".name"):
					key = colContactName
				case strings.HasSuffix(field, ".phone"):
					key = colContactPhone
				}
			}
			if strings.HasPrefix(field, "cost_options[") && strings.HasSuffix(field, ".option") {
				key = colFeeFor
			}
			if strings.HasPrefix(field, "cost_options[") && strings.HasSuffix(field, ".concessions") {
				key = colConcessions
			}
		}
		if key == "" {
			return fmt.Sprintf("row %d, %s", row, field)
		}
		col, _ := columnFor(key)
		return fmt.Sprintf("row %d, %s", row, col.Name)
	}
}

// sameVenue reports whether a later row's venue agrees with the first row's:
// what it gives is the same (it may leave things blank).
func sameVenue(first, later directory.Location) bool {
	same := func(a, b string) bool { return b == "" || a == b }
	return same(first.Address1, later.Address1) && same(first.Address2, later.Address2) && same(first.Town, later.Town) &&
		same(first.Transport, later.Transport) && (later.Borough == "" || later.Borough == first.Borough || first.Borough == "") &&
		(len(later.Accessibility) == 0 || slices.Equal(first.Accessibility, later.Accessibility))
}

func rowsWhere(rows []csvRow) string {
	if len(rows) == 1 {
		return "row " + strconv.Itoa(rows[0].n)
	}
	nums := make([]string, len(rows))
	for i, r := range rows {
		nums[i] = strconv.Itoa(r.n)
	}
	return "rows " + strings.Join(nums, ", ")
}

func features(rows []csvRow, key string, val func(string) (string, int), bad *cells) []directory.AccessibilityFeature {
	v, at := val(key)
	var out []directory.AccessibilityFeature
	for _, item := range splitList(v) {
		ch, err := choose(item, directory.AccessibilityFeatures(), "accessibility feature")
		if err != nil {
			bad.add(at, key, err)
		} else if f := directory.AccessibilityFeature(ch.Code); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// run reads the run on a row.
func (b *csvBuilder) run(r csvRow, ref string, bad *cells) (directory.Run, bool) {
	before := len(bad.v.Fields())
	run := directory.Run{Status: directory.RunOpen}
	if v := r.get(colFirst); v == "" {
		bad.add(r.n, colFirst, badCell("Enter the date of the first session, like 15/09/2026"))
	} else if d, err := parseDateCell(v); err != nil {
		bad.add(r.n, colFirst, err)
	} else {
		run.FirstSession, run.LastSession = d, d
	}
	if v := r.get(colLast); v != "" {
		if d, err := parseDateCell(v); err != nil {
			bad.add(r.n, colLast, err)
		} else {
			run.LastSession = d
		}
	}
	freq, interval, err := parseFrequency(r.get(colFrequency))
	if err != nil {
		bad.add(r.n, colFrequency, err)
	}
	sc := directory.Schedule{Freq: freq, Interval: interval}
	if sc.ByDay, sc.ByMonthDay, err = parseDays(r.get(colDays), freq); err != nil {
		bad.add(r.n, colDays, err)
	}
	for _, t := range []struct {
		key string
		dst *directory.ClockTime
		msg string
	}{{colStart, &sc.Start, "Enter the start time, like 10:00"}, {colEnd, &sc.End, "Enter the end time, like 12:00"}} {
		if v := r.get(t.key); v == "" {
			bad.add(r.n, t.key, badCell("%s", t.msg))
		} else if ct, err := parseTimeCell(v); err != nil {
			bad.add(r.n, t.key, err)
		} else {
			*t.dst = ct
		}
	}
	if sc.Breaks, sc.ExcludedDates, err = parseNoSessions(r.get(colNoSessions)); err != nil {
		bad.add(r.n, colNoSessions, err)
	}
	run.Schedule = sc
	if v := r.get(colPlaces); v != "" {
		if run.PlacesTotal, err = parseWhole(v, 0, 10_000, "the number of places"); err != nil {
			bad.add(r.n, colPlaces, err)
		}
	}
	if v := r.get(colStatus); v != "" {
		if ch, err := choose(v, statusChoices(), "run status"); err != nil {
			bad.add(r.n, colStatus, err)
		} else {
			run.Status = directory.RunStatus(ch.Code)
		}
	}
	run.Notes = r.get(colRunNotes)
	if len(bad.v.Fields()) > before {
		return run, false
	}
	// The run's own rules, named by this row's columns.
	if err := run.Validate(); err != nil {
		for _, f := range learnwell.ErrorFields(err) {
			bad.add(r.n, runColumn(f.Field), badCell("%s", f.Message))
		}
		return run, false
	}
	return run, true
}

// runColumn names the column of a run's field.
func runColumn(field string) string {
	switch {
	case strings.HasPrefix(field, "first_session"):
		return colFirst
	case strings.HasPrefix(field, "last_session"):
		return colLast
	case strings.HasPrefix(field, "schedule.start_time"):
		return colStart
	case strings.HasPrefix(field, "schedule.end_time"):
		return colEnd
	case strings.HasPrefix(field, "schedule.interval"), strings.HasPrefix(field, "schedule.freq"):
		return colFrequency
	case strings.HasPrefix(field, "schedule.by"):
		return colDays
	case strings.HasPrefix(field, "schedule."):
		return colNoSessions
	case strings.HasPrefix(field, "places"):
		return colPlaces
	case field == "status":
		return colStatus
	case field == "notes":
		return colRunNotes
	}
	return colFirst
}

// venue reads the venue on a row, placing its postcode.
func (b *csvBuilder) venue(r csvRow, orgID string, bad *cells, l *listing) (directory.Location, bool) {
	before := len(bad.v.Fields())
	name := r.get(colVenue)
	if name == "" {
		bad.add(r.n, colVenue, badCell("Enter the venue's name, or online for a run held online"))
	}
	loc := directory.Location{Name: name, Address1: r.get(colAddress1), Address2: r.get(colAddress2), Town: r.get(colTown),
		Transport: r.get(colTransport), OrganisationID: orgID}
	for _, req := range []struct{ key, msg string }{{colAddress1, "Enter the first line of the venue's address"}, {colTown, "Enter the venue's town"}} {
		if r.get(req.key) == "" && name != "" {
			bad.add(r.n, req.key, badCell("%s", req.msg))
		}
	}
	pc := r.get(colPostcode)
	p, err := geo.ParsePostcode(pc)
	switch {
	case pc == "":
		bad.add(r.n, colPostcode, badCell("Enter the venue's postcode, like N7 9AB, or online"))
	case err != nil || p.IsDistrict():
		bad.add(r.n, colPostcode, badCell("Enter the venue's full postcode, like N7 9AB (found %s)", quote(pc)))
	default:
		loc.Postcode = p.String()
	}
	if v := r.get(colBorough); v != "" {
		if ch, err := choose(v, boroughChoices(), "London borough"); err != nil {
			bad.add(r.n, colBorough, err)
		} else {
			loc.Borough = ch.Code
		}
	}
	loc.Accessibility = features([]csvRow{r}, colVenueAccess, func(key string) (string, int) { return r.get(key), r.n }, bad)
	if len(bad.v.Fields()) > before {
		return loc, false
	}
	loc.Source = directory.Source{System: b.system, ID: "venue:" + strings.ToLower(name) + "|" + loc.Postcode}
	loc.ID = learnwell.DerivedID("import", "location", loc.Source.System, loc.Source.ID)
	if place, err := b.locate.Locate(b.ctx, loc.Postcode); err != nil {
		l.warnings = append(l.warnings, fmt.Sprintf("row %d: the postcode %s cannot be placed: the venue is kept without a position", r.n, loc.Postcode))
	} else {
		pt := place.Point
		loc.Point = &pt
		if loc.Borough == "" {
			if bo, ok := place.Borough(); ok {
				loc.Borough = bo.Code
			} else if bo, ok := geo.BoroughAt(pt); ok && place.Postcode.IsDistrict() == false && place.Exact {
				loc.Borough = bo.Code
			}
		}
	}
	if loc.Borough == "" {
		l.warnings = append(l.warnings, fmt.Sprintf("row %d: the venue's borough is not known: give it in the Borough column if it is in London", r.n))
	}
	return loc, true
}

// CSVOptions configure a spreadsheet import.
type CSVOptions struct {
	Options
}

// ImportCSV imports a providers' spreadsheet saved as CSV (see
// docs/import-csv.md): one row per run, the rows of a course grouped by its
// Course reference. A course with a bad cell is rejected with a message for
// each bad cell, by row and column; the others are imported.
func ImportCSV(ctx context.Context, path string, opts CSVOptions) (*Report, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, learnwell.Wrap(err, learnwell.EINVALID, "The file "+path+" cannot be read.")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCSVBytes+1))
	if err != nil {
		return nil, learnwell.Wrap(err, learnwell.EINVALID, "The file "+path+" cannot be read.")
	}
	if len(data) > maxCSVBytes {
		return nil, learnwell.Errorf(learnwell.EINVALID, "The file is larger than %d MiB: split it.", maxCSVBytes>>20)
	}
	rows, warnings, err := readCSV(data)
	if err != nil {
		return nil, err
	}
	system := filepath.Base(path)
	if opts.Source != "" {
		system = opts.Source
	}
	report := &Report{Noun: "courses", Source: system}
	for _, w := range warnings {
		report.Warnings = append(report.Warnings, Warning{Where: "header", Message: w})
	}
	w, err := newWriter(ctx, opts.Options, report)
	if err != nil {
		return nil, err
	}
	groups, order := groupRows(rows)
	w.progress.SetTotal(len(order))
	b := &csvBuilder{system: system, locate: opts.Locator, ctx: ctx}
	for _, ref := range order {
		if ctx.Err() != nil {
			report.Interrupted = true
			break
		}
		rs := groups[ref]
		if ref == "" {
			for _, r := range rs {
				report.reject("row "+strconv.Itoa(r.n), learnwell.Errorf(learnwell.EINVALID,
					"It has no Course reference: give every row the reference of its course, like ART-101, the same on each row of a course."))
				w.progress.Step(report)
			}
			continue
		}
		b.tax = w.tax
		l, err := b.course(ref, rs)
		if err != nil {
			report.reject(rowsWhere(rs)+" (course "+ref+")", err)
			w.progress.Step(report)
			continue
		}
		w.write(ctx, l)
		if ctx.Err() != nil {
			report.Interrupted = true
			break
		}
	}
	w.progress.Finish()
	return report, nil
}

// groupRows groups rows by Course reference, in the order each first appears.
func groupRows(rows []csvRow) (map[string][]csvRow, []string) {
	groups := map[string][]csvRow{}
	var order []string
	for _, r := range rows {
		ref := r.get(colCourseRef)
		if _, ok := groups[ref]; !ok {
			order = append(order, ref)
		}
		groups[ref] = append(groups[ref], r)
	}
	return groups, order
}
