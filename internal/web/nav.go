package web

import (
	"html/template"
	"net/http"
	"strings"

	"learnwell/internal/account"
)

// navLink is a link in the header's navigation.
type navLink struct {
	Href, Text string
	Current    bool
}

// navFor lists the header's links for the request: the public pages, and
// for someone signed in the pages their roles let them use, so nobody is
// offered a page that would refuse them.
func navFor(r *http.Request) []navLink {
	links := []navLink{{Href: "/", Text: "Home"}, {Href: "/courses", Text: "Find a course"}}
	if v := viewerOf(r.Context()); v != nil && v.TokenID == "" {
		a := v.Actor
		if account.Allow(a, account.ViewUsers, account.UsersOf(a.OrgID)) {
			links = append(links, navLink{Href: "/organisations/" + a.OrgID + "/users", Text: "Users"})
		}
		if account.Allow(a, account.ManageOrganisations, account.OrganisationOf("")) {
			links = append(links, navLink{Href: "/organisations", Text: "Organisations"})
		}
		if account.Allow(a, account.ViewAgreements, account.AgreementOf(a.OrgID)) {
			links = append(links, navLink{Href: "/agreements", Text: "Agreements"})
		}
		if account.Allow(a, account.ViewAudit, account.AuditOf(a.OrgID)) {
			links = append(links, navLink{Href: "/audit", Text: "Audit trail"})
		}
		if account.Allow(a, account.ManageTokens, account.TokenOf(a.UserID, a.OrgID)) {
			links = append(links, navLink{Href: "/account/tokens", Text: "API tokens"})
		}
	} else {
		links = append(links, navLink{Href: "/about-the-data", Text: "About the data"})
	}
	best := -1 // the longest link that the path starts with is the current one
	for i, l := range links {
		if r.URL.Path == l.Href || (l.Href != "/" && strings.HasPrefix(r.URL.Path, l.Href+"/")) {
			if best < 0 || len(l.Href) > len(links[best].Href) {
				best = i
			}
		}
	}
	if best >= 0 {
		links[best].Current = true
	}
	return links
}

// roleLabels lists a user's roles for a person.
func roleLabels(roles []account.Role) string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = r.Label()
	}
	return strings.Join(out, ", ")
}

// userStatusText is a user's status for a person.
func userStatusText(st account.UserStatus) string {
	switch st {
	case account.Active:
		return "Active"
	case account.Invited:
		return "Invited: has not set a password yet"
	}
	return "Deactivated"
}

// demoSignInHelp tells a person trying the demo how to sign in. The demo's
// credentials are published (README) and work only in a demo database.
func demoSignInHelp() template.HTML {
	return template.HTML(`<p>This is a demonstration. Sign in as <strong>link.worker@example.com</strong>, or another demo account listed in learnwell's README, with the password <strong>` +
		template.HTMLEscapeString(account.DemoPassword) + `</strong>. Then enter the code from an authenticator app set up with the key <strong>` +
		template.HTMLEscapeString(account.DemoTOTPSecret) + `</strong>.</p>`)
}
