package geo

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"learnwell"
)

// A few rows in the shape of the NSPL (2024 and earlier column names).
const nsplSample = `pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa21,cty,ced,laua,ward,lat,long
"N7  8DB","N7  8DB","N7 8DB","198001","","0","530813","185350","1","E00014578","E99999999","E99999999","E09000019","E05013703",51.553546,-0.114568
"SE1 7PB","SE1  7PB","SE1 7PB","198001","","0","530917","179573","1","E00166780","E99999999","E99999999","E09000022","E05014105",51.501609,-0.115242
"N7  9ZZ","N7  9ZZ","N7 9ZZ","198001","200012","0","530813","185350","1","","","","E09000019","",51.553546,-0.114568
"ZE3 9JZ","ZE3  9JZ","ZE3 9JZ","198001","","0","","","9","S00000000","S99999999","S99999999","S12000027","S13002773",99.999999,0.000000
"BT1 1AA","BT1  1AA","BT1 1AA","198001","","0","","","1","N00000000","N99999999","N99999999","N09000003","N08000312",54.597,-5.930
`

func readAll(t *testing.T, text string, opts PostcodeFileOptions) ([]PostcodeRow, *PostcodeFile, error) {
	t.Helper()
	f, err := OpenPostcodeFile(strings.NewReader(text), opts)
	if err != nil {
		return nil, nil, err
	}
	var rows []PostcodeRow
	for r, err := range f.Rows() {
		if err != nil {
			return rows, f, err
		}
		rows = append(rows, r)
	}
	return rows, f, nil
}

func TestPostcodeFileNSPL(t *testing.T) {
	rows, f, err := readAll(t, nsplSample, PostcodeFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []PostcodeRow{
		{Postcode: Postcode{"N7", "8DB"}, Point: Point{51.553546, -0.114568}, Authority: "E09000019", Line: 2},
		{Postcode: Postcode{"SE1", "7PB"}, Point: Point{51.501609, -0.115242}, Authority: "E09000022", Line: 3},
	}
	if !slices.Equal(rows, want) {
		t.Errorf("rows %+v\nwant %+v", rows, want)
	}
	if c := f.Counts(); c != (PostcodeFileCounts{Rows: 5, Usable: 2, NorthernIreland: 1, Terminated: 1, NoPoint: 1}) {
		t.Errorf("counts %+v", c)
	}
	// Terminated and Northern Ireland postcodes kept when asked for.
	rows, f, err = readAll(t, nsplSample, PostcodeFileOptions{IncludeTerminated: true, IncludeNorthernIreland: true})
	if err != nil || len(rows) != 4 || rows[2].Postcode.String() != "N7 9ZZ" || rows[3].Authority != "N09000003" ||
		f.Counts().Terminated != 0 || f.Counts().NorthernIreland != 0 {
		t.Errorf("with terminated: %+v %+v %v", rows, f.Counts(), err)
	}
}

func TestPostcodeFileHeaders(t *testing.T) {
	for name, header := range map[string]string{
		"ONSPD 2025, upper case":  "PCD7,PCD8,PCDS,DOINTR,DOTERM,USRTYPIND,LAT,LONG,LAD25CD",
		"old ONSPD":               "pcd,pcd2,pcds,dointr,doterm,oslaua,lat,long",
		"byte order mark, spaces": "\ufeffpcds , lat,long,laua,doterm",
	} {
		t.Run(name, func(t *testing.T) {
			cols := strings.Split(strings.ToLower(strings.TrimPrefix(header, "\ufeff")), ",")
			row := make([]string, len(cols))
			for i, c := range cols {
				switch strings.TrimSpace(c) {
				case "pcds", "pcd", "pcd2", "pcd7", "pcd8":
					row[i] = "E20 1EJ"
				case "lat":
					row[i] = "51.5387"
				case "long":
					row[i] = "-0.0166"
				case "lad25cd", "oslaua", "laua":
					row[i] = "E09000025"
				}
			}
			rows, _, err := readAll(t, header+"\n"+strings.Join(row, ",")+"\n", PostcodeFileOptions{})
			if err != nil || len(rows) != 1 || rows[0].Postcode.String() != "E20 1EJ" || rows[0].Authority != "E09000025" {
				t.Errorf("%+v %v", rows, err)
			}
		})
	}
}

func TestPostcodeFileMissingColumns(t *testing.T) {
	for _, tc := range []struct {
		header string
		opts   PostcodeFileOptions
		want   []string
	}{
		{"pcds,lat,long,laua", PostcodeFileOptions{}, []string{"doterm"}},
		{"pcds,lat,long,laua", PostcodeFileOptions{IncludeTerminated: true}, nil},
		{"postcode_district,latitude,x", PostcodeFileOptions{}, []string{"the postcode", "long", "local authority", "doterm"}},
		{"name,address", PostcodeFileOptions{}, []string{"the postcode", "lat", "long", "local authority", "doterm"}},
	} {
		_, err := OpenPostcodeFile(strings.NewReader(tc.header+"\n"), tc.opts)
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.header, err)
			}
			continue
		}
		msg := learnwell.ErrorMessage(err)
		if learnwell.ErrorCode(err) != learnwell.EINVALID {
			t.Errorf("%s: %v", tc.header, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q does not name %q", tc.header, msg, w)
			}
		}
	}
	if _, err := OpenPostcodeFile(strings.NewReader(""), PostcodeFileOptions{}); !strings.Contains(learnwell.ErrorMessage(err), "empty") {
		t.Errorf("empty file: %v", err)
	}
}

func TestPostcodeFileBadRows(t *testing.T) {
	text := `pcds,doterm,lat,long,laua
N7 8DB,,51.55,-0.11,E09000019
not a postcode,,51.55,-0.11,E09000019
N7,,51.55,-0.11,E09000019
SE1 7PB,,north,-0.11,E09000022
SE1 7PF,,151.5,-0.11,E09000022
SE1 7PD,,51.5,-0.11
N7 8DB,,51.55,-0.11,E09000019
"SE1 7PE,,51.5,-0.11,E09000022
`
	rows, f, err := readAll(t, text, PostcodeFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Postcode.String() != "N7 8DB" {
		t.Errorf("rows %+v", rows)
	}
	wantLines := []int{3, 4, 5, 6, 7, 8, 9}
	var lines []int
	for _, b := range f.BadRows() {
		lines = append(lines, b.Line)
	}
	if !slices.Equal(lines, wantLines) {
		t.Errorf("bad lines %v, want %v: %+v", lines, wantLines, f.BadRows())
	}
	for i, want := range []string{"not a full postcode", "not a full postcode", "not two numbers", "not on the Earth", "fields", "earlier line", "CSV"} {
		if i < len(f.BadRows()) && !strings.Contains(f.BadRows()[i].Reason, want) {
			t.Errorf("line %d: %q, want %q", f.BadRows()[i].Line, f.BadRows()[i].Reason, want)
		}
	}
	if c := f.Counts(); c != (PostcodeFileCounts{Rows: 8, Usable: 1, Bad: 6, Duplicate: 1}) {
		t.Errorf("counts %+v", c)
	}
}

func TestPostcodeFileNotADirectory(t *testing.T) {
	var b strings.Builder
	b.WriteString("pcds,lat,long,laua,doterm\n")
	for range 1500 {
		b.WriteString("hello,world,x,y,z\n")
	}
	rows, f, err := readAll(t, b.String(), PostcodeFileOptions{})
	if learnwell.ErrorCode(err) != learnwell.EINVALID || len(rows) != 0 || f.Counts().Rows != maxBadBeforeGood {
		t.Errorf("%d rows, %+v, %v", len(rows), f.Counts(), err)
	}
	if len(f.BadRows()) != 20 {
		t.Errorf("kept %d bad rows, want 20", len(f.BadRows()))
	}
}

func TestPostcodeFileReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	f, err := OpenPostcodeFile(&failAfter{text: nsplSample, err: boom}, PostcodeFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got error
	for _, err := range f.Rows() {
		if err != nil {
			got = err
		}
	}
	if !errors.Is(got, boom) {
		t.Errorf("error %v, want %v", got, boom)
	}
}

// failAfter gives text and then fails.
type failAfter struct {
	text string
	err  error
}

func (f *failAfter) Read(p []byte) (int, error) {
	if f.text == "" {
		return 0, f.err
	}
	n := copy(p, f.text)
	f.text = f.text[n:]
	return n, nil
}

func TestPostcodeKeyIsDistinct(t *testing.T) {
	seen := map[uint64]string{}
	for _, s := range []string{"N7 8DB", "N78 8DB", "N7A 8DB", "NW7 8DB", "N7 8DA", "GIR 0AA", "EC1A 1BB", "E1 1BB", "E11 1BB"} {
		p, err := ParsePostcode(s)
		if err != nil {
			t.Fatal(s, err)
		}
		k := postcodeKey(p)
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s share a key", s, other)
		}
		seen[k] = s
	}
}

func FuzzPostcodeFile(f *testing.F) {
	f.Add(nsplSample)
	f.Add("pcds,lat,long,laua,doterm\nN7 8DB,51.5,-0.1,E09000019,\n\"x,1\n")
	f.Add("PCD7,LAT,LONG,LAD25CD,DOTERM\n,,,,\n")
	f.Fuzz(func(t *testing.T, text string) {
		pf, err := OpenPostcodeFile(strings.NewReader(text), PostcodeFileOptions{})
		if err != nil {
			if learnwell.ErrorCode(err) != learnwell.EINVALID {
				t.Fatalf("header error is not EINVALID: %v", err)
			}
			return
		}
		n := 0
		for row, err := range pf.Rows() {
			if err != nil {
				break
			}
			n++
			if row.Postcode.IsDistrict() || !row.Point.Valid() || row.Line < 2 {
				t.Fatalf("bad row given: %+v", row)
			}
		}
		c := pf.Counts()
		if c.Usable != n || c.Rows != c.Usable+c.NorthernIreland+c.Terminated+c.NoPoint+c.Duplicate+c.Bad {
			t.Fatalf("counts do not add up: %+v, %d rows given", c, n)
		}
	})
}
