package web

import (
	"slices"
	"strconv"
	"strings"

	"learnwell/internal/account"
)

// The audit page says what happened in plain words. auditActionWords is the
// one table of them: every action code the system writes has a label (for
// the search form) and a sentence (for an entry). A test reads the code for
// every action written anywhere and fails on one without words here.
//
// In a sentence, {name} is the record's name where the viewer may see it
// (or "a user", "another organisation"...), {name's} its possessive, and
// {count} the number of records.

type actionWords struct {
	Label    string // what the search form offers: "Signed in"
	Sentence string // what an entry says, with {name}, {name's} and {count}
}

// Action codes written by pages rather than by the accounts service.
const (
	actionUserViewed  = "user.view" // a user's page was shown
	actionUsersListed = "user.list" // an organisation's users page was shown
)

var auditActionWords = map[string]actionWords{
	string(account.ActionSignedIn):            {"Signed in", "Signed in"},
	string(account.ActionSignInFailed):        {"Failed to sign in", "A sign-in failed"},
	string(account.ActionSignedOutEverywhere): {"Signed a user out everywhere", "Signed {name} out on every device"},
	string(account.ActionPasswordResetAsked):  {"Asked to reset a password", "Asked for a link to reset their password"},
	string(account.ActionPasswordReset):       {"Reset a password with a link", "Reset their password with a link"},
	string(account.ActionPasswordChanged):     {"Changed a password", "Changed their password"},
	string(account.ActionSecondFactorSetUp):   {"Set up an authenticator app", "Set up their authenticator app"},
	string(account.ActionSecondFactorReset):   {"Reset a user's authenticator app", "Reset {name's} authenticator app"},
	string(account.ActionRecoveryCodeUsed):    {"Used a recovery code", "Used a recovery code to sign in"},
	string(account.ActionRecoveryCodesNew):    {"Made new recovery codes", "Made new recovery codes"},
	string(account.ActionUserInvited):         {"Invited a user", "Invited {name}"},
	string(account.ActionUserActivated):       {"Accepted an invitation", "Accepted their invitation and set a password"},
	string(account.ActionRolesChanged):        {"Changed a user's roles", "Changed {name's} roles"},
	string(account.ActionUserDeactivated):     {"Deactivated a user", "Deactivated {name}"},
	string(account.ActionUserReactivated):     {"Reactivated a user", "Reactivated {name}"},
	actionUserViewed:                          {"Viewed a user's details", "Viewed {name's} details"},
	actionUsersListed:                         {"Viewed a list of users", "Viewed the list of users of {name} ({count})"},
	string(account.ActionTokenCreated):        {"Created an API token", "Created an API token"},
	string(account.ActionTokenRevoked):        {"Revoked an API token", "Revoked an API token"},
	string(account.ActionOrganisationCreated): {"Added an organisation", "Added {name}"},
	string(account.ActionOrganisationUpdated): {"Changed an organisation's details", "Changed {name's} details"},
	string(account.ActionAgreementCreated):    {"Drafted a data sharing agreement", "Drafted {name}"},
	string(account.ActionAgreementUpdated):    {"Changed a data sharing agreement", "Changed {name}"},
	string(account.ActionAgreementActivated):  {"Activated a data sharing agreement", "Activated {name}"},
	string(account.ActionAgreementEnded):      {"Ended a data sharing agreement", "Ended {name}"},
}

// auditActionCodes lists the action codes the search form offers, in the
// order of their labels.
func auditActionCodes() []string {
	out := make([]string, 0, len(auditActionWords))
	for code := range auditActionWords {
		out = append(out, code)
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(auditActionWords[a].Label, auditActionWords[b].Label) })
	return out
}

// auditSentence says what an entry did, with the record's name (or a
// description of it) and, for a list, how many records it named. An action
// without words (one written by a newer version) gets a neutral sentence.
func auditSentence(action, name string, count int) string {
	w, ok := auditActionWords[action]
	if !ok {
		return "Did something this version of learnwell has no words for"
	}
	possessive := name + "'s"
	if strings.HasSuffix(name, "s") {
		possessive = name + "'"
	}
	n := "1 record"
	if count != 1 {
		n = strconv.Itoa(count) + " records"
	}
	if action == actionUsersListed {
		n = strings.Replace(n, "record", "user", 1)
	}
	r := strings.NewReplacer("{name's}", possessive, "{name}", name, "{count}", n)
	return r.Replace(w.Sentence)
}

// auditCodeWords turns an entry's further facts into words, where the page
// knows them: a failed sign-in's reason, a sign-in's method, roles.
func auditCodeWords(action string, codes map[string]string) []string {
	var out []string
	switch action {
	case string(account.ActionSignInFailed):
		switch codes["reason"] {
		case "password":
			out = append(out, "The password was wrong.")
		case "unknown":
			out = append(out, "No account has that email address.")
		case "demo-account":
			out = append(out, "A demo account was used outside the demo.")
		case "":
		default:
			out = append(out, "The account is "+strings.ReplaceAll(codes["reason"], "_", " ")+".")
		}
	case string(account.ActionSignedIn):
		if codes["method"] == "recovery-code" {
			out = append(out, "With a recovery code.")
		}
	case string(account.ActionUserInvited):
		if codes["resent"] == "true" {
			out = append(out, "A new invitation was sent.")
		}
		if r := codes["roles"]; r != "" {
			out = append(out, "Roles: "+roleCodeWords(r)+".")
		}
	case string(account.ActionRolesChanged):
		out = append(out, "From "+roleCodeWords(codes["from"])+" to "+roleCodeWords(codes["to"])+".")
	}
	if codes["via"] == "api-token" {
		out = append(out, "Through the API, with an API token.")
	}
	return out
}

// roleCodeWords turns roles as the trail codes them ("link-worker/org-admin")
// into their labels ("link worker and organisation admin").
func roleCodeWords(code string) string {
	if code == "" {
		return "no roles"
	}
	var labels []string
	for _, r := range strings.Split(code, "/") {
		labels = append(labels, strings.ToLower(account.Role(r).Label()))
	}
	if len(labels) == 1 {
		return labels[0]
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " and " + labels[len(labels)-1]
}

// clientWords names a class of user agent.
var clientWords = map[string]string{
	"browser":        "Web browser",
	"mobile_browser": "Phone or tablet browser",
	"api_client":     "A program using the API",
	"bot":            "An automated tool",
	"other":          "Other software",
}

// networkWords describes where a request came from, from the network prefix
// the trail keeps ("192.0.2.0/24" is "a network near 192.0.2.0").
func networkWords(network string) string {
	prefix, _, _ := strings.Cut(network, "/")
	if prefix == "" {
		return ""
	}
	return "from a network near " + prefix
}

// systemWords describes the system acting: a command, a job, the sign-in page.
func systemWords(system string) string {
	kind, _, _ := strings.Cut(system, ":")
	switch kind {
	case "command":
		return "learnwell, in a command run by the operator"
	case "job":
		return "learnwell, in a background job"
	case "web":
		return "Someone who had not signed in"
	}
	return "learnwell"
}
