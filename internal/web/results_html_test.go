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

func TestAppliedHTML(t *testing.T) {
	if got := appliedHTML(nil, "/courses?q="); got != "" {
		t.Errorf("no filters: %q", got)
	}
	rows := []appliedFilter{
		{Key: "Subject <1>", Value: `Arts & "crafts"`, Actions: []summaryAction{{Href: "/courses?free=1&q=a%3Cb", Text: "Remove", VisuallyHiddenText: "the filter <x>"}}},
		{Key: "Cost", Value: "Only free courses", Actions: []summaryAction{{Href: "/courses?q=", Text: "Remove", VisuallyHiddenText: "the filter Cost: Only free courses"}}},
	}
	got := string(appliedHTML(rows, "/courses?q=a&postcode=N7"))
	for _, want := range []string{
		`<dt class="nhsuk-summary-list__key">Subject &lt;1&gt;</dt>`, `<dd class="nhsuk-summary-list__value">Arts &amp; &#34;crafts&#34;</dd>`,
		`<a class="nhsuk-link" href="/courses?free=1&amp;q=a%3Cb">Remove<span class="nhsuk-u-visually-hidden"> the filter &lt;x&gt;</span></a>`,
		`<a href="/courses?q=a&amp;postcode=N7">Clear filters</a>`, "Filters applied",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Count(got, "<div") != 2 || strings.Count(got, "</div>") != 2 || strings.Contains(got, "<x>") {
		t.Errorf("markup:\n%s", got)
	}
}
