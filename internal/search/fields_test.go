package search

import (
	"math"
	"testing"
)

func TestPackTF(t *testing.T) {
	shift := uint(0)
	for f := range numFields {
		if tfShift[f] != shift {
			t.Errorf("tfShift[%d] = %d, want %d: fields must be packed in order", f, tfShift[f], shift)
		}
		shift += tfBits[f]
	}
	if shift > 16 {
		t.Fatalf("packed frequencies need %d bits", shift)
	}
	tests := []struct {
		in   [numFields]uint16
		want [numFields]uint16
	}{
		{[numFields]uint16{1, 0, 0, 0, 0}, [numFields]uint16{1, 0, 0, 0, 0}},
		{[numFields]uint16{7, 7, 7, 7, 15}, [numFields]uint16{7, 7, 7, 7, 15}},
		{[numFields]uint16{9, 100, 0, 8, 40}, [numFields]uint16{7, 7, 0, 7, 15}}, // saturated
		{[numFields]uint16{0, 0, 3, 0, 2}, [numFields]uint16{0, 0, 3, 0, 2}},
	}
	for _, tt := range tests {
		p := packTF(&tt.in)
		for f := range numFields {
			if got := fieldTF(p, f); got != tt.want[f] {
				t.Errorf("packTF(%v) field %d = %d, want %d", tt.in, f, got, tt.want[f])
			}
		}
	}
}

func TestBM25(t *testing.T) {
	// idf of a term in 1 of 10 documents: ln(1 + 9.5/1.5).
	idf := idf(10, 1)
	if want := math.Log(1 + 9.5/1.5); math.Abs(idf-want) > 1e-12 {
		t.Fatalf("idf = %v, want %v", idf, want)
	}
	tests := []struct {
		name              string
		weight, tf, l, av float64
		want              float64
	}{
		// At the average length, one occurrence scores weight × idf.
		{"tf 1 at average length", 1, 1, 10, 10, idf},
		{"weight scales", 4, 1, 10, 10, 4 * idf},
		// 2·2.2 / (2 + 1.2) = 1.375
		{"tf 2 at average length", 1, 2, 10, 10, 1.375 * idf},
		// norm = 1.2·(0.25 + 0.75·2) = 2.1; 2.2/3.1
		{"twice the average length", 1, 1, 20, 10, 2.2 / 3.1 * idf},
	}
	for _, tt := range tests {
		got := newBM25(idf, tt.weight, tt.av).score(tt.tf, tt.l)
		if math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
