package main

import (
	"context"
	"flag"
	"fmt"

	"learnwell"
	"learnwell/internal/account"
	"learnwell/internal/accounts"
)

type userOptions struct {
	fs      *flag.FlagSet // to read the flags given after "create"
	email   string
	name    string
	orgName string
	roles   string
}

func userCommand() command {
	return command{
		summary: "Create a user: learnwell user create --email E --org-name O --role platform-admin sets up a new installation and prints a one-time link to set the password.",
		usage:   "create --email EMAIL --org-name NAME [--role ROLES] [--name NAME]",
		flags: func(fs *flag.FlagSet) any {
			o := &userOptions{fs: fs}
			fs.StringVar(&o.email, "email", "", "the user's email address")
			fs.StringVar(&o.name, "name", "", "the user's full name (default: the part of the email address before the @)")
			fs.StringVar(&o.orgName, "org-name", "", "their organisation; created as the platform operator if there is none of that name")
			fs.StringVar(&o.roles, "role", string(account.PlatformAdmin), "their roles, separated by commas: platform-admin or org-admin for the platform operator")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*userOptions)
			if sub, err := subcommand(o.fs, args, "user", "user needs what to do: learnwell user create --email EMAIL --org-name NAME [--role platform-admin]", "create"); sub == "" {
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
			r, err := svc.CreateFirstUser(ctx, accounts.Bootstrap{Email: o.email, Name: o.name, OrgName: o.orgName,
				Roles: account.ParseRoles(o.roles)}, "command:user-create")
			if err != nil {
				return err
			}
			made := "the existing organisation"
			if r.OrgCreated {
				made = "a new platform operator organisation"
			}
			fmt.Fprintf(e.stdout, "Created the user %s (%s) in %q, %s.\n", r.User.Email, rolesText(r.User.Roles), r.Organisation.Name, made)
			fmt.Fprintf(e.stdout, "Send them this link to set their password. It works once, expires on %s, and is shown only now:\n\n  %s\n",
				r.Expires.In(learnwell.London).Format("2 January 2006 at 15:04 MST"), r.Link)
			return nil
		},
	}
}

func rolesText(roles []account.Role) string {
	s := ""
	for i, r := range roles {
		if i > 0 {
			s += ", "
		}
		s += string(r)
	}
	return s
}
