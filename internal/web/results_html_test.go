package web

import (
	"strings"
	"testing"
	"time"

	"learnwell"
	"learnwell/internal/finder"
)

func TestResultsHTML(t *testing.T) {
	next := time.Date(2026, 12, 1, 10, 0, 0, 0, learnwell.London)
	cases := []struct {
		name     string
		item     finder.Item
		contains []string
		absent   []string
	}{{
		name: "escapes every value",
		item: finder.Item{ID: "a b", Title: `Art & <script>alert(1)</script>`, Provider: `O'Brien "Learning"`, Summary: "<b>bold</b>",
			Cost: "From £25", Online: false, Venue: "Hall <1>", Postcode: "N7 6PA", DistanceMiles: 1.04, HasNext: true, Next: next,
			PlacesLimited: true, PlacesLeft: 6},
		contains: []string{`<a href="/courses/a%20b">Art &amp; &lt;script&gt;alert(1)&lt;/script&gt;</a>`, `O&#39;Brien &#34;Learning&#34;`,
			`&lt;b&gt;bold&lt;/b&gt;`, `Hall &lt;1&gt;, N7 6PA (1 mile away)`, "1 December 2026, 10am", "6 places left", "From £25"},
		absent: []string{"<script>", "<b>"},
	}, {
		name:     "online, no session, places not limited",
		item:     finder.Item{ID: "x", Title: "T", Online: true, DistanceMiles: -1, Cost: "Free"},
		contains: []string{">Online</dd>", ">None planned</dd>", ">Not limited</dd>"},
		absent:   []string{"away"},
	}, {
		name:     "full",
		item:     finder.Item{ID: "x", Title: "T", Online: true, PlacesLimited: true, PlacesLeft: 0, DistanceMiles: 3},
		contains: []string{">Full</dd>"},
		absent:   []string{"away"},
	}, {
		name:     "one place, no distance without a postcode",
		item:     finder.Item{ID: "x", Title: "T", Venue: "Library", Postcode: "E8 1AA", PlacesLimited: true, PlacesLeft: 1, DistanceMiles: -1},
		contains: []string{">1 place left</dd>", ">Library, E8 1AA</dd>"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := string(resultsHTML([]finder.Item{tc.item}))
			for _, want := range tc.contains {
				if !strings.Contains(got, want) {
					t.Errorf("missing %q in\n%s", want, got)
				}
			}
			for _, bad := range tc.absent {
				if strings.Contains(got, bad) {
					t.Errorf("unexpected %q in\n%s", bad, got)
				}
			}
			if strings.Count(got, "<div") != strings.Count(got, "</div>") || strings.Count(got, "<li") != 1 {
				t.Errorf("unbalanced markup:\n%s", got)
			}
		})
	}
}
