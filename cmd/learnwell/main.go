// Command learnwell is the one learnwell binary: the web application, its
// background jobs, and the commands that operate it. Run `learnwell help`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"sort"
	"strings"
	"syscall"

	"learnwell"
	"learnwell/internal/config"
	"learnwell/internal/logging"
	"learnwell/internal/store"
)

// command is one subcommand.
type command struct {
	summary string
	usage   string // arguments after the flags, if any
	// flags registers the command's own flags (besides the settings).
	flags func(fs *flag.FlagSet) any
	run   func(ctx context.Context, env *env, opts any, args []string) error
}

// env is what every command gets.
type env struct {
	cfg    *config.Config
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

func commands() map[string]command {
	return map[string]command{
		"serve":   serveCommand(),
		"migrate": migrateCommand(),
		"demo":    demoCommand(),
		"bench":   benchCommand(),
		"import":  importCommand(),
		"audit":   auditCommand(),
		"user":    userCommand(),
		"token":   tokenCommand(),
		"version": versionCommand(),
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// exitUsage is the exit status for a mistake in how the command was called.
const exitUsage = 2

// run runs a command line and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, ok := cmds[args[1]]; ok {
				fs, _ := newFlagSet(args[1], c, stdout)
				fs.SetOutput(stdout)
				fs.Usage()
				return 0
			}
		}
		printHelp(stdout, cmds)
		if len(args) == 0 {
			return exitUsage
		}
		return 0
	}
	name := args[0]
	c, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "learnwell: unknown command %q. Run 'learnwell help' to see the commands.\n", name)
		return exitUsage
	}
	if name == "import" && len(args) > 1 && args[1] == "postcodes" {
		return runImportPostcodes(ctx, args[2:], stdout, stderr, getenv)
	}
	fs, settings := newFlagSet(name, c, stderr)
	opts := any(nil)
	if c.flags != nil {
		opts = c.flags(fs)
	}
	positional, err := parseInterspersed(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	cfg, err := settings.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "learnwell %s: %v\n", name, err)
		return exitUsage
	}
	e := &env{cfg: cfg, stdout: stdout, stderr: stderr, getenv: getenv}
	if err := c.run(ctx, e, opts, positional); err != nil {
		fmt.Fprintf(stderr, "learnwell %s: %s\n", name, describe(err))
		if learnwell.ErrorCode(err) == learnwell.EINVALID {
			return exitUsage
		}
		return 1
	}
	return 0
}

// parseInterspersed parses flags wherever they are among the arguments
// ("import oruk --concurrency 8 URL"), and returns the other arguments in
// order. Everything after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// describe gives the safe message of a learnwell error and the cause of
// anything else: a command's user is its operator.
func describe(err error) string {
	var le *learnwell.Error
	if errors.As(err, &le) && le.Code != learnwell.EINTERNAL {
		msg := le.Message
		for _, f := range le.Fields {
			msg += "\n  " + f.Field + ": " + f.Message
		}
		return msg
	}
	return err.Error()
}

func newFlagSet(name string, c command, out io.Writer) (*flag.FlagSet, *config.Settings) {
	fs := flag.NewFlagSet("learnwell "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	settings := config.Register(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: learnwell %s [flags] %s\n\n%s\n\nFlags (every setting can also come from its environment variable; a flag wins):\n", name, c.usage, c.summary)
		fs.PrintDefaults()
	}
	return fs, settings
}

func printHelp(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "learnwell: social prescribing into adult learning.")
	fmt.Fprintln(w, "\nUsage: learnwell COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'learnwell COMMAND --help' for a command's flags.")
}

// openStore opens and migrates the database in the settings.
func openStore(ctx context.Context, e *env) (*store.DB, error) {
	log := logging.New(e.stderr, e.cfg.LogFormat, e.cfg.LogLevel)
	db, err := store.Open(ctx, e.cfg.DatabaseURL, store.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func migrateCommand() command {
	return command{
		summary: "Create or update the database's tables (learnwell serve also does this at start).",
		run: func(ctx context.Context, e *env, _ any, args []string) error {
			if len(args) > 0 {
				return learnwell.Errorf(learnwell.EINVALID, "migrate takes no arguments (got %q)", strings.Join(args, " "))
			}
			db, err := openStore(ctx, e)
			if err != nil {
				return err
			}
			defer db.Close()
			v, err := db.SchemaVersion(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "The %s database at %s is at schema version %d, with River's job tables.\n", db.Engine(), db.Location(), v)
			return nil
		},
	}
}

func versionCommand() command {
	return command{
		summary: "Print the version of learnwell.",
		run: func(ctx context.Context, e *env, _ any, args []string) error {
			fmt.Fprintf(e.stdout, "learnwell %s (%s, %s/%s)\n", learnwell.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}

// subcommand reads a command's subcommand and the flags after it, as in
// "learnwell audit verify --from 3": args[0] must be one of subs and nothing
// may follow the flags. It returns the subcommand, or "" with the error to
// return: an EINVALID error for bad usage (need says what is missing when
// there is no subcommand), or nil when --help was asked for and printed.
func subcommand(fs *flag.FlagSet, args []string, name, need string, subs ...string) (string, error) {
	if len(args) == 0 || !slices.Contains(subs, args[0]) {
		return "", learnwell.Errorf(learnwell.EINVALID, "%s", need)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", nil
		}
		return "", learnwell.Errorf(learnwell.EINVALID, "%v", err)
	}
	if fs.NArg() > 0 {
		return "", learnwell.Errorf(learnwell.EINVALID, "%s %s takes no further arguments (got %q)", name, args[0], fs.Args())
	}
	return args[0], nil
}
