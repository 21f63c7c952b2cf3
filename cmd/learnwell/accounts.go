package main

import (
	"context"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
	"learnwell/internal/secret"
	"learnwell/internal/store"
)

// dataKeys returns the keyring that seals data at rest: the demo's public key
// for a demo database, else the --data-key setting, which a real database
// must have. serve calls it at start, so a real installation without a key
// refuses to start.
func dataKeys(ctx context.Context, e *env, db *store.DB) (*secret.Keyring, error) {
	demo, err := db.IsDemo(ctx)
	if err != nil {
		return nil, err
	}
	if demo {
		return secret.DemoKeyring(), nil
	}
	keys, err := secret.ParseKeys(e.cfg.DataKey)
	if err != nil {
		return nil, learnwell.Wrap(err, learnwell.EINVALID, "--data-key: "+err.Error())
	}
	if keys == nil {
		return nil, learnwell.Errorf(learnwell.EINVALID, "learnwell needs a data key to encrypt sensitive data at rest. "+
			"Set LEARNWELL_DATA_KEY (or LEARNWELL_DATA_KEY_FILE, or --data-key) to 32 random bytes in base64, made with: openssl rand -base64 32. "+
			"Give every app node the same key, keep it secret, and back it up apart from the database: without it the data cannot be read. See docs/accounts.md.")
	}
	return keys, nil
}

// accountService returns the trust layer's service for the database and the
// settings: the web pages and the API use the same.
func accountService(ctx context.Context, e *env, db *store.DB) (*accounts.Service, error) {
	keys, err := dataKeys(ctx, e, db)
	if err != nil {
		return nil, err
	}
	p := e.cfg.Passwords
	hasher, err := account.NewHasher(p.HashParams(), p.Concurrency, p.Wait)
	if err != nil {
		return nil, learnwell.Wrap(err, learnwell.EINVALID, err.Error())
	}
	return accounts.New(accounts.Options{DB: db, Hasher: hasher, Keys: keys, BaseURL: e.cfg.BaseURL, Audit: accounts.Trail})
}
