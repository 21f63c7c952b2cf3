package main

import (
	"context"
	"flag"
	"fmt"

	"learnwell"
	"learnwell/internal/account"
)

type tokenOptions struct {
	fs      *flag.FlagSet // to read the flags given after "create"
	email   string
	name    string
	expires string
}

func tokenCommand() command {
	return command{
		summary: "Create an API token: learnwell token create --email EMAIL prints a token for that user's integrations, once.",
		usage:   "create --email EMAIL [--name NAME] [--expires 90d]",
		flags: func(fs *flag.FlagSet) any {
			o := &tokenOptions{fs: fs}
			fs.StringVar(&o.email, "email", "", "the email address of the user the token acts as (an active user)")
			fs.StringVar(&o.name, "name", "Created with learnwell token create", "what the token is for, like the system that will use it")
			fs.StringVar(&o.expires, "expires", "90d", "how long the token lasts: days like 90d (1d to 366d), or hours like 720h")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*tokenOptions)
			if sub, err := subcommand(o.fs, args, "token", "token needs what to do: learnwell token create --email EMAIL [--name NAME] [--expires 90d]", "create"); sub == "" {
				return err
			}
			if o.email == "" {
				return learnwell.Errorf(learnwell.EINVALID, "Give the email address of the user the token acts as: --email EMAIL")
			}
			ttl, err := account.ParseTokenLifetime(o.expires)
			if err != nil {
				return err
			}
			db, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer db.Close()
			svc, err := accountService(ctx, e, db)
			if err != nil {
				return err
			}
			plain, t, err := svc.CreateTokenFor(ctx, o.email, o.name, ttl, "command:token-create")
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Created the API token %q for %s, expiring on %s. It is shown only now: keep it secret, and send it as\nAuthorization: Bearer TOKEN\n\n%s\n",
				t.Name, o.email, t.ExpiresAt.In(learnwell.London).Format("2 January 2006 at 15:04 MST"), plain)
			return nil
		},
	}
}
