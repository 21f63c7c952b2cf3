package store_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"learnwell/internal/geo"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

// onspdHeader is the NSPL header of August 2026 (35 columns).
const onspdHeader = "pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty26cd,ced25cd," +
	"lad26cd,wd26cd,nhser24cd,ctry26cd,rgn26cd,pcon24cd,ttwa15cd,itl25cd,npark16cd,lsoa21cd," +
	"msoa21cd,wz11cd,sicbl26cd,bua24cd,ruc21ind,oac21ind,lat,long,lep21cd1,lep21cd2,pfa23cd," +
	"imd25ind,icb26cd\n"

// syntheticONSPD is an ONS postcode directory of n made-up postcodes, in
// the shape and about the size of the real one (ONSPD: 2.7 million rows,
// a third of them terminated, a few without a position), read as it is
// written so that it needs no disk.
type syntheticONSPD struct {
	n, i int
	buf  bytes.Buffer
}

func (s *syntheticONSPD) Read(p []byte) (int, error) {
	for s.buf.Len() < len(p) && s.i <= s.n {
		if s.i == 0 {
			s.buf.WriteString(onspdHeader)
		} else {
			s.row(s.i - 1)
		}
		s.i++
	}
	if s.buf.Len() == 0 {
		return 0, io.EOF
	}
	return s.buf.Read(p)
}

func (s *syntheticONSPD) row(i int) {
	const letters = "ABDEFGHJLNPQRSTUWXYZ"
	d := i / 4000
	out := fmt.Sprintf("%c%c%d", 'A'+d/9/26%26, 'A'+d/9%26, 1+d%9)
	in := fmt.Sprintf("%d%c%c", i/400%10, letters[i/20%20], letters[i%20])
	doterm, lat, lon := "", fmt.Sprintf("%.6f", 50+float64(i%900000)/100000), fmt.Sprintf("%.6f", -5+float64(i%700000)/100000)
	switch {
	case i%3 == 2:
		doterm = "201106"
	case i%97 == 0:
		lat, lon = "99.999999", "0.000000"
	}
	fmt.Fprintf(&s.buf, "%-7s,%s %s,%s %s,198001,%s,0,530813,185350,1,E00014578,E99999999,E99999999,E09000019,E05013703,"+
		"E40000003,E92000001,E12000007,E14001298,E30000234,E22000001,E99999999,E01002714,E02000555,E33000251,E38000240,"+
		"E63012345,UN1,1A1,%s,%s,E37000051,,E23000001,4123,E54000028\n", out+in, out, in, out, in, doterm, lat, lon)
}

// BenchmarkReplacePostcodes reads and loads a synthetic ONS postcode
// directory of 2.7 million rows (1.8 million live postcodes, as ONSPD has)
// on each engine. Run it once: go test -run '^$' -bench ReplacePostcodes
// -benchtime 1x ./internal/store/ (with LEARNWELL_TEST_POSTGRES set for
// PostgreSQL). Set -short for 270,000 rows.
func BenchmarkReplacePostcodes(b *testing.B) {
	rows := 2_700_000
	if testing.Short() {
		rows = 270_000
	}
	for _, engine := range []string{store.SQLite, store.Postgres} {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, engine, storetest.Options{})
			ctx := context.Background()
			for range b.N {
				src := &syntheticONSPD{n: rows}
				f, err := geo.OpenPostcodeFile(src, geo.PostcodeFileOptions{})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				set, err := db.ReplacePostcodes(ctx, "synthetic.csv", f.Rows())
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(set.Rows), "postcodes")
				b.ReportMetric(float64(set.Rows)/time.Since(start).Seconds(), "postcodes/s")
				if c := f.Counts(); c.Rows != rows || c.Bad != 0 {
					b.Fatalf("counts %+v", c)
				}
				size := "SELECT pg_total_relation_size('postcodes')"
				if engine == store.SQLite {
					size = "SELECT SUM(pgsize) FROM dbstat WHERE name IN ('postcodes', 'sqlite_autoindex_postcodes_1')"
				}
				var bytes int64
				if err := db.SQL().QueryRowContext(ctx, size).Scan(&bytes); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(bytes)/(1<<20), "MB")
			}
		})
	}
}

// TestSyntheticONSPDReads checks the benchmark's file is one the reader
// takes whole.
func TestSyntheticONSPDReads(t *testing.T) {
	f, err := geo.OpenPostcodeFile(&syntheticONSPD{n: 20_000}, geo.PostcodeFileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range f.Rows() {
		if err != nil {
			t.Fatal(err)
		}
	}
	if c := f.Counts(); c.Rows != 20_000 || c.Bad != 0 || c.Duplicate != 0 || c.Terminated != 6666 || c.NoPoint == 0 {
		t.Errorf("counts %+v, bad rows %v", c, f.BadRows())
	}
}
