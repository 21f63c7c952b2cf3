package search

import "math"

// Text fields, in the order scores are summed.
const (
	fieldTitle = iota
	fieldSummary
	fieldKeywords
	fieldProvider
	fieldDescription
	numFields
)

// fieldWeights multiply each field's BM25 score: title > summary = keywords
// > provider > description.
var fieldWeights = [numFields]float64{4, 2, 2, 1.5, 1}

// tfBits is how many bits each field's term frequency has in a packed tf;
// frequencies saturate at 2^bits-1 (BM25 saturates long before).
var tfBits = [numFields]uint{3, 3, 3, 3, 4}

// tfShift is where each field's frequency starts in a packed tf.
var tfShift = [numFields]uint{0, 3, 6, 9, 12}

// BM25 parameters, the usual ones.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// fieldTexts returns the text of each field of d.
func fieldTexts(d *Doc) [numFields][]string {
	return [numFields][]string{
		fieldTitle:       {d.Title},
		fieldSummary:     {d.Summary},
		fieldKeywords:    d.Keywords,
		fieldProvider:    {d.Provider},
		fieldDescription: {d.Description},
	}
}

// Filter kinds: the Doc and Query fields whose values are codes.
const (
	kindBorough = iota
	kindSubject
	kindWellbeing
	kindLevel
	kindMode
	kindAccessibility
	kindLanguage
	numKinds
)

// filterValues returns d's values of one filter kind.
func filterValues(d *Doc, kind int) []string {
	switch kind {
	case kindBorough:
		return d.Boroughs
	case kindSubject:
		return d.Subjects
	case kindWellbeing:
		return d.Wellbeing
	case kindLevel:
		return d.Levels
	case kindMode:
		return d.Modes
	case kindAccessibility:
		return d.Accessibility
	case kindLanguage:
		return d.Languages
	}
	return nil
}

// packTF packs per-field term frequencies, saturating each.
func packTF(tf *[numFields]uint16) uint16 {
	var p uint16
	for f, n := range tf {
		p |= min(n, 1<<tfBits[f]-1) << tfShift[f]
	}
	return p
}

// fieldTF returns one field's frequency from a packed tf.
func fieldTF(p uint16, f int) uint16 {
	return p >> tfShift[f] & (1<<tfBits[f] - 1)
}

// idf is BM25's inverse document frequency for a term found in df of n
// documents (the Lucene form, never negative).
func idf(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// bm25 holds what one term's BM25 score in one field needs, so that the
// score of a document is one multiplication and one division per field:
//
//	weight·idf·tf·(k1+1) / (tf + k1·(1 - b + b·len/avgLen))
type bm25 struct {
	w, c1, c2 float64
}

func newBM25(idf, weight, avgLen float64) bm25 {
	return bm25{
		w:  float64(weight*idf) * (bm25K1 + 1),
		c1: bm25K1 * (1 - bm25B),
		c2: bm25K1 * bm25B / avgLen,
	}
}

// score returns the field's score for a term frequency tf (> 0) in a field
// of length fieldLen. The explicit conversions keep the arithmetic free of
// fused multiply-adds, so every caller gets the same bits.
func (s bm25) score(tf, fieldLen float64) float64 {
	return float64(s.w*tf) / float64(tf+float64(s.c1+float64(s.c2*fieldLen)))
}
