package directory

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"learnwell"
)

// ValidateListing checks a whole listing as a provider submits it (the
// organisation, the course, the venues its runs use and the runs) and
// returns one EINVALID *learnwell.Error carrying every message, or nil.
//
// Field names are the JSON paths of the fields: the course's own are bare
// ("title"), the others are prefixed: "organisation.name",
// "locations[1].postcode", "runs[0].last_session",
// "runs[0].schedule.start_time". Besides each record's own rules it checks
// that the records agree: the course belongs to the organisation, each run's
// venue is among the locations, a run of a course held in person or blended
// has a venue, and a run of an online course has none.
func ValidateListing(org Organisation, course Course, locations []Location, runs []Run, tax *Taxonomies) error {
	var v learnwell.Validation
	org.validate(fields{v: &v, prefix: "organisation."})
	course.validate(fields{v: &v}, tax)
	if org.ID != "" && course.OrganisationID != "" && course.OrganisationID != org.ID {
		v.Add("organisation_id", "Select the organisation that runs the course")
	}
	venues := map[string]bool{}
	for i, l := range locations {
		l.validate(fields{v: &v, prefix: fmt.Sprintf("locations[%d].", i)})
		venues[l.ID] = true
	}
	for i, r := range runs {
		f := fields{v: &v, prefix: fmt.Sprintf("runs[%d].", i)}
		r.validate(f)
		switch {
		case r.LocationID != "" && !venues[r.LocationID]:
			f.add("location_id", "Select a venue from the list")
		case r.Online() && (course.Delivery == InPerson || course.Delivery == Blended):
			f.add("location_id", "Select where the course takes place")
		case !r.Online() && course.Delivery == Online:
			f.add("location_id", "An online course has no venue. Remove the venue or change how the course is delivered")
		}
	}
	return v.Err()
}

// fields adds messages to a Validation, naming each field with a prefix.
type fields struct {
	v      *learnwell.Validation
	prefix string
}

// add records a message for the field.
func (f fields) add(field, message string) { f.v.Add(f.prefix+field, message) }

// text checks a free text field: required (when required is the message to
// give if it is blank) and no longer than max characters.
func (f fields) text(field, value string, max int, required, label string) {
	switch {
	case required != "" && strings.TrimSpace(value) == "":
		f.add(field, required)
	case utf8.RuneCountInString(value) > max:
		f.add(field, fmt.Sprintf("%s must be %d characters or fewer", label, max))
	}
}

// url checks an optional web address.
func (f fields) url(field, value string) {
	if value != "" && !ValidURL(value) {
		f.add(field, "Enter a web address in the correct format, like https://www.example.com")
	}
}

// email checks an optional email address.
func (f fields) email(field, value string) {
	if value != "" && !ValidEmail(value) {
		f.add(field, "Enter an email address in the correct format, like name@example.com")
	}
}

// phone checks an optional phone number.
func (f fields) phone(field, value string) {
	if value != "" && !ValidPhone(value) {
		f.add(field, "Enter a phone number, like 020 7946 0000 or 07700 900 982")
	}
}

// ValidURL reports whether s is an absolute http or https web address with a
// host name that has a dot in it, and no spaces.
func ValidURL(s string) bool {
	if len(s) > 2000 || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return false
	}
	host := u.Hostname()
	return strings.Contains(host, ".") && !strings.HasPrefix(host, ".") && !strings.HasSuffix(host, ".")
}

// ValidEmail reports whether s looks like an email address: something, an @,
// and a domain of dot-separated labels of letters, digits and hyphens ending
// in a top-level domain of two or more letters. It does not check the address
// exists.
func ValidEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>()[],;:\"") {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.Contains(domain, "@") {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' || strings.IndexFunc(l, notLabel) >= 0 {
			return false
		}
	}
	tld := labels[len(labels)-1]
	return len(tld) >= 2 && strings.IndexFunc(tld, func(r rune) bool { return r < 'A' || (r > 'Z' && r < 'a') || r > 'z' }) < 0
}

func notLabel(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
}

// ValidPhone reports whether s is a UK phone number: 10 or 11 digits starting
// with 0, or +44 followed by the number without its 0 (a "(0)" is allowed).
// Spaces, hyphens and brackets between digits are ignored.
func ValidPhone(s string) bool {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')':
		default:
			return false
		}
	}
	n := b.String()
	if rest, ok := strings.CutPrefix(n, "+44"); ok {
		n = "0" + strings.TrimPrefix(rest, "0")
	}
	return strings.HasPrefix(n, "0") && !strings.HasPrefix(n, "00") && (len(n) == 10 || len(n) == 11)
}
