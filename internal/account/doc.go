// Package account holds the rules of learnwell's trust layer, as plain Go
// with no I/O: organisations and their kinds, users and their roles, the one
// access policy (Allow, with its table in Policy), password rules and hashing
// (argon2id), the second factor (TOTP, RFC 6238) and recovery codes, sign-in
// lockout, secure links, API tokens and data sharing agreements.
//
// The store (internal/store/account*.go) keeps what these types describe; the
// accounts service (internal/accounts) applies these rules to the store for
// the web pages, the API and the commands. See docs/accounts.md.
package account

import "learnwell"

// merge adds the per-field messages of err, if any, to v.
func merge(v *learnwell.Validation, err error) {
	for _, f := range learnwell.ErrorFields(err) {
		v.Add(f.Field, f.Message)
	}
}
