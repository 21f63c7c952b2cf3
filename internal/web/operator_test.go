package web_test

import (
	"context"
	"html"
	"strings"
	"testing"

	"learnwell/internal/demo"
)

// The privacy notice and the accessibility statement say who runs the
// service and how to reach them, from the settings.

// placeholders are what the pages said before they had the settings.
var operatorPlaceholders = []string{"should add its name", "add its name and contact details here"}

func mustLack(t testing.TB, what, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("%s has %q", what, u)
		}
	}
}

func TestOperatorSettingsOnPrivacyAndAccessibility(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		c := s.client()
		for _, path := range []string{"/privacy", "/accessibility"} {
			res := c.get(path)
			if res.Code != 200 {
				t.Fatalf("%s: %d", path, res.Code)
			}
			body := html.UnescapeString(res.body) // html/template writes + as &#43;
			mustContain(t, path, body, "Islington Council", `href="mailto:privacy@islington.example.org"`, "privacy@islington.example.org",
				`href="tel:+442075272000"`, "+44 20 7527 2000", "Town Hall<br>Upper Street<br>London<br>N1 2UD")
			mustLack(t, path, res.body, append(operatorPlaceholders, "has not published", "example.com", "020 7946 0000")...)
		}
		mustContain(t, "privacy", c.get("/privacy").body, "Islington Council runs this service. It is the data controller")
	}, "--operator-name", "Islington Council", "--operator-email", "privacy@islington.example.org",
		"--operator-phone", "+44 20 7527 2000", "--operator-address", "Town Hall, Upper Street, London, N1 2UD")
}

func TestOperatorNotSetOnARealDatabase(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		c := s.client()
		for _, path := range []string{"/privacy", "/accessibility"} {
			res := c.get(path)
			mustContain(t, path, res.body, "has not published")
			mustLack(t, path, res.body, append(operatorPlaceholders, "mailto:", "tel:", "learnwell demo operations", "example.com")...)
		}
	})
}

func TestDemoDatabaseShowsMadeUpOperator(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		if _, err := demo.Load(context.Background(), s.db, demo.Options{Seed: 1, Services: 20}); err != nil {
			t.Fatal(err)
		}
		// The server reads whether the database is a demo when it starts.
		s = newSite(t, s.db, s.clock, "--operator-phone", "020 7946 0999")
		c := s.client()
		for _, path := range []string{"/privacy", "/accessibility"} {
			res := c.get(path)
			mustContain(t, path, res.body, "learnwell demo operations", `href="mailto:privacy@example.com"`, "020 7946 0999",
				"1 Example Road<br>London<br>ZZ1 1ZZ")
			mustLack(t, path, res.body, append(operatorPlaceholders, "has not published", "020 7946 0000")...)
		}
	})
}
