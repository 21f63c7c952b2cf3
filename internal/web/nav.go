package web

import (
	"html/template"
	"net/http"
	"strings"

	"learnwell/internal/account"
)

// navLink is a link in the header's navigation or on the account page.
type navLink struct {
	Href, Text string
	Current    bool // the link is to this page (aria-current="page")
	Active     bool // this page is within the link's section (aria-current="true")
}

// navFor lists the header's links for the request: the public pages, and
// for someone signed in the pages their roles let them use, so nobody is
// offered a page that would refuse them. The header holds only what people
// come back to every day; what is set up once and left (API tokens) is on
// the account page instead, from accountLinks.
func navFor(r *http.Request) []navLink {
	links := []navLink{{Href: "/", Text: "Home"}, {Href: "/courses", Text: "Find a course"}}
	if v := viewerOf(r.Context()); v != nil && v.TokenID == "" {
		links = append(links, roleLinks(v.Actor)...)
	} else {
		links = append(links, navLink{Href: "/about-the-data", Text: "About the data"})
	}
	markCurrent(links, r.URL.Path)
	return links
}

// roleLinks are the pages of the header that the actor's roles open.
func roleLinks(a account.Actor) []navLink {
	var links []navLink
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
	return links
}

// accountLinks lists what the signed-in person can do, for the account
// page: the header's pages of their roles, and their API tokens.
func accountLinks(r *http.Request) []navLink {
	v := viewerOf(r.Context())
	if v == nil {
		return nil
	}
	links := roleLinks(v.Actor)
	if account.Allow(v.Actor, account.ManageTokens, account.TokenOf(v.Actor.UserID, v.Actor.OrgID)) {
		links = append(links, navLink{Href: "/account/tokens", Text: "API tokens"})
	}
	return links
}

// markCurrent marks the link to this path as current and, failing that, the
// link with the longest path that this one is within as active.
func markCurrent(links []navLink, path string) {
	best := -1
	for i, l := range links {
		if path == l.Href {
			links[i].Current = true
			return
		}
		if l.Href != "/" && strings.HasPrefix(path, l.Href+"/") && (best < 0 || len(l.Href) > len(links[best].Href)) {
			best = i
		}
	}
	if best >= 0 {
		links[best].Active = true
	}
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
// credentials are published (README) and work only in a demo database. The
// key is one long word: it may break anywhere, or a phone would scroll
// sideways to show it.
func demoSignInHelp() template.HTML {
	return template.HTML(`<p>This is a demonstration. Sign in as <strong>link.worker@example.com</strong>, or another demo account listed in learnwell's README, with the password <strong>` +
		template.HTMLEscapeString(account.DemoPassword) + `</strong>. Then enter the code from an authenticator app set up with the key <strong class="lw-break-anywhere">` +
		template.HTMLEscapeString(account.DemoTOTPSecret) + `</strong>.</p>`)
}
