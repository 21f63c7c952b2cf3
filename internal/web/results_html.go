package web

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"learnwell/internal/finder"
)

// resultsHTML renders the finder's list of results. It is Go rather than a
// template because a page shows twenty results and html/template's cost per
// action (a reflective call for each value and each escaper) made them a
// third of the CPU of a page. Every value is escaped here as the template
// would: HTML text with template.HTMLEscapeString, the link's path segment
// with url.PathEscape as well.
func resultsHTML(items []finder.Item) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 1300)
	for _, it := range items {
		writeResult(&b, it)
	}
	return template.HTML(b.String())
}

func writeResult(b *strings.Builder, it finder.Item) {
	esc := func(s string) { b.WriteString(template.HTMLEscapeString(s)) }
	row := func(key string, value func()) {
		b.WriteString(`<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">`)
		b.WriteString(key)
		b.WriteString(`</dt><dd class="nhsuk-summary-list__value">`)
		value()
		b.WriteString("</dd></div>\n")
	}
	b.WriteString(`<li class="lw-result">` + "\n" + `<h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-1"><a href="/courses/`)
	esc(url.PathEscape(it.ID))
	b.WriteString(`">`)
	esc(it.Title)
	b.WriteString(`</a></h3>` + "\n" + `<p class="nhsuk-body-s nhsuk-u-secondary-text-color nhsuk-u-margin-bottom-2">`)
	esc(it.Provider)
	b.WriteString(`</p>` + "\n" + `<p class="nhsuk-body-s nhsuk-u-margin-bottom-2">`)
	esc(it.Summary)
	b.WriteString(`</p>` + "\n" + `<dl class="nhsuk-summary-list nhsuk-summary-list--no-border lw-result__facts">` + "\n")
	row("Next session", func() {
		if it.HasNext {
			esc(it.NextText())
		} else {
			b.WriteString("None planned")
		}
	})
	row("Where", func() {
		if it.Online {
			b.WriteString("Online")
			return
		}
		esc(it.Venue)
		b.WriteString(", ")
		esc(it.Postcode)
		if it.DistanceMiles >= 0 {
			b.WriteString(" (")
			esc(milesText(it.DistanceMiles))
			b.WriteString(" away)")
		}
	})
	row("Cost", func() { esc(it.Cost) })
	row("Places", func() {
		switch {
		case !it.PlacesLimited:
			b.WriteString("Not limited")
		case it.PlacesLeft <= 0:
			b.WriteString("Full")
		case it.PlacesLeft == 1:
			b.WriteString("1 place left")
		default:
			b.WriteString(strconv.Itoa(it.PlacesLeft) + " places left")
		}
	})
	b.WriteString("</dl>\n</li>\n")
}

// appliedHTML renders the summary of the filters applied: an NHS.UK summary
// list (the markup of nhs-summary-list, one Remove action a row) and the
// Clear filters link. Like resultsHTML it is Go, not a template, so that a
// page with filters costs about what one without does; every value is
// escaped as html/template would escape it.
func appliedHTML(rows []appliedFilter, clearHref string) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(160 + len(rows)*400)
	esc := func(s string) { b.WriteString(template.HTMLEscapeString(s)) }
	b.WriteString(`<h3 class="nhsuk-heading-s">Filters applied</h3>` + "\n" + `<dl class="nhsuk-summary-list">` + "\n")
	for _, r := range rows {
		b.WriteString(`<div class="nhsuk-summary-list__row">` + "\n" + `<dt class="nhsuk-summary-list__key">`)
		esc(r.Key)
		b.WriteString(`</dt>` + "\n" + `<dd class="nhsuk-summary-list__value">`)
		esc(r.Value)
		b.WriteString(`</dd>` + "\n" + `<dd class="nhsuk-summary-list__actions">`)
		for _, a := range r.Actions {
			b.WriteString(`<a class="nhsuk-link" href="`)
			esc(a.Href)
			b.WriteString(`">`)
			esc(a.Text)
			b.WriteString(`<span class="nhsuk-u-visually-hidden"> `)
			esc(a.VisuallyHiddenText)
			b.WriteString(`</span></a>`)
		}
		b.WriteString(`</dd>` + "\n" + `</div>` + "\n")
	}
	b.WriteString(`</dl>` + "\n" + `<p><a href="`)
	esc(clearHref)
	b.WriteString(`">Clear filters</a></p>` + "\n")
	return template.HTML(b.String())
}
