package web

import (
	"html/template"
	"strings"

	"learnwell/internal/config"
)

// operatorContact is who runs this service and how to reach them, as the
// privacy notice and the accessibility statement show it: the settings, or
// for a demo database made-up values where they are not set.
type operatorContact struct {
	config.OperatorSettings
	Published    bool     // the name and email are known; else the pages say they are not published
	AddressLines []string // one line each
	Tel          template.URL
}

func newOperatorContact(o config.OperatorSettings, demo bool) operatorContact {
	if demo {
		o = o.OrDemo()
	}
	c := operatorContact{OperatorSettings: o, Published: o.Published(), AddressLines: o.AddressLines()}
	if o.Phone != "" {
		// Only a leading + and digits: config checked the number has
		// nothing else but spaces, hyphens and brackets.
		tel := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r == '+' {
				return r
			}
			return -1
		}, o.Phone)
		c.Tel = template.URL("tel:" + tel)
	}
	return c
}
