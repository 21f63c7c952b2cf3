package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"learnwell/internal/browsertest"
)

// newComponents parses the component partials on their own, with the
// template funcs the pages have.
func newComponents(t testing.TB) *template.Template {
	t.Helper()
	assets, err := NewAssets(StaticFS())
	if err != nil {
		t.Fatal(err)
	}
	ts, err := template.New("t").Funcs(templateFuncs(assets)).ParseFS(templateFS, "templates/components/*.html")
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func renderComponent(t testing.TB, ts *template.Template, name string, args any) string {
	t.Helper()
	var buf bytes.Buffer
	if err := ts.ExecuteTemplate(&buf, name, args); err != nil {
		t.Fatalf("render %s: %v", name, err)
	}
	return buf.String()
}

var (
	spaces    = regexp.MustCompile(`\s+`)
	afterTag  = regexp.MustCompile(`>\s+`)
	beforeTag = regexp.MustCompile(`\s+<`)
)

// normalizeHTML collapses white space and removes it next to tags, so that
// markup compares by its elements, attributes and text, not its indentation.
func normalizeHTML(s string) string {
	s = spaces.ReplaceAllString(s, " ")
	s = afterTag.ReplaceAllString(s, ">")
	s = beforeTag.ReplaceAllString(s, "<")
	return strings.TrimSpace(s)
}

// TestComponentsMatchNHSFrontend renders the partials with the arguments of
// fixtures that ship in nhsuk-frontend 10.6.1
// (dist/nhsuk/components/NAME/fixtures.json) and compares the markup with the
// fixture's html, normalized by normalizeHTML. Attribute order matters.
func TestComponentsMatchNHSFrontend(t *testing.T) {
	ts := newComponents(t)
	tests := []struct {
		fixture  string // component / fixture name in nhsuk-frontend
		template string
		args     map[string]any
		want     string
	}{
		{
			"input / with error message and hint, without heading", "nhs-input",
			map[string]any{
				"Label": "What is your NHS number?",
				"Hint":  template.HTML(`This is a 10 digit number (like <span class="nhsuk-u-nowrap">999 123 4567</span>) that you can find on an NHS letter, prescription or in the NHS App`),
				"Error": "Enter NHS number", "ID": "with-hint-error", "Name": "example",
				"Width": 10, "Code": true, "Inputmode": "numeric", "Spellcheck": "false",
			},
			`<div class="nhsuk-form-group nhsuk-form-group--error"><label class="nhsuk-label" for="with-hint-error">What is your NHS number?</label><div class="nhsuk-hint" id="with-hint-error-hint">This is a 10 digit number (like<span class="nhsuk-u-nowrap">999 123 4567</span>) that you can find on an NHS letter, prescription or in the NHS App</div><span class="nhsuk-error-message" id="with-hint-error-error"><span class="nhsuk-u-visually-hidden">Error:</span>Enter NHS number</span><input class="nhsuk-input nhsuk-input--code nhsuk-input--error nhsuk-input--width-10" id="with-hint-error" name="example" type="text" spellcheck="false" aria-describedby="with-hint-error-hint with-hint-error-error" inputmode="numeric"></div>`,
		},
		{
			"input / default", "nhs-input",
			map[string]any{"Label": "What is your full name?", "LabelSize": "l", "IsPageHeading": true, "Name": "example"},
			`<div class="nhsuk-form-group"><h1 class="nhsuk-label-wrapper"><label class="nhsuk-label nhsuk-label--l" for="example">What is your full name?</label></h1><input class="nhsuk-input" id="example" name="example" type="text"></div>`,
		},
		{
			"textarea / with error message and hint", "nhs-textarea",
			map[string]any{
				"Label": "Can you provide more detail?", "LabelSize": "l", "IsPageHeading": true,
				"Hint":  "Do not include personal information like your name, date of birth or NHS number",
				"Error": "You must provide an explanation", "ID": "with-hint-error", "Name": "example",
			},
			`<div class="nhsuk-form-group nhsuk-form-group--error"><h1 class="nhsuk-label-wrapper"><label class="nhsuk-label nhsuk-label--l" for="with-hint-error">Can you provide more detail?</label></h1><div class="nhsuk-hint" id="with-hint-error-hint">Do not include personal information like your name, date of birth or NHS number</div><span class="nhsuk-error-message" id="with-hint-error-error"><span class="nhsuk-u-visually-hidden">Error:</span>You must provide an explanation</span><textarea class="nhsuk-textarea nhsuk-textarea--error" id="with-hint-error" name="example" rows="5" aria-describedby="with-hint-error-hint with-hint-error-error"></textarea></div>`,
		},
		{
			"radios / with error message and hint", "nhs-radios",
			map[string]any{
				"Legend": "How do you want to be contacted about this?", "LegendSize": "l", "IsPageHeading": true,
				"Hint": "Select 1 option", "Error": "Select how you want to be contacted",
				"IDPrefix": "with-hint-error", "Name": "example",
				"Items": []any{
					map[string]any{"Value": "email", "Text": "Email"},
					map[string]any{"Value": "phone", "Text": "Phone"},
					map[string]any{"Value": "text", "Text": "Text message"},
				},
			},
			`<div class="nhsuk-form-group nhsuk-form-group--error"><fieldset class="nhsuk-fieldset" aria-describedby="with-hint-error-hint with-hint-error-error"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">How do you want to be contacted about this?</h1></legend><div class="nhsuk-hint" id="with-hint-error-hint">Select 1 option</div><span class="nhsuk-error-message" id="with-hint-error-error"><span class="nhsuk-u-visually-hidden">Error:</span>Select how you want to be contacted</span><div class="nhsuk-radios" data-module="nhsuk-radios"><div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="with-hint-error" name="example" type="radio" value="email"><label class="nhsuk-label nhsuk-radios__label" for="with-hint-error">Email</label></div><div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="with-hint-error-2" name="example" type="radio" value="phone"><label class="nhsuk-label nhsuk-radios__label" for="with-hint-error-2">Phone</label></div><div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="with-hint-error-3" name="example" type="radio" value="text"><label class="nhsuk-label nhsuk-radios__label" for="with-hint-error-3">Text message</label></div></div></fieldset></div>`,
		},
		{
			"radios / with hints on items", "nhs-radios",
			map[string]any{
				"Legend": "Do you have a mobile phone with signal?", "LegendSize": "l", "IsPageHeading": true,
				"IDPrefix": "with-hint-item", "Name": "example",
				"Items": []any{
					map[string]any{"Value": "mobile", "Text": "Yes, I have a mobile phone with signal", "Hint": "We will text you a 6 digit security code"},
					map[string]any{"Value": "landline", "Text": "No, I want to use my landline", "Hint": "We will call you to give you a 6 digit security code"},
				},
			},
			`<div class="nhsuk-form-group"><fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">Do you have a mobile phone with signal?</h1></legend><div class="nhsuk-radios" data-module="nhsuk-radios"><div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="with-hint-item" name="example" type="radio" value="mobile" aria-describedby="with-hint-item-item-hint"><label class="nhsuk-label nhsuk-radios__label" for="with-hint-item">Yes, I have a mobile phone with signal</label><div class="nhsuk-hint nhsuk-radios__hint" id="with-hint-item-item-hint">We will text you a 6 digit security code</div></div><div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="with-hint-item-2" name="example" type="radio" value="landline" aria-describedby="with-hint-item-2-item-hint"><label class="nhsuk-label nhsuk-radios__label" for="with-hint-item-2">No, I want to use my landline</label><div class="nhsuk-hint nhsuk-radios__hint" id="with-hint-item-2-item-hint">We will call you to give you a 6 digit security code</div></div></div></fieldset></div>`,
		},
		{
			"checkboxes / with error message and hint", "nhs-checkboxes",
			map[string]any{
				"Legend": "How do you want to be contacted about this?", "LegendSize": "l", "IsPageHeading": true,
				"Hint": "Select all options that are relevant to you", "Error": "Select how you want to be contacted",
				"IDPrefix": "with-hint-error", "Name": "example",
				"Items": []any{
					map[string]any{"Value": "email", "Text": "Email"},
					map[string]any{"Value": "phone", "Text": "Phone"},
					map[string]any{"Value": "text message", "Text": "Text message"},
				},
			},
			`<div class="nhsuk-form-group nhsuk-form-group--error"><fieldset class="nhsuk-fieldset" aria-describedby="with-hint-error-hint with-hint-error-error"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">How do you want to be contacted about this?</h1></legend><div class="nhsuk-hint" id="with-hint-error-hint">Select all options that are relevant to you</div><span class="nhsuk-error-message" id="with-hint-error-error"><span class="nhsuk-u-visually-hidden">Error:</span>Select how you want to be contacted</span><div class="nhsuk-checkboxes" data-module="nhsuk-checkboxes"><div class="nhsuk-checkboxes__item"><input class="nhsuk-checkboxes__input" id="with-hint-error" name="example" type="checkbox" value="email"><label class="nhsuk-label nhsuk-checkboxes__label" for="with-hint-error">Email</label></div><div class="nhsuk-checkboxes__item"><input class="nhsuk-checkboxes__input" id="with-hint-error-2" name="example" type="checkbox" value="phone"><label class="nhsuk-label nhsuk-checkboxes__label" for="with-hint-error-2">Phone</label></div><div class="nhsuk-checkboxes__item"><input class="nhsuk-checkboxes__input" id="with-hint-error-3" name="example" type="checkbox" value="text message"><label class="nhsuk-label nhsuk-checkboxes__label" for="with-hint-error-3">Text message</label></div></div></fieldset></div>`,
		},
		{
			"checkboxes / with hints on items", "nhs-checkboxes",
			map[string]any{
				"Legend": "What medical conditions do you have?", "LegendSize": "l", "IsPageHeading": true,
				"Hint": "Select 1 or more", "IDPrefix": "with-hint-item", "Name": "example",
				"Items": []any{
					map[string]any{"Value": "alzheimers", "Text": "Alzheimer's disease or dementia"},
					map[string]any{"Value": "asthma", "Text": "Asthma"},
					map[string]any{"Value": "cancer", "Text": "Cancer"},
					map[string]any{"Value": "diabetes", "Text": "Diabetes", "Hint": "including type 1, type 2, and gestational diabetes"},
				},
			},
			`<div class="nhsuk-form-group"><fieldset class="nhsuk-fieldset" aria-describedby="with-hint-item-hint"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">What medical conditions do you have?</h1></legend><div class="nhsuk-hint" id="with-hint-item-hint">Select 1 or more</div><div class="nhsuk-checkboxes" data-module="nhsuk-checkboxes"><div class="nhsuk-checkboxes__item"><input class="nhsuk-checkboxes__input" id="with-hint-item" name="example" type="checkbox" value="alzheimers"><label class="nhsuk-label nhsuk-checkboxes__label" for="with-hint-item">Alzheimer&#39;s disease or dementia</label></div><div class="nhsuk-checkboxes__item"><input class="nhsuk-checkboxes__input" id="with-hint-item-2" name="example" type="checkbox" value="asthma"><label class="nhsuk-label nhsuk-checkboxes__label" for="with-hint-item-2">Asthma</label></div><div class="nhsuk-checkboxes__item"><input class="nhsuk-checkboxes__input" id="with-hint-item-3" name="example" type="checkbox" value="cancer"><label class="nhsuk-label nhsuk-checkboxes__label" for="with-hint-item-3">Cancer</label></div><div class="nhsuk-checkboxes__item"><input class="nhsuk-checkboxes__input" id="with-hint-item-4" name="example" type="checkbox" value="diabetes" aria-describedby="with-hint-item-4-item-hint"><label class="nhsuk-label nhsuk-checkboxes__label" for="with-hint-item-4">Diabetes</label><div class="nhsuk-hint nhsuk-checkboxes__hint" id="with-hint-item-4-item-hint">including type 1, type 2, and gestational diabetes</div></div></div></fieldset></div>`,
		},
		{
			"select / with error message and hint", "nhs-select",
			map[string]any{
				"Label": "Choose location", "LabelSize": "l", "IsPageHeading": true,
				"Hint": "This can be different to where you went before", "Error": "Select a location",
				"ID": "with-hint-error", "Name": "example",
				"Items": []any{
					map[string]any{"Value": "choose", "Text": "Choose location"},
					map[string]any{"Value": "eastmidlands", "Text": "East Midlands"},
					map[string]any{"Value": "eastofengland", "Text": "East of England"},
					map[string]any{"Value": "london", "Text": "London"},
					map[string]any{"Value": "northeast", "Text": "North East"},
					map[string]any{"Value": "northwest", "Text": "North West"},
					map[string]any{"Value": "southeast", "Text": "South East"},
					map[string]any{"Value": "southwest", "Text": "South West"},
					map[string]any{"Value": "westmidlands", "Text": "West Midlands"},
					map[string]any{"Value": "yorkshire", "Text": "Yorkshire and the Humber"},
				},
			},
			`<div class="nhsuk-form-group nhsuk-form-group--error"><h1 class="nhsuk-label-wrapper"><label class="nhsuk-label nhsuk-label--l" for="with-hint-error">Choose location</label></h1><div class="nhsuk-hint" id="with-hint-error-hint">This can be different to where you went before</div><span class="nhsuk-error-message" id="with-hint-error-error"><span class="nhsuk-u-visually-hidden">Error:</span>Select a location</span><select class="nhsuk-select nhsuk-select--error" id="with-hint-error" name="example" aria-describedby="with-hint-error-hint with-hint-error-error"><option value="choose">Choose location</option><option value="eastmidlands">East Midlands</option><option value="eastofengland">East of England</option><option value="london">London</option><option value="northeast">North East</option><option value="northwest">North West</option><option value="southeast">South East</option><option value="southwest">South West</option><option value="westmidlands">West Midlands</option><option value="yorkshire">Yorkshire and the Humber</option></select></div>`,
		},
		{
			"select / with selected value", "nhs-select",
			map[string]any{
				"Label": "Sort by", "LabelSize": "l", "IsPageHeading": true, "ID": "with-value", "Name": "example", "Value": "updated",
				"Items": []any{
					map[string]any{"Value": "published", "Text": "Recently published"},
					map[string]any{"Value": "updated", "Text": "Recently updated"},
					map[string]any{"Value": "views", "Text": "Most views"},
					map[string]any{"Value": "comments", "Text": "Most comments"},
				},
			},
			`<div class="nhsuk-form-group"><h1 class="nhsuk-label-wrapper"><label class="nhsuk-label nhsuk-label--l" for="with-value">Sort by</label></h1><select class="nhsuk-select" id="with-value" name="example"><option value="published">Recently published</option><option value="updated" selected>Recently updated</option><option value="views">Most views</option><option value="comments">Most comments</option></select></div>`,
		},
		{
			"date-input / with error message and hint", "nhs-date-input",
			map[string]any{
				"ID": "example", "Legend": "What is your date of birth?", "LegendSize": "l", "IsPageHeading": true,
				"Hint": "For example, 31 3 1980", "Error": "Enter your date of birth",
			},
			`<div class="nhsuk-form-group nhsuk-form-group--error"><fieldset class="nhsuk-fieldset" role="group" aria-describedby="example-hint example-error"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">What is your date of birth?</h1></legend><div class="nhsuk-hint" id="example-hint">For example, 31 3 1980</div><span class="nhsuk-error-message" id="example-error"><span class="nhsuk-u-visually-hidden">Error:</span>Enter your date of birth</span><div class="nhsuk-date-input" id="example"><div class="nhsuk-date-input__item"><div class="nhsuk-form-group nhsuk-form-group--error"><label class="nhsuk-label nhsuk-date-input__label" for="example-day">Day</label><input class="nhsuk-input nhsuk-input--error nhsuk-input--width-2 nhsuk-date-input__input" id="example-day" name="day" type="text" inputmode="numeric"></div></div><div class="nhsuk-date-input__item"><div class="nhsuk-form-group nhsuk-form-group--error"><label class="nhsuk-label nhsuk-date-input__label" for="example-month">Month</label><input class="nhsuk-input nhsuk-input--error nhsuk-input--width-2 nhsuk-date-input__input" id="example-month" name="month" type="text" inputmode="numeric"></div></div><div class="nhsuk-date-input__item"><div class="nhsuk-form-group nhsuk-form-group--error"><label class="nhsuk-label nhsuk-date-input__label" for="example-year">Year</label><input class="nhsuk-input nhsuk-input--error nhsuk-input--width-4 nhsuk-date-input__input" id="example-year" name="year" type="text" inputmode="numeric"></div></div></div></fieldset></div>`,
		},
		{
			"date-input / with error on day input", "nhs-date-input",
			map[string]any{
				"ID": "example", "Legend": "What is your date of birth?", "LegendSize": "l", "IsPageHeading": true,
				"Hint": "For example, 31 3 1980", "Error": "Date of birth must include a day",
				"ErrorItems": []string{"day"}, "Month": "3", "Year": "1980",
			},
			`<div class="nhsuk-form-group nhsuk-form-group--error"><fieldset class="nhsuk-fieldset" role="group" aria-describedby="example-hint example-error"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">What is your date of birth?</h1></legend><div class="nhsuk-hint" id="example-hint">For example, 31 3 1980</div><span class="nhsuk-error-message" id="example-error"><span class="nhsuk-u-visually-hidden">Error:</span>Date of birth must include a day</span><div class="nhsuk-date-input" id="example"><div class="nhsuk-date-input__item"><div class="nhsuk-form-group nhsuk-form-group--error"><label class="nhsuk-label nhsuk-date-input__label" for="example-day">Day</label><input class="nhsuk-input nhsuk-input--error nhsuk-input--width-2 nhsuk-date-input__input" id="example-day" name="day" type="text" inputmode="numeric"></div></div><div class="nhsuk-date-input__item"><div class="nhsuk-form-group"><label class="nhsuk-label nhsuk-date-input__label" for="example-month">Month</label><input class="nhsuk-input nhsuk-input--width-2 nhsuk-date-input__input" id="example-month" name="month" type="text" value="3" inputmode="numeric"></div></div><div class="nhsuk-date-input__item"><div class="nhsuk-form-group"><label class="nhsuk-label nhsuk-date-input__label" for="example-year">Year</label><input class="nhsuk-input nhsuk-input--width-4 nhsuk-date-input__input" id="example-year" name="year" type="text" value="1980" inputmode="numeric"></div></div></div></fieldset></div>`,
		},
		{
			"date-input / with values", "nhs-date-input",
			map[string]any{
				"ID": "example", "Legend": "What is your date of birth?", "LegendSize": "l", "IsPageHeading": true,
				"Hint": "For example, 31 3 1980", "Day": "5", "Month": "8", "Year": "2024",
			},
			`<div class="nhsuk-form-group"><fieldset class="nhsuk-fieldset" role="group" aria-describedby="example-hint"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">What is your date of birth?</h1></legend><div class="nhsuk-hint" id="example-hint">For example, 31 3 1980</div><div class="nhsuk-date-input" id="example"><div class="nhsuk-date-input__item"><div class="nhsuk-form-group"><label class="nhsuk-label nhsuk-date-input__label" for="example-day">Day</label><input class="nhsuk-input nhsuk-input--width-2 nhsuk-date-input__input" id="example-day" name="day" type="text" value="5" inputmode="numeric"></div></div><div class="nhsuk-date-input__item"><div class="nhsuk-form-group"><label class="nhsuk-label nhsuk-date-input__label" for="example-month">Month</label><input class="nhsuk-input nhsuk-input--width-2 nhsuk-date-input__input" id="example-month" name="month" type="text" value="8" inputmode="numeric"></div></div><div class="nhsuk-date-input__item"><div class="nhsuk-form-group"><label class="nhsuk-label nhsuk-date-input__label" for="example-year">Year</label><input class="nhsuk-input nhsuk-input--width-4 nhsuk-date-input__input" id="example-year" name="year" type="text" value="2024" inputmode="numeric"></div></div></div></fieldset></div>`,
		},
		{
			"error-summary / with description as string", "nhs-error-summary",
			map[string]any{
				"Description": "Describe the errors and how to correct them",
				"Errors":      []any{map[string]any{"Field": "example-day", "Message": "Date of birth must be in the past"}},
			},
			`<div class="nhsuk-error-summary" data-module="nhsuk-error-summary"><div role="alert"><h2 class="nhsuk-error-summary__heading">There is a problem</h2><div class="nhsuk-error-summary__body"><p>Describe the errors and how to correct them</p><ul class="nhsuk-list nhsuk-error-summary__list"><li><a href="#example-day">Date of birth must be in the past</a></li></ul></div></div></div>`,
		},
		{
			"summary-list / with multiple actions", "nhs-summary-list",
			map[string]any{"Rows": []any{
				map[string]any{"Key": "Name", "Value": "Karen Francis"},
				map[string]any{"Key": "Date of birth", "Value": "15 March 1984", "Actions": []any{
					map[string]any{"Href": "#/change", "Text": "Change", "VisuallyHiddenText": "date of birth"},
				}},
				map[string]any{"Key": "Contact information", "Value": template.HTML("73 Roman Rd<br>\nLeeds<br>\nLS2 5ZN"), "Actions": []any{
					map[string]any{"Href": "#/change", "Text": "Change", "VisuallyHiddenText": "contact information"},
				}},
				map[string]any{"Key": "Contact details", "Value": template.HTML("<p>07700 900362</p>\n<p>karen.francis@example.com</p>"), "Actions": []any{
					map[string]any{"Href": "#/add", "Text": "Add", "VisuallyHiddenText": "new contact details"},
					map[string]any{"Href": "#/change", "Text": "Change", "VisuallyHiddenText": "contact details"},
				}},
				map[string]any{"Key": "Medicines", "Value": template.HTML("<p>Isotretinoin capsules (Roaccutane)</p>\n<p>Isotretinoin gel (Isotrex)</p>\n<p>Pepto-Bismol (bismuth subsalicylate)</p>"), "Actions": []any{
					map[string]any{"Href": "#/add", "Text": "Add", "VisuallyHiddenText": "new medicine"},
					map[string]any{"Href": "#/change", "Text": "Change", "VisuallyHiddenText": "medicines"},
				}},
			}},
			`<dl class="nhsuk-summary-list"><div class="nhsuk-summary-list__row nhsuk-summary-list__row--no-actions"><dt class="nhsuk-summary-list__key">Name</dt><dd class="nhsuk-summary-list__value">Karen Francis</dd></div><div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Date of birth</dt><dd class="nhsuk-summary-list__value">15 March 1984</dd><dd class="nhsuk-summary-list__actions"><a class="nhsuk-link" href="#/change">Change<span class="nhsuk-u-visually-hidden">date of birth</span></a></dd></div><div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Contact information</dt><dd class="nhsuk-summary-list__value">73 Roman Rd<br>Leeds<br>LS2 5ZN</dd><dd class="nhsuk-summary-list__actions"><a class="nhsuk-link" href="#/change">Change<span class="nhsuk-u-visually-hidden">contact information</span></a></dd></div><div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Contact details</dt><dd class="nhsuk-summary-list__value"><p>07700 900362</p><p>karen.francis@example.com</p></dd><dd class="nhsuk-summary-list__actions"><ul class="nhsuk-summary-list__actions-list"><li class="nhsuk-summary-list__actions-list-item"><a class="nhsuk-link" href="#/add">Add<span class="nhsuk-u-visually-hidden">new contact details</span></a></li><li class="nhsuk-summary-list__actions-list-item"><a class="nhsuk-link" href="#/change">Change<span class="nhsuk-u-visually-hidden">contact details</span></a></li></ul></dd></div><div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Medicines</dt><dd class="nhsuk-summary-list__value"><p>Isotretinoin capsules (Roaccutane)</p><p>Isotretinoin gel (Isotrex)</p><p>Pepto-Bismol (bismuth subsalicylate)</p></dd><dd class="nhsuk-summary-list__actions"><ul class="nhsuk-summary-list__actions-list"><li class="nhsuk-summary-list__actions-list-item"><a class="nhsuk-link" href="#/add">Add<span class="nhsuk-u-visually-hidden">new medicine</span></a></li><li class="nhsuk-summary-list__actions-list-item"><a class="nhsuk-link" href="#/change">Change<span class="nhsuk-u-visually-hidden">medicines</span></a></li></ul></dd></div></dl>`,
		},
		{
			"tables / default", "nhs-table",
			map[string]any{
				"Caption": "Impetigo can look similar to other skin conditions", "CaptionSize": "m", "FirstCellIsHeader": true,
				"Head": []any{"Skin symptoms", "Possible cause"},
				"Rows": []any{
					[]any{"Blisters on lips or around the mouth", "Cold sores"},
					[]any{"Itchy, dry, cracked, sore", "Eczema"},
					[]any{"Itchy blisters", "Shingles, chickenpox"},
				},
			},
			`<table class="nhsuk-table"><caption class="nhsuk-table__caption nhsuk-table__caption--m">Impetigo can look similar to other skin conditions</caption><thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="col">Skin symptoms</th><th class="nhsuk-table__header" scope="col">Possible cause</th></tr></thead><tbody class="nhsuk-table__body"><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="row">Blisters on lips or around the mouth</th><td class="nhsuk-table__cell">Cold sores</td></tr><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="row">Itchy, dry, cracked, sore</th><td class="nhsuk-table__cell">Eczema</td></tr><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="row">Itchy blisters</th><td class="nhsuk-table__cell">Shingles, chickenpox</td></tr></tbody></table>`,
		},
		{
			"tables / default responsive", "nhs-table",
			map[string]any{
				"Caption": "Impetigo can look similar to other skin conditions", "CaptionSize": "m", "FirstCellIsHeader": true, "Responsive": true,
				"Head": []any{"Skin symptoms", "Possible cause"},
				"Rows": []any{
					[]any{"Blisters on lips or around the mouth", "Cold sores"},
					[]any{"Itchy, dry, cracked, sore", "Eczema"},
					[]any{"Itchy blisters", "Shingles, chickenpox"},
				},
			},
			`<table class="nhsuk-table nhsuk-table--responsive" role="table"><caption class="nhsuk-table__caption nhsuk-table__caption--m">Impetigo can look similar to other skin conditions</caption><thead class="nhsuk-table__head" role="rowgroup"><tr class="nhsuk-table__row" role="row"><th class="nhsuk-table__header" scope="col" role="columnheader">Skin symptoms</th><th class="nhsuk-table__header" scope="col" role="columnheader">Possible cause</th></tr></thead><tbody class="nhsuk-table__body"><tr class="nhsuk-table__row" role="row"><th class="nhsuk-table__header" scope="row" role="rowheader"><span class="nhsuk-table__heading" aria-hidden="true">Skin symptoms</span>Blisters on lips or around the mouth</th><td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table__heading" aria-hidden="true">Possible cause</span>Cold sores</td></tr><tr class="nhsuk-table__row" role="row"><th class="nhsuk-table__header" scope="row" role="rowheader"><span class="nhsuk-table__heading" aria-hidden="true">Skin symptoms</span>Itchy, dry, cracked, sore</th><td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table__heading" aria-hidden="true">Possible cause</span>Eczema</td></tr><tr class="nhsuk-table__row" role="row"><th class="nhsuk-table__header" scope="row" role="rowheader"><span class="nhsuk-table__heading" aria-hidden="true">Skin symptoms</span>Itchy blisters</th><td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table__heading" aria-hidden="true">Possible cause</span>Shingles, chickenpox</td></tr></tbody></table>`,
		},
		{
			"pagination / default", "nhs-pagination",
			map[string]any{
				"PreviousHref": "#/section/treatments", "PreviousLabel": "Treatments",
				"NextHref": "#/section/symptoms", "NextLabel": "Symptoms",
			},
			`<nav class="nhsuk-pagination" role="navigation" aria-label="Pagination"><ul class="nhsuk-list nhsuk-pagination__list"><li class="nhsuk-pagination-item--previous"><a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href="#/section/treatments" rel="prev"><span class="nhsuk-pagination__title">Previous<span class="nhsuk-u-visually-hidden">page</span></span><span class="nhsuk-u-visually-hidden">:</span><span class="nhsuk-pagination__page">Treatments</span><svg class="nhsuk-icon nhsuk-icon--arrow-left" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z"/></svg></a></li><li class="nhsuk-pagination-item--next"><a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="#/section/symptoms" rel="next"><span class="nhsuk-pagination__title">Next<span class="nhsuk-u-visually-hidden">page</span></span><span class="nhsuk-u-visually-hidden">:</span><span class="nhsuk-pagination__page">Symptoms</span><svg class="nhsuk-icon nhsuk-icon--arrow-right" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="m14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z"/></svg></a></li></ul></nav>`,
		},
		{
			"pagination / numbered with many pages", "nhs-pagination",
			map[string]any{
				"PreviousHref": "#/section/9", "NextHref": "#/section/11",
				"Items": []any{
					map[string]any{"Number": 1, "Href": "#/section/1"},
					map[string]any{"Ellipsis": true},
					map[string]any{"Number": 8, "Href": "#/section/8"},
					map[string]any{"Number": 9, "Href": "#/section/9"},
					map[string]any{"Number": 10, "Href": "#/section/10", "Current": true},
					map[string]any{"Number": 11, "Href": "#/section/11"},
					map[string]any{"Number": 12, "Href": "#/section/12"},
					map[string]any{"Ellipsis": true},
					map[string]any{"Number": 40, "Href": "#/section/40"},
				},
			},
			`<nav class="nhsuk-pagination nhsuk-pagination--numbered" role="navigation" aria-label="Pagination"><a href="#/section/9" class="nhsuk-pagination__previous" rel="prev"><svg class="nhsuk-icon nhsuk-icon--arrow-left" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z"/></svg><span class="nhsuk-pagination__title">Previous<span class="nhsuk-u-visually-hidden">page</span></span></a><ul class="nhsuk-pagination__list"><li class="nhsuk-pagination__item"><a class="nhsuk-pagination__link" href="#/section/1" aria-label="Page 1">1</a></li><li class="nhsuk-pagination__item nhsuk-pagination__item--ellipsis">&ctdot;</li><li class="nhsuk-pagination__item"><a class="nhsuk-pagination__link" href="#/section/8" aria-label="Page 8">8</a></li><li class="nhsuk-pagination__item"><a class="nhsuk-pagination__link" href="#/section/9" aria-label="Page 9">9</a></li><li class="nhsuk-pagination__item nhsuk-pagination__item--current"><a class="nhsuk-pagination__link" href="#/section/10" aria-label="Page 10" aria-current="page">10</a></li><li class="nhsuk-pagination__item"><a class="nhsuk-pagination__link" href="#/section/11" aria-label="Page 11">11</a></li><li class="nhsuk-pagination__item"><a class="nhsuk-pagination__link" href="#/section/12" aria-label="Page 12">12</a></li><li class="nhsuk-pagination__item nhsuk-pagination__item--ellipsis">&ctdot;</li><li class="nhsuk-pagination__item"><a class="nhsuk-pagination__link" href="#/section/40" aria-label="Page 40">40</a></li></ul><a href="#/section/11" class="nhsuk-pagination__next" rel="next"><span class="nhsuk-pagination__title">Next<span class="nhsuk-u-visually-hidden">page</span></span><svg class="nhsuk-icon nhsuk-icon--arrow-right" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="m14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z"/></svg></a></nav>`,
		},
		{"button / default", "nhs-button", map[string]any{"Text": "Save and continue"}, `<button class="nhsuk-button" data-module="nhsuk-button" type="submit">Save and continue</button>`},
		{"button / secondary", "nhs-button", map[string]any{"Text": "Find my location", "Variant": "secondary"}, `<button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit">Find my location</button>`},
		{"button / reverse as a link", "nhs-button", map[string]any{"Text": "Log out", "Variant": "reverse", "Href": "#"}, `<a class="nhsuk-button nhsuk-button--reverse" data-module="nhsuk-button" href="#" role="button" draggable="false">Log out</a>`},
		{"button / with double click prevented", "nhs-button", map[string]any{"Text": "Save and continue", "PreventDoubleClick": true}, `<button class="nhsuk-button" data-module="nhsuk-button" data-prevent-double-click="true" type="submit">Save and continue</button>`},
		{"back-link / default", "nhs-back-link", map[string]any{"Text": "Back", "Href": "#"}, `<a class="nhsuk-back-link" href="#">Back</a>`},
		{"tag / default", "nhs-tag", map[string]any{"Text": "Active"}, `<strong class="nhsuk-tag">Active</strong>`},
		{
			"inset-text / default", "nhs-inset-text",
			map[string]any{"Text": "You can report any suspected side effect using the Yellow Card safety scheme"},
			`<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information:</span><p>You can report any suspected side effect using the Yellow Card safety scheme</p></div>`,
		},
		{
			"inset-text / with HTML", "nhs-inset-text",
			map[string]any{"HTML": template.HTML(`<p>You can report any suspected side effect using the <a href="#">Yellow Card safety scheme</a>.</p>`)},
			`<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information:</span><p>You can report any suspected side effect using the<a href="#">Yellow Card safety scheme</a>.</p></div>`,
		},
		{
			"warning-callout / default", "nhs-warning-callout",
			map[string]any{"Heading": "Important", "Text": "For safety, tell your doctor or pharmacist if you're taking any other medicines, including herbal medicines, vitamins or supplements."},
			`<div class="nhsuk-card nhsuk-card--warning"><div class="nhsuk-card__content"><h3 class="nhsuk-card__heading">Important</h3><p class="nhsuk-card__description">For safety, tell your doctor or pharmacist if you&#39;re taking any other medicines, including herbal medicines, vitamins or supplements.</p></div></div>`,
		},
		{
			"warning-callout / with custom heading as string", "nhs-warning-callout",
			map[string]any{"Heading": "School, nursery or work", "Text": "Stay away from school, nursery or work until all the spots have crusted over. This is usually 5 days after the spots first appeared."},
			`<div class="nhsuk-card nhsuk-card--warning"><div class="nhsuk-card__content"><h3 class="nhsuk-card__heading"><span role="text"><span class="nhsuk-u-visually-hidden">Important:</span>School, nursery or work</span></h3><p class="nhsuk-card__description">Stay away from school, nursery or work until all the spots have crusted over. This is usually 5 days after the spots first appeared.</p></div></div>`,
		},
		{
			"card / clickable", "nhs-card",
			map[string]any{
				"Href": "#", "Heading": "Introduction to care and support", "HeadingSize": "m", "Clickable": true,
				"Description": "A quick guide for people who have care and support needs and their carers",
			},
			`<div class="nhsuk-card nhsuk-card--clickable"><div class="nhsuk-card__content"><h2 class="nhsuk-card__heading nhsuk-heading-m"><a class="nhsuk-card__link" href="#">Introduction to care and support</a></h2><p class="nhsuk-card__description">A quick guide for people who have care and support needs and their carers</p></div></div>`,
		},
		{
			"card / basic with heading link", "nhs-card",
			map[string]any{
				"Href": "#", "Heading": "Introduction to care and support", "HeadingSize": "m", "HeadingLevel": 3,
				"Description": "A quick guide for people who have care and support needs and their carers",
			},
			`<div class="nhsuk-card"><div class="nhsuk-card__content"><h3 class="nhsuk-card__heading nhsuk-heading-m"><a class="nhsuk-card__link" href="#">Introduction to care and support</a></h3><p class="nhsuk-card__description">A quick guide for people who have care and support needs and their carers</p></div></div>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got := normalizeHTML(renderComponent(t, ts, tt.template, tt.args))
			if got != tt.want {
				t.Errorf("%s differs from nhsuk-frontend\n got: %s\nwant: %s", tt.template, got, tt.want)
			}
		})
	}
}

// componentCase renders a partial and checks for markup that must, and must
// not, be in the output.
type componentCase struct {
	name     string
	template string
	args     map[string]any
	contains []string
	absent   []string
}

// componentCases are the table of TestComponents; TestEveryComponentHasACase
// checks that every partial has a row.
var componentCases = []componentCase{
	{
		name: "label", template: "nhs-label",
		args:     map[string]any{"For": "name", "Text": "Full name", "Size": "m"},
		contains: []string{`<label class="nhsuk-label nhsuk-label--m" for="name">Full name</label>`},
		absent:   []string{"<h1"},
	},
	{
		name: "label as page heading", template: "nhs-label",
		args:     map[string]any{"For": "name", "Text": "Full name", "IsPageHeading": true},
		contains: []string{`<h1 class="nhsuk-label-wrapper">`, `for="name"`},
	},
	{
		name: "hint", template: "nhs-hint",
		args:     map[string]any{"ID": "x-hint", "Text": "<b>bold</b>", "Classes": "nhsuk-radios__hint"},
		contains: []string{`<div class="nhsuk-hint nhsuk-radios__hint" id="x-hint">&lt;b&gt;bold&lt;/b&gt;</div>`},
	},
	{
		name: "error message", template: "nhs-error-message",
		args:     map[string]any{"ID": "x-error", "Text": "Enter a postcode"},
		contains: []string{`<span class="nhsuk-error-message" id="x-error">`, `<span class="nhsuk-u-visually-hidden">Error: </span>Enter a postcode`},
	},
	{
		name: "legend", template: "nhs-legend",
		args:     map[string]any{"Text": "Where do you live?", "Size": "l", "IsPageHeading": true},
		contains: []string{`<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l">`, `<h1 class="nhsuk-fieldset__heading">Where do you live?</h1>`},
	},
	{
		name: "action link", template: "nhs-action-link",
		args:     map[string]any{"Href": "/courses", "Text": "Find a course"},
		contains: []string{`<a class="nhsuk-action-link" href="/courses">`, `<span class="nhsuk-action-link__text">Find a course</span>`, `aria-hidden="true"`},
		absent:   []string{"nhsuk-action-link--reverse"},
	},
	{
		name: "action link reversed", template: "nhs-action-link",
		args:     map[string]any{"Href": "/courses", "Text": "Find a course", "Reverse": true},
		contains: []string{`<a class="nhsuk-action-link nhsuk-action-link--reverse" href="/courses">`},
	},
	{
		name: "input without hint or error", template: "nhs-input",
		args: map[string]any{"Name": "postcode", "Label": "Postcode", "Autocomplete": "postal-code", "Width": 10},
		contains: []string{
			`<div class="nhsuk-form-group">`, `<label class="nhsuk-label" for="postcode">Postcode</label>`,
			`<input class="nhsuk-input nhsuk-input--width-10" id="postcode" name="postcode" type="text" autocomplete="postal-code">`,
		},
		absent: []string{"aria-describedby", "error", "nhsuk-hint", "value=", "list="},
	},
	{
		name: "input with a list of suggestions", template: "nhs-input",
		args:     map[string]any{"Name": "provider", "Label": "Provider", "Autocomplete": "off", "List": "providers"},
		contains: []string{`<input class="nhsuk-input" id="provider" name="provider" type="text" autocomplete="off" list="providers">`},
	},
	{
		name: "input with hint, error and value", template: "nhs-input",
		args: map[string]any{
			"Name": "postcode", "ID": "where-postcode", "Label": "Postcode", "Hint": "For example, SE1 7PB",
			"Error": "Enter a real postcode", "Value": "SE1 7PX", "DescribedBy": "postcode-help", "Type": "text",
		},
		contains: []string{
			`<div class="nhsuk-form-group nhsuk-form-group--error">`,
			`for="where-postcode"`, `id="where-postcode"`, `name="postcode"`, `value="SE1 7PX"`,
			`<div class="nhsuk-hint" id="where-postcode-hint">For example, SE1 7PB</div>`,
			`<span class="nhsuk-error-message" id="where-postcode-error">`,
			`<span class="nhsuk-u-visually-hidden">Error: </span>Enter a real postcode`,
			`class="nhsuk-input nhsuk-input--error"`,
			`aria-describedby="postcode-help where-postcode-hint where-postcode-error"`,
		},
	},
	{
		name: "input escapes user text", template: "nhs-input",
		args: map[string]any{
			"Name": "q", "Label": "<script>alert(1)</script>", "Hint": "<i>x</i>",
			"Error": `Enter "<b>"`, "Value": `"><script>alert(1)</script>`,
		},
		contains: []string{
			`&lt;script&gt;alert(1)&lt;/script&gt;</label>`, `&lt;i&gt;x&lt;/i&gt;`, `Enter &#34;&lt;b&gt;&#34;`,
			`value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`,
		},
		absent: []string{"<script", "<i>", "<b>"},
	},
	{
		name: "input with type, inputmode, prefix and suffix", template: "nhs-input",
		args: map[string]any{
			"Name": "cost", "Label": "Cost", "Type": "number", "Inputmode": "decimal", "Prefix": "£", "Suffix": "per week",
			"Disabled": true, "Classes": "nhsuk-u-width-one-third", "Pattern": "[0-9]*",
		},
		contains: []string{
			`<div class="nhsuk-input-wrapper">`, `<div class="nhsuk-input-wrapper__prefix" aria-hidden="true">£</div>`,
			`<div class="nhsuk-input-wrapper__suffix" aria-hidden="true">per week</div>`,
			`class="nhsuk-input nhsuk-u-width-one-third"`, `type="number" disabled pattern="[0-9]*" inputmode="decimal">`,
		},
	},
	{
		name: "textarea", template: "nhs-textarea",
		args: map[string]any{"Name": "notes", "Label": "Notes", "Value": "</textarea><script>x</script>", "Rows": 8, "Error": "Too long"},
		contains: []string{
			`<textarea class="nhsuk-textarea nhsuk-textarea--error" id="notes" name="notes" rows="8" aria-describedby="notes-error">&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>`,
			`nhsuk-form-group--error`, `for="notes"`,
		},
	},
	{
		name: "textarea default rows", template: "nhs-textarea",
		args:     map[string]any{"Name": "notes", "Label": "Notes", "Hint": "Optional"},
		contains: []string{`rows="5" aria-describedby="notes-hint"`},
		absent:   []string{"error"},
	},
	{
		name: "radios with value, divider and conditional", template: "nhs-radios",
		args: map[string]any{
			"Name": "contact", "Legend": "How should we contact you?", "Value": "email", "Inline": false,
			"Items": []any{
				map[string]any{"Value": "email", "Text": "Email", "Conditional": template.HTML(`<p>email box</p>`)},
				map[string]any{"Value": "phone", "Text": "Phone", "Conditional": template.HTML(`<p>phone box</p>`)},
				map[string]any{"Divider": "or"},
				map[string]any{"Value": "none", "Text": "Do not contact me", "ID": "contact-none"},
			},
		},
		contains: []string{
			`<fieldset class="nhsuk-fieldset">`, `<legend class="nhsuk-fieldset__legend">How should we contact you?</legend>`,
			`id="contact" name="contact" type="radio" value="email" checked data-aria-controls="conditional-contact">`,
			`id="contact-2" name="contact" type="radio" value="phone" data-aria-controls="conditional-contact-2">`,
			`<div class="nhsuk-radios__conditional" id="conditional-contact">`,
			`<div class="nhsuk-radios__conditional nhsuk-radios__conditional--hidden" id="conditional-contact-2">`,
			`<div class="nhsuk-radios__divider">or</div>`, `id="contact-none"`, `for="contact-none"`,
		},
		absent: []string{"aria-describedby", "nhsuk-form-group--error"},
	},
	{
		name: "radios inline and small without a legend", template: "nhs-radios",
		args: map[string]any{
			"Name": "adult", "Inline": true, "Small": true,
			"Items": []any{map[string]any{"Value": "yes", "Text": "Yes", "Checked": true}, map[string]any{"Value": "no", "Text": "No"}},
		},
		contains: []string{`<div class="nhsuk-radios nhsuk-radios--small nhsuk-radios--inline" data-module="nhsuk-radios">`, `value="yes" checked>`},
		absent:   []string{"<fieldset", `value="no" checked`},
	},
	{
		name: "checkboxes with values, exclusive option and item names", template: "nhs-checkboxes",
		args: map[string]any{
			"Name": "help", "Legend": "What help do you need?", "Values": []string{"maths", "english"},
			"Hint": "Select all that apply", "Error": "Select the help you need",
			"Items": []any{
				map[string]any{"Value": "maths", "Text": "Maths"},
				map[string]any{"Value": "english", "Text": "English", "Name": "help-english"},
				map[string]any{"Value": "digital", "Text": "Digital skills"},
				map[string]any{"Divider": "or"},
				map[string]any{"Value": "none", "Text": "None of these", "Behaviour": "exclusive"},
			},
		},
		contains: []string{
			`<fieldset class="nhsuk-fieldset" aria-describedby="help-hint help-error">`,
			`id="help" name="help" type="checkbox" value="maths" checked>`,
			`id="help-2" name="help-english" type="checkbox" value="english" checked>`,
			`id="help-3" name="help" type="checkbox" value="digital">`,
			`<div class="nhsuk-checkboxes__divider">or</div>`,
			`id="help-5" name="help" type="checkbox" value="none" data-behaviour="exclusive">`,
			`nhsuk-form-group nhsuk-form-group--error`,
		},
	},
	{
		name: "checkboxes without a legend describe each item", template: "nhs-checkboxes",
		args: map[string]any{
			"Name": "agree", "Error": "Confirm you agree",
			"Items": []any{map[string]any{"Value": "yes", "Text": "I agree", "Hint": "You can change your mind"}},
		},
		contains: []string{`value="yes" aria-describedby="agree-error agree-item-hint">`, `id="agree-item-hint"`},
		absent:   []string{"<fieldset"},
	},
	{
		name: "select", template: "nhs-select",
		args: map[string]any{
			"Name": "borough", "Label": "Borough", "Hint": "Where you live",
			"Items": []any{
				map[string]any{"Value": "", "Text": "Choose a borough"},
				map[string]any{"Value": "camden", "Text": "Camden", "Selected": true},
				map[string]any{"Value": "hackney", "Text": "Hackney & <Co>", "Disabled": true},
			},
		},
		contains: []string{
			`<select class="nhsuk-select" id="borough" name="borough" aria-describedby="borough-hint">`,
			`<option value="">Choose a borough</option>`, `<option value="camden" selected>Camden</option>`,
			`<option value="hackney" disabled>Hackney &amp; &lt;Co&gt;</option>`,
		},
		absent: []string{"error"},
	},
	{
		name: "date input for a date of birth", template: "nhs-date-input",
		args: map[string]any{
			"ID": "dob", "NamePrefix": "dob", "Legend": "What is your date of birth?", "Autocomplete": "bday",
			"Error": "Date of birth must include a month", "ErrorItems": []string{"month"}, "Day": "31", "Year": "1980",
		},
		contains: []string{
			`<fieldset class="nhsuk-fieldset" role="group" aria-describedby="dob-error">`,
			`<div class="nhsuk-date-input" id="dob">`,
			`<label class="nhsuk-label nhsuk-date-input__label" for="dob-day">Day</label>`,
			`class="nhsuk-input nhsuk-input--width-2 nhsuk-date-input__input" id="dob-day" name="dob[day]" type="text" value="31" autocomplete="bday-day" inputmode="numeric">`,
			`class="nhsuk-input nhsuk-input--error nhsuk-input--width-2 nhsuk-date-input__input" id="dob-month" name="dob[month]" type="text" autocomplete="bday-month" inputmode="numeric">`,
			`class="nhsuk-input nhsuk-input--width-4 nhsuk-date-input__input" id="dob-year" name="dob[year]" type="text" value="1980" autocomplete="bday-year"`,
		},
	},
	{
		name: "date input without errors", template: "nhs-date-input",
		args:     map[string]any{"ID": "start", "Legend": "Start date"},
		contains: []string{`name="day"`, `name="month"`, `name="year"`, `<fieldset class="nhsuk-fieldset" role="group">`},
		absent:   []string{"error", "aria-describedby", "autocomplete"},
	},
	{
		name: "error summary", template: "nhs-error-summary",
		args: map[string]any{"Errors": []any{
			map[string]any{"Field": "postcode", "Message": "Enter a postcode, like SE1 7PB"},
			map[string]any{"Field": "dob-day", "Message": "Date of birth must be in the <past>"},
			map[string]any{"Message": "Something without a field"},
		}},
		contains: []string{
			`<div class="nhsuk-error-summary" data-module="nhsuk-error-summary">`, `<div role="alert">`,
			`<h2 class="nhsuk-error-summary__heading">There is a problem</h2>`,
			`<li><a href="#postcode">Enter a postcode, like SE1 7PB</a></li>`,
			`<li><a href="#dob-day">Date of birth must be in the &lt;past&gt;</a></li>`,
			`<li>Something without a field</li>`,
		},
	},
	{
		name: "error summary with structs and a title", template: "nhs-error-summary",
		args: map[string]any{
			"Title":  "Check your answers",
			"Errors": []struct{ Field, Message string }{{"email", "Enter an email address"}},
		},
		contains: []string{`>Check your answers</h2>`, `<a href="#email">Enter an email address</a>`},
	},
	{
		name: "error summary without errors renders nothing", template: "nhs-error-summary",
		args:   map[string]any{"Errors": []any{}},
		absent: []string{"<"},
	},
	{
		name: "summary list without actions", template: "nhs-summary-list",
		args: map[string]any{"NoBorder": true, "Rows": []any{
			map[string]any{"Key": "Course", "Value": "Cooking on a budget"},
		}},
		contains: []string{
			`<dl class="nhsuk-summary-list nhsuk-summary-list--no-border">`, `<div class="nhsuk-summary-list__row">`,
			`<dt class="nhsuk-summary-list__key">Course</dt>`, `<dd class="nhsuk-summary-list__value">Cooking on a budget</dd>`,
		},
		absent: []string{"actions"},
	},
	{
		name: "table with numeric column and HTML cell", template: "nhs-table",
		args: map[string]any{
			"Caption": "Referrals by month", "Head": []any{"Month", "Referrals"}, "Formats": []any{"", "numeric"},
			"Rows": []any{
				[]any{"October", 12},
				[]any{template.HTML(`<strong class="nhsuk-tag">New</strong>`), "<b>3</b>"},
			},
		},
		contains: []string{
			`<caption class="nhsuk-table__caption">Referrals by month</caption>`,
			`<th class="nhsuk-table__header" scope="col">Month</th>`,
			`<th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Referrals</th>`,
			`<td class="nhsuk-table__cell">October</td>`, `<td class="nhsuk-table__cell nhsuk-table__cell--numeric">12</td>`,
			`<td class="nhsuk-table__cell"><strong class="nhsuk-tag">New</strong></td>`,
			`<td class="nhsuk-table__cell nhsuk-table__cell--numeric">&lt;b&gt;3&lt;/b&gt;</td>`,
		},
		absent: []string{`scope="row"`},
	},
	{
		name: "pagination with only next", template: "nhs-pagination",
		args:     map[string]any{"NextHref": "/courses?page=2"},
		contains: []string{`<li class="nhsuk-pagination-item--next">`, `href="/courses?page=2" rel="next"`, `Next<span class="nhsuk-u-visually-hidden"> page</span>`},
		absent:   []string{"prev", "nhsuk-pagination__page"},
	},
	{
		name: "numbered pagination on the first page", template: "nhs-pagination",
		args: map[string]any{"NextHref": "/courses?page=2", "AriaLabel": "Results pages", "Items": []any{
			map[string]any{"Number": 1, "Href": "/courses?page=1", "Current": true},
			map[string]any{"Number": 2, "Href": "/courses?page=2"},
		}},
		contains: []string{
			`<nav class="nhsuk-pagination nhsuk-pagination--numbered" role="navigation" aria-label="Results pages">`,
			`<a class="nhsuk-pagination__link" href="/courses?page=1" aria-label="Page 1" aria-current="page">1</a>`,
			`<a href="/courses?page=2" class="nhsuk-pagination__next" rel="next">`,
		},
		absent: []string{"nhsuk-pagination__previous"},
	},
	{
		name: "tag with colour", template: "nhs-tag",
		args:     map[string]any{"Text": "Accepted", "Colour": "green"},
		contains: []string{`<strong class="nhsuk-tag nhsuk-tag--green">Accepted</strong>`},
	},
	{
		name: "inset text escapes Text", template: "nhs-inset-text",
		args:     map[string]any{"Text": "<a href=x>x</a>"},
		contains: []string{`<span class="nhsuk-u-visually-hidden">Information: </span>`, `<p>&lt;a href=x&gt;x&lt;/a&gt;</p>`},
	},
	{
		name: "warning callout with default heading", template: "nhs-warning-callout",
		args:     map[string]any{"Text": "Bring your referral letter"},
		contains: []string{`<div class="nhsuk-card nhsuk-card--warning">`, `<h3 class="nhsuk-card__heading">Important</h3>`, `<p class="nhsuk-card__description">Bring your referral letter</p>`},
		absent:   []string{"role="},
	},
	{
		name: "back link default text", template: "nhs-back-link",
		args:     map[string]any{"Href": "/courses?q=art&page=2"},
		contains: []string{`<a class="nhsuk-back-link" href="/courses?q=art&amp;page=2">Back</a>`},
	},
	{
		name: "button with name, value and type", template: "nhs-button",
		args:     map[string]any{"Text": "Save", "Name": "action", "Value": "save", "Type": "submit", "Small": true, "ID": "save", "Disabled": true},
		contains: []string{`<button class="nhsuk-button nhsuk-button--small" id="save" name="action" data-module="nhsuk-button" type="submit" value="save" disabled aria-disabled="true">Save</button>`},
	},
	{
		name: "user icon", template: "nhs-icon-user",
		contains: []string{`<svg class="nhsuk-icon nhsuk-icon--user" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">`},
	},
	{
		name: "button as a link", template: "nhs-button",
		args:     map[string]any{"Text": "Start now", "Href": "/start"},
		contains: []string{`<a class="nhsuk-button" data-module="nhsuk-button" href="/start" role="button" draggable="false">Start now</a>`},
		absent:   []string{"type=", "<button"},
	},
	{
		name: "plain card with image and level 4 heading", template: "nhs-card",
		args: map[string]any{
			"Heading": "Pottery for beginners", "HeadingLevel": "4", "ImgURL": "/img/pot.jpg", "ImgAlt": "",
			"HTML": template.HTML(`<p class="nhsuk-card__description">Tuesdays</p>`), "Variant": "secondary",
		},
		contains: []string{
			`<div class="nhsuk-card nhsuk-card--secondary">`, `<img class="nhsuk-card__img" src="/img/pot.jpg" alt="">`,
			`<h4 class="nhsuk-card__heading">Pottery for beginners</h4>`, `<p class="nhsuk-card__description">Tuesdays</p>`,
		},
		absent: []string{"nhsuk-card__link", "clickable"},
	},
	{
		name: "icons", template: "nhs-icon-arrow-left",
		contains: []string{`<svg class="nhsuk-icon nhsuk-icon--arrow-left"`, `aria-hidden="true"`},
	},
	{
		name: "icon right", template: "nhs-icon-arrow-right",
		contains: []string{`<svg class="nhsuk-icon nhsuk-icon--arrow-right"`, `focusable="false"`},
	},
}

func TestComponents(t *testing.T) {
	ts := newComponents(t)
	for _, tt := range componentCases {
		t.Run(tt.name, func(t *testing.T) {
			got := renderComponent(t, ts, tt.template, tt.args)
			for _, want := range tt.contains {
				if !strings.Contains(got, want) {
					t.Errorf("%s lacks\n  %s\nin\n%s", tt.template, want, got)
				}
			}
			for _, bad := range tt.absent {
				if strings.Contains(got, bad) {
					t.Errorf("%s has %q, which it must not, in\n%s", tt.template, bad, got)
				}
			}
		})
	}
}

// helperTemplates are the parts of partials that take the partial's own
// computed arguments; they are tested through the partial named here.
var helperTemplates = map[string]string{
	"nhs-input-element":       "nhs-input",
	"nhs-radios-inner":        "nhs-radios",
	"nhs-checkboxes-inner":    "nhs-checkboxes",
	"nhs-date-input-item":     "nhs-date-input",
	"nhs-summary-list-action": "nhs-summary-list",
	"nhs-card-heading-text":   "nhs-card",
}

// TestEveryComponentHasACase fails when a partial is added without a test.
func TestEveryComponentHasACase(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range componentCases {
		tested[c.template] = true
	}
	for _, tmpl := range newComponents(t).Templates() {
		name := tmpl.Name()
		if !strings.HasPrefix(name, "nhs-") {
			continue
		}
		if parent, ok := helperTemplates[name]; ok {
			name = parent
		}
		if !tested[name] {
			t.Errorf("component %s has no case in componentCases", tmpl.Name())
		}
	}
}

// TestComponentsAreDocumented checks that each define in the components
// directory starts with a comment (its arguments, for a partial).
func TestComponentsAreDocumented(t *testing.T) {
	defineRE := regexp.MustCompile(`\{\{define "([^"]+)"`)
	documentedRE := regexp.MustCompile(`\{\{define "([^"]+)" -\}\}\n\{\{- /\*`)
	files, err := fs.Glob(templateFS, "templates/components/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no component files (%v)", err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			t.Fatal(err)
		}
		documented := map[string]bool{}
		for _, m := range documentedRE.FindAllStringSubmatch(string(b), -1) {
			documented[m[1]] = true
		}
		for _, m := range defineRE.FindAllStringSubmatch(string(b), -1) {
			if !documented[m[1]] {
				t.Errorf("%s: %s does not start with a comment describing it", f, m[1])
			}
		}
	}
}

// TestNHSAssetsAreServed checks that every image the NHS.UK CSS asks for is
// served at its /assets/images/ path, and that app.js's relative import of
// the NHS.UK module resolves to a JavaScript file.
func TestNHSAssetsAreServed(t *testing.T) {
	assets, err := NewAssets(StaticFS())
	if err != nil {
		t.Fatal(err)
	}
	mux := assetsMux(assets)
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}

	css, err := fs.ReadFile(StaticFS(), "nhsuk/nhsuk-frontend.min.css")
	if err != nil {
		t.Fatal(err)
	}
	urls := regexp.MustCompile(`url\(([^)]*)\)`).FindAllStringSubmatch(string(css), -1)
	var images []string
	for _, m := range urls {
		u := strings.Trim(m[1], `"'`)
		switch {
		case strings.HasPrefix(u, "/assets/images/"):
			images = append(images, u)
		case strings.HasPrefix(u, "https://assets.nhs.uk/fonts/"):
			// Fonts come from the NHS CDN; without it the CSS uses system fonts.
		default:
			t.Errorf("the NHS.UK CSS refers to %s, which nothing serves", u)
		}
	}
	if len(images) == 0 {
		t.Fatal("found no /assets/images/ in the NHS.UK CSS")
	}
	for _, img := range images {
		if rec := get(img); rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/svg+xml" {
			t.Errorf("GET %s: %d %s", img, rec.Code, rec.Header().Get("Content-Type"))
		}
	}

	app, err := url.Parse(assets.URL("js/app.js"))
	if err != nil {
		t.Fatal(err)
	}
	module := app.ResolveReference(&url.URL{Path: "../nhsuk/nhsuk-frontend.min.js"}).Path
	rec := get(module)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") {
		t.Errorf("app.js imports %s: %d %s", module, rec.Code, rec.Header().Get("Content-Type"))
	}
	if !strings.Contains(rec.Body.String(), "initAll") {
		t.Errorf("%s is not the NHS.UK frontend module", module)
	}
}

// assetsMux serves the static files and the NHS.UK images as the server does.
func assetsMux(assets *Assets) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /static/{hash}/{path...}", assets.ServeStatic)
	mux.HandleFunc("GET /assets/images/{name}", assets.ServeNHSImage)
	return mux
}

// componentsPage puts one of each component in a page with the NHS.UK CSS
// and JavaScript, for TestComponentsInBrowser.
const componentsPage = `{{define "page" -}}
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Error: Components – learnwell</title>
  <link rel="stylesheet" href="{{static "nhsuk/nhsuk-frontend.min.css"}}">
  <link rel="icon" href="/assets/images/favicon.svg" type="image/svg+xml">
  <script type="module" src="{{static "js/app.js"}}"></script>
</head>
<body>
<script src="{{static "js/init.js"}}"></script>
<div class="nhsuk-width-container">
  {{template "nhs-back-link" (dict "Href" "/")}}
  <main class="nhsuk-main-wrapper" id="maincontent">
    {{template "nhs-error-summary" (dict "Errors" (list (dict "Field" "postcode" "Message" "Enter a postcode, like SE1 7PB")))}}
    <h1 class="nhsuk-heading-l">Components</h1>
    <form method="post" action="/submit" novalidate>
      {{template "nhs-input" (dict "Name" "postcode" "Label" "Postcode" "Hint" "For example, SE1 7PB" "Error" "Enter a postcode, like SE1 7PB" "Width" 10 "Autocomplete" "postal-code")}}
      {{template "nhs-input" (dict "Name" "cost" "Label" "Most you can pay" "Prefix" "£" "Width" 5 "Inputmode" "numeric")}}
      {{template "nhs-textarea" (dict "Name" "notes" "Label" "Anything else?" "Hint" "Do not include personal information")}}
      {{template "nhs-radios" (dict "Name" "contact" "Legend" "How should we contact you?" "LegendSize" "m" "Hint" "Select one"
        "Items" (list (dict "Value" "email" "Text" "Email" "Conditional" .EmailField) (dict "Value" "phone" "Text" "Phone" "Hint" "Weekdays only") (dict "Divider" "or") (dict "Value" "none" "Text" "Do not contact me")))}}
      {{template "nhs-radios" (dict "Name" "adult" "Legend" "Are you 19 or over?" "Inline" true
        "Items" (list (dict "Value" "yes" "Text" "Yes") (dict "Value" "no" "Text" "No")))}}
      {{template "nhs-checkboxes" (dict "Name" "help" "Legend" "What would you like help with?" "Error" "Select what you would like help with"
        "Items" (list (dict "Value" "maths" "Text" "Maths") (dict "Value" "english" "Text" "English" "Hint" "Reading and writing") (dict "Divider" "or") (dict "Value" "none" "Text" "None of these" "Behaviour" "exclusive")))}}
      {{template "nhs-select" (dict "Name" "borough" "Label" "Borough" "Value" "hackney"
        "Items" (list (dict "Value" "camden" "Text" "Camden") (dict "Value" "hackney" "Text" "Hackney")))}}
      {{template "nhs-date-input" (dict "ID" "dob" "NamePrefix" "dob" "Legend" "What is your date of birth?" "Hint" "For example, 15 3 1984" "Autocomplete" "bday" "Error" "Date of birth must include a year" "ErrorItems" (list "year"))}}
      {{template "nhs-button" (dict "Text" "Continue" "PreventDoubleClick" true)}}
      {{template "nhs-button" (dict "Text" "Save for later" "Variant" "secondary" "Name" "action" "Value" "save")}}
    </form>
    {{template "nhs-summary-list" (dict "Rows" (list
      (dict "Key" "Name" "Value" "Karen Francis" "Actions" (list (dict "Href" "/name" "Text" "Change" "VisuallyHiddenText" "name")))
      (dict "Key" "Course" "Value" "Cooking on a budget")))}}
    {{template "nhs-table" (dict "Caption" "Referrals by month" "Head" (list "Month" "Referrals") "Formats" (list "" "numeric") "FirstCellIsHeader" true
      "Rows" (list (list "October" 12) (list "November" 15)))}}
    {{template "nhs-pagination" (dict "PreviousHref" "/p/1" "PreviousLabel" "Introduction" "NextHref" "/p/3" "NextLabel" "Next steps")}}
    {{template "nhs-pagination" (dict "AriaLabel" "Results pages" "PreviousHref" "/r/1" "NextHref" "/r/3"
      "Items" (list (dict "Number" 1 "Href" "/r/1") (dict "Number" 2 "Href" "/r/2" "Current" true) (dict "Ellipsis" true) (dict "Number" 9 "Href" "/r/9")))}}
    <p>{{template "nhs-tag" (dict "Text" "Accepted" "Colour" "green")}} {{template "nhs-tag" (dict "Text" "Waiting")}}</p>
    {{template "nhs-inset-text" (dict "Text" "Courses are free for people on some benefits.")}}
    {{template "nhs-warning-callout" (dict "Heading" "Before you start" "Text" "Have your referral letter with you.")}}
    {{template "nhs-card" (dict "Heading" "Pottery for beginners" "Href" "/courses/pottery" "Clickable" true "Description" "Tuesdays at 6pm in Camden")}}
    {{template "nhs-card" (dict "Heading" "About this service" "HeadingLevel" 3 "Description" "We help people find adult education courses.")}}
  </main>
</div>
</body>
</html>
{{- end}}`

// TestComponentsInBrowser renders one of each component with the NHS.UK CSS
// and JavaScript in headless Chromium, audits the page with axe-core, and
// checks that the scripts run: init.js marks the body, app.js starts the
// NHS.UK components, and the form posts the field names handlers expect.
func TestComponentsInBrowser(t *testing.T) {
	assets, err := NewAssets(StaticFS())
	if err != nil {
		t.Fatal(err)
	}
	ts := template.Must(newComponents(t).Parse(componentsPage))
	mux := assetsMux(assets)
	// The email question that choosing Email reveals, rendered first as a
	// handler would.
	emailField := template.HTML(renderComponent(t, ts, "nhs-input",
		map[string]any{"Name": "email", "Label": "Email address", "Type": "email", "Autocomplete": "email", "Spellcheck": "false"}))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := ts.ExecuteTemplate(w, "page", map[string]any{"EmailField": emailField}); err != nil {
			t.Errorf("render page: %v", err)
		}
	})
	mux.HandleFunc("POST /submit", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Errorf("parse form: %v", err)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><title>Submitted</title></head><body><main><h1>Submitted</h1><pre id="form">`)
		template.HTMLEscape(w, []byte(r.PostForm.Encode()))
		fmt.Fprint(w, `</pre></main></body></html>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b := browsertest.New(t)
	if status := b.Open(srv.URL + "/"); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if got := browsertest.Eval[string](b, `getComputedStyle(document.documentElement).getPropertyValue('--nhsuk-frontend-version')`); got != `"10.6.1"` {
		t.Errorf("NHS.UK CSS version %s, want \"10.6.1\": is the stylesheet served?", got)
	}
	classes := strings.Fields(browsertest.Eval[string](b, `document.body.className`))
	for _, want := range []string{"js-enabled", "nhsuk-frontend-supported"} {
		if !slices.Contains(classes, want) {
			t.Errorf("body classes %q lack %s: init.js did not run", classes, want)
		}
	}
	// The NHS.UK error summary script focuses the summary when it starts.
	if !browsertest.Eval[bool](b, `document.activeElement.classList.contains('nhsuk-error-summary')`) {
		t.Error("the error summary has no focus: app.js did not start the NHS.UK components")
	}
	b.AssertAccessible(browsertest.NHSConditionalReveal)
	b.AssertNoConsoleErrors()

	// The error summary's link moves focus to the field.
	b.Click(".nhsuk-error-summary a")
	if got := browsertest.Eval[string](b, `document.activeElement.id`); got != "postcode" {
		t.Errorf("after following the error summary link, focus is on %q, want postcode", got)
	}
	// Checking a radio reveals its conditional question (NHS.UK radios script).
	b.Check("#contact")
	if hidden := browsertest.Eval[bool](b, `document.getElementById('conditional-contact').classList.contains('nhsuk-radios__conditional--hidden')`); hidden {
		t.Error("checking Email did not reveal the email address question")
	}

	b.Fill("#postcode", "SE1 7PB")
	b.Fill("#email", "ada@example.com")
	b.Check("#help-2")
	b.Select("#borough", "camden")
	b.Fill("#dob-day", "15")
	b.Fill("#dob-month", "3")
	b.Fill("#dob-year", "1984")
	if status := b.Submit("form"); status != http.StatusOK {
		t.Fatalf("submit: status %d", status)
	}
	got, err := url.ParseQuery(b.Text("#form"))
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{
		"postcode": "SE1 7PB", "contact": "email", "email": "ada@example.com", "help": "english",
		"borough": "camden", "dob[day]": "15", "dob[month]": "3", "dob[year]": "1984",
	} {
		if got.Get(field) != want {
			t.Errorf("posted %s=%q, want %q (form %v)", field, got.Get(field), want, got)
		}
	}
}
