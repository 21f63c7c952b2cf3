package web

import (
	"net/http"
	"strconv"

	"learnwell"
)

// aboutPage is the data of templates/pages/about-the-data.html.
type aboutPage struct {
	// Postcodes describes the ONS postcode directory in use, whose notice
	// the page must show; nil when none is loaded.
	Postcodes *aboutPostcodes
}

type aboutPostcodes struct {
	Source   string
	Rows     string // with thousands separators
	LoadedOn string // like 24 November 2026
	Year     int    // for the copyright notices
}

// aboutTheData shows where learnwell's data comes from and the credit each
// source asks for, the ONS postcode directory's among them once one is
// loaded (learnwell import postcodes).
func (s *Server) aboutTheData(w http.ResponseWriter, r *http.Request) error {
	set, ok, err := s.db.Postcodes(r.Context())
	if err != nil {
		return err
	}
	var page aboutPage
	if ok {
		loaded := set.LoadedAt.In(learnwell.London)
		page.Postcodes = &aboutPostcodes{Source: set.Source, Rows: thousands(set.Rows),
			LoadedOn: loaded.Format("2 January 2006"), Year: loaded.Year()}
	}
	s.render(w, r, http.StatusOK, "about-the-data", "About the data", page)
	return nil
}

// thousands writes n with commas between thousands.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
