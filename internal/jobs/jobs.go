// Package jobs runs learnwell's background work on River, on either engine:
// sending outbox messages with retries and backoff, and periodic upkeep. Jobs
// live in the database, so they survive a restart, and River lets several app
// nodes share them safely (periodic jobs run on the elected leader only).
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"learnwell"
	"learnwell/internal/logging"
	"learnwell/internal/notify"
	"learnwell/internal/store"
)

// Options configure the Runner.
type Options struct {
	DB        *store.DB
	Transport notify.Transport
	Logger    *slog.Logger
	// Workers is how many jobs run at once on this node, per queue.
	Workers int
	// PollInterval is how often idle workers look for new jobs (default 1s).
	PollInterval time.Duration
	// Retry decides when a failed job runs again; default Backoff.
	Retry river.ClientRetryPolicy
	// MessageRetention is how long sent messages keep their text (default 30 days).
	MessageRetention time.Duration
	// PasswordResets works "Forgot your password?" requests (the accounts
	// service); nil leaves them waiting, for runners that only send messages.
	PasswordResets PasswordResetSender
}

// PasswordResetSender looks up the address of a password reset request and
// sends its email: internal/accounts' Service.
type PasswordResetSender interface {
	SendPasswordReset(ctx context.Context, args store.PasswordResetArgs) error
}

// Runner is the River client with learnwell's workers.
type Runner struct {
	client *river.Client[*sql.Tx]
	log    *slog.Logger
}

// New builds the runner. It does not start working until Start.
func New(opts Options) (*Runner, error) {
	if opts.DB == nil || opts.Transport == nil {
		return nil, errors.New("jobs: DB and Transport are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	if opts.Retry == nil {
		opts.Retry = Backoff{Base: 10 * time.Second, Max: time.Hour}
	}
	if opts.MessageRetention <= 0 {
		opts.MessageRetention = 30 * 24 * time.Hour
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &sendMessageWorker{db: opts.DB, transport: opts.Transport, log: opts.Logger})
	river.AddWorker(workers, &redactMessagesWorker{db: opts.DB, retention: opts.MessageRetention, log: opts.Logger})
	river.AddWorker(workers, &deleteExpiredSessionsWorker{db: opts.DB, log: opts.Logger})
	if opts.PasswordResets != nil {
		river.AddWorker(workers, &passwordResetWorker{sender: opts.PasswordResets})
	}

	cfg := &river.Config{
		Queues: map[string]river.QueueConfig{
			river.QueueDefault:  {MaxWorkers: opts.Workers},
			store.QueueMessages: {MaxWorkers: opts.Workers},
		},
		Workers:           workers,
		PollOnly:          true, // database/sql drivers have no LISTEN; polling works on both engines
		FetchPollInterval: opts.PollInterval,
		FetchCooldown:     min(opts.PollInterval, 100*time.Millisecond),
		JobTimeout:        2 * time.Minute,
		RetryPolicy:       opts.Retry,
		Logger:            logging.AtLeast(opts.Logger.With("component", "river"), slog.LevelWarn),
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour), func() (river.JobArgs, *river.InsertOpts) {
				return RedactMessagesArgs{}, nil
			}, &river.PeriodicJobOpts{RunOnStart: true, ID: "redact_messages"}),
			deleteExpiredSessionsJob(),
		},
	}
	var client *river.Client[*sql.Tx]
	var err error
	if opts.DB.Engine() == store.SQLite {
		client, err = river.NewClient(riversqlite.New(opts.DB.SQL()), cfg)
	} else {
		client, err = river.NewClient(riverdatabasesql.New(opts.DB.SQL()), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Runner{client: client, log: opts.Logger}, nil
}

// Start begins working jobs in the background.
func (r *Runner) Start(ctx context.Context) error { return r.client.Start(ctx) }

// Stop waits for running jobs to finish, up to the context's deadline, then
// cancels them; unfinished jobs run again after a restart.
func (r *Runner) Stop(ctx context.Context) error { return r.client.Stop(ctx) }

// Client returns the River client, for tests and for inserting jobs.
func (r *Runner) Client() *river.Client[*sql.Tx] { return r.client }

// Backoff is an exponential retry policy with jitter: Base, 2×Base, 4×Base...
// capped at Max.
type Backoff struct {
	Base, Max time.Duration
}

// NextRetry returns when the job should run again.
func (b Backoff) NextRetry(job *rivertype.JobRow) time.Time {
	d := b.Base
	for i := 1; i < job.Attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	if d > 0 {
		d = d/2 + rand.N(d/2+1) // jitter: between half and all of d
	}
	return time.Now().Add(d)
}

// sendMessageWorker sends one outbox message.
type sendMessageWorker struct {
	river.WorkerDefaults[store.SendMessageArgs]
	db        *store.DB
	transport notify.Transport
	log       *slog.Logger
}

// Work sends the message once. It is safe to run twice: a message already
// sent, kept or failed is left alone. A permanent failure cancels the job; a
// temporary one returns the error so River retries with backoff.
func (w *sendMessageWorker) Work(ctx context.Context, job *river.Job[store.SendMessageArgs]) error {
	id := job.Args.MessageID
	m, done, err := w.db.BeginMessageAttempt(ctx, id)
	if learnwell.ErrorCode(err) == learnwell.ENOTFOUND {
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	if done {
		return nil
	}
	receipt, err := w.transport.Send(ctx, notify.Message{
		ID: m.ID, Channel: notify.Channel(m.Channel), To: m.Recipient, Subject: m.Subject, Body: m.Body, DedupKey: m.DedupKey,
	})
	// Logs carry the message id and transport, never the recipient or the text.
	log := w.log.With("message_id", m.ID, "transport", w.transport.Name(), "attempt", job.Attempt)
	if err != nil {
		permanent := notify.IsPermanent(err)
		final := permanent || job.Attempt >= job.MaxAttempts
		reason := learnwell.ErrorMessage(err)
		if markErr := w.db.MarkMessageFailed(ctx, m.ID, w.transport.Name(), reason, final); markErr != nil {
			return markErr
		}
		// The transports' errors carry status codes and the provider's reason,
		// never the recipient or the text, so operators get the whole error.
		log = log.With("error", err.Error())
		if permanent {
			log.WarnContext(ctx, "message failed permanently")
			return river.JobCancel(fmt.Errorf("permanent failure: %s", reason))
		}
		log.InfoContext(ctx, "message send failed, will retry", "final", final)
		return fmt.Errorf("temporary failure: %s", reason)
	}
	if err := w.db.MarkMessageSent(ctx, m.ID, receipt.Transport, receipt.Reference, receipt.Kept); err != nil {
		return err
	}
	log.InfoContext(ctx, "message sent", "kept", receipt.Kept)
	return nil
}

// passwordResetWorker works a "Forgot your password?" request. Run twice, it
// sends at most what the service's limit of 3 an hour allows.
type passwordResetWorker struct {
	river.WorkerDefaults[store.PasswordResetArgs]
	sender PasswordResetSender
}

// Work looks the address up and sends the email, if it has an account.
func (w *passwordResetWorker) Work(ctx context.Context, job *river.Job[store.PasswordResetArgs]) error {
	return w.sender.SendPasswordReset(ctx, job.Args)
}

// RedactMessagesArgs is the periodic job that removes the text of old messages.
type RedactMessagesArgs struct{}

// Kind names the job for River.
func (RedactMessagesArgs) Kind() string { return "redact_messages" }

// InsertOpts makes the job unique while one is waiting or running.
func (RedactMessagesArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Hour}}
}

type redactMessagesWorker struct {
	river.WorkerDefaults[RedactMessagesArgs]
	db        *store.DB
	retention time.Duration
	log       *slog.Logger
}

func (w *redactMessagesWorker) Work(ctx context.Context, job *river.Job[RedactMessagesArgs]) error {
	n, err := w.db.RedactOldMessages(ctx, w.db.Clock().Now().Add(-w.retention))
	if err != nil {
		return err
	}
	if n > 0 {
		w.log.InfoContext(ctx, "removed the text of old messages", "count", n)
	}
	return nil
}
