package config

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
)

// OperatorSettings say who runs this copy of learnwell: the data controller
// named in the privacy notice, and the contact of the accessibility
// statement. serve refuses to start on a real database without a name and an
// email address (RequirePublished); a demo database shows DemoOperator's
// made-up values for those not set.
type OperatorSettings struct {
	Name    string // LEARNWELL_OPERATOR_NAME: the organisation's name
	Email   string // LEARNWELL_OPERATOR_EMAIL: for privacy and accessibility requests
	Phone   string // LEARNWELL_OPERATOR_PHONE: optional
	Address string // LEARNWELL_OPERATOR_ADDRESS: optional, one line, its parts separated by commas
}

// DemoOperator returns the made-up operator a demo database shows: the
// phone number is in the range Ofcom keeps for drama, the email address is
// at example.com and ZZ1 1ZZ is no postcode.
func DemoOperator() OperatorSettings {
	return OperatorSettings{
		Name:    "learnwell demo operations",
		Email:   "privacy@example.com",
		Phone:   "020 7946 0000",
		Address: "1 Example Road, London, ZZ1 1ZZ",
	}
}

// OrDemo returns the settings with DemoOperator's value in every field not
// set, for a demo database.
func (o OperatorSettings) OrDemo() OperatorSettings {
	demo := DemoOperator()
	or := func(v, demo string) string {
		if v == "" {
			return demo
		}
		return v
	}
	return OperatorSettings{Name: or(o.Name, demo.Name), Email: or(o.Email, demo.Email),
		Phone: or(o.Phone, demo.Phone), Address: or(o.Address, demo.Address)}
}

// Published reports whether the operator has said who it is and how to reach
// it: a name and an email address.
func (o OperatorSettings) Published() bool { return o.Name != "" && o.Email != "" }

// RequirePublished returns an error naming the settings to set unless the
// name and email address are set: a real installation's privacy notice must
// name its data controller and how to contact it.
func (o OperatorSettings) RequirePublished() error {
	var missing []string
	if o.Name == "" {
		missing = append(missing, "LEARNWELL_OPERATOR_NAME (--operator-name)")
	}
	if o.Email == "" {
		missing = append(missing, "LEARNWELL_OPERATOR_EMAIL (--operator-email)")
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("the privacy notice and the accessibility statement must say who runs this service and how to contact them: set %s, "+
		"and if you can LEARNWELL_OPERATOR_PHONE and LEARNWELL_OPERATOR_ADDRESS. See docs/operations.md", strings.Join(missing, " and "))
}

// AddressLines returns the address split at its commas, for one line each.
func (o OperatorSettings) AddressLines() []string {
	var out []string
	for _, part := range strings.Split(o.Address, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// normalise trims every field and joins runs of spaces.
func (o *OperatorSettings) normalise() {
	for _, f := range []*string{&o.Name, &o.Email, &o.Phone, &o.Address} {
		*f = strings.Join(strings.Fields(*f), " ")
	}
}

// problems lists what is wrong with the settings given.
func (o OperatorSettings) problems() []string {
	var out []string
	plain := func(flag, v string, max int) bool {
		if len([]rune(v)) > max || strings.IndexFunc(v, unicode.IsControl) >= 0 {
			out = append(out, fmt.Sprintf("--%s must be one line of %d characters or fewer", flag, max))
			return false
		}
		return true
	}
	plain("operator-name", o.Name, 200)
	plain("operator-address", o.Address, 300)
	if plain("operator-email", o.Email, 254) && o.Email != "" {
		if a, err := mail.ParseAddress(o.Email); err != nil || a.Address != o.Email || !strings.Contains(o.Email[strings.LastIndex(o.Email, "@"):], ".") {
			out = append(out, fmt.Sprintf("--operator-email %q must be an email address, like privacy@example.org", o.Email))
		}
	}
	if plain("operator-phone", o.Phone, 30) && o.Phone != "" && !validPhone(o.Phone) {
		out = append(out, fmt.Sprintf("--operator-phone %q must be a phone number of digits, spaces and brackets, like 020 7946 0000 or +44 20 7946 0000", o.Phone))
	}
	return out
}

// validPhone reports whether s looks like a phone number: digits, spaces,
// hyphens and brackets, an optional leading +, and 3 to 15 digits (111 to
// E.164's longest).
func validPhone(s string) bool {
	digits := 0
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == ' ' || c == '-' || c == '(' || c == ')':
		case c == '+' && i == 0:
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 15
}
