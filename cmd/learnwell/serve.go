package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"learnwell"
	"learnwell/internal/demo"
	"learnwell/internal/finder"
	"learnwell/internal/jobs"
	"learnwell/internal/logging"
	"learnwell/internal/notify"
	"learnwell/internal/store"
	"learnwell/internal/web"
)

type serveOptions struct {
	demo bool
}

func serveCommand() command {
	return command{
		summary: "Run the web application and its background jobs. With --demo, an empty database is first filled with demo data.",
		flags: func(fs *flag.FlagSet) any {
			o := &serveOptions{}
			fs.BoolVar(&o.demo, "demo", false, "load the demo dataset into an empty database (refused if it holds real data), and show the demo banner")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			if len(args) > 0 {
				return learnwell.Errorf(learnwell.EINVALID, "serve takes no arguments (got %q)", args)
			}
			return serve(ctx, e, opts.(*serveOptions))
		},
	}
}

// serve runs until ctx is cancelled (SIGINT or SIGTERM), then shuts down
// gracefully: it stops taking requests, finishes those in flight and the
// running jobs, and closes the database.
func serve(ctx context.Context, e *env, o *serveOptions) error {
	log := logging.New(e.stderr, e.cfg.LogFormat, e.cfg.LogLevel)
	db, err := store.Open(ctx, e.cfg.DatabaseURL, store.Options{Logger: log})
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("migrating the database", "engine", db.Engine(), "database", db.Location().String())
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	if o.demo {
		start := time.Now()
		sum, err := demo.Ensure(ctx, db, demo.Options{Seed: demo.DefaultSeed})
		if err != nil {
			return err
		}
		if sum.Loaded {
			log.Info("loaded the demo dataset", "duration", time.Since(start).Round(time.Millisecond))
		}
	}
	// A real database needs the data key (a demo database has its own).
	keys, err := dataKeys(ctx, e, db)
	if err != nil {
		return err
	}
	// A real database's privacy notice must name who runs it (a demo
	// database shows made-up values).
	if err := operatorPublished(ctx, e, db); err != nil {
		return err
	}
	trust, err := accountService(ctx, e, db)
	if err != nil {
		return err
	}
	transport, err := transportFor(e, o, db, ctx)
	if err != nil {
		return err
	}
	runner, err := jobs.New(jobs.Options{DB: db, Transport: transport, Logger: log, Workers: e.cfg.JobWorkers, MessageRetention: e.cfg.MessageRetention,
		PasswordResets: trust})
	if err != nil {
		return err
	}
	start := time.Now()
	// The built-in taxonomies and those imports added (learnwell import).
	tax, err := db.Taxonomies(ctx)
	if err != nil {
		return err
	}
	courses := finder.New(db, finder.Options{Logger: log, Taxonomies: tax})
	if err := courses.Build(ctx); err != nil {
		return err
	}
	log.Info("built the search index", "courses", courses.Len(), "duration", time.Since(start).Round(time.Millisecond))
	app, err := web.New(ctx, web.Options{DB: db, Config: e.cfg, Logger: log, Finder: courses, Accounts: trust, Keys: keys})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.cfg.Addr)
	if err != nil {
		return learnwell.Wrap(err, learnwell.EUNAVAILABLE, fmt.Sprintf("Cannot listen on %s: %v", e.cfg.Addr, err))
	}
	srv := &http.Server{
		Handler:           app,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if err := runner.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	indexCtx, stopIndex := context.WithCancel(context.WithoutCancel(ctx))
	defer stopIndex()
	go courses.Run(indexCtx, 2*time.Second, 24*time.Hour)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("learnwell is serving", "address", ln.Addr().String(), "base_url", e.cfg.BaseURL, "demo", o.demo, "messages", transport.Name())

	select {
	case err := <-served:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		log.Info("shutting down")
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), e.cfg.ShutdownTimeout)
	defer cancel()
	errHTTP := srv.Shutdown(shutdownCtx)
	errJobs := runner.Stop(shutdownCtx)
	log.Info("stopped")
	return errors.Join(errHTTP, errJobs)
}

// operatorPublished refuses to serve a real database whose operator has not
// said who it is and how to reach it: the public privacy notice and
// accessibility statement would have no one to name.
func operatorPublished(ctx context.Context, e *env, db *store.DB) error {
	isDemo, err := db.IsDemo(ctx)
	if err != nil {
		return err
	}
	if isDemo {
		return nil
	}
	if err := e.cfg.Operator.RequirePublished(); err != nil {
		return learnwell.Errorf(learnwell.EINVALID, "%s", err.Error())
	}
	return nil
}

// transportFor builds the message transport from the settings. A demo database
// only ever keeps messages in the outbox, whatever the settings say.
func transportFor(e *env, o *serveOptions, db *store.DB, ctx context.Context) (notify.Transport, error) {
	isDemo, err := db.IsDemo(ctx)
	if err != nil {
		return nil, err
	}
	if isDemo || o.demo {
		return notify.OutboxOnly{}, nil
	}
	return notify.New(e.cfg.Messages, learnwell.SystemClock{}, &http.Client{Timeout: 15 * time.Second})
}
