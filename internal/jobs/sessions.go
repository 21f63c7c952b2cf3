package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"learnwell/internal/store"
)

// SessionCleanupInterval is how often expired web sessions are removed.
const SessionCleanupInterval = 10 * time.Minute

// DeleteExpiredSessionsArgs is the periodic job that removes web sessions
// past their expiry (expired sessions are never used; this keeps the table small).
type DeleteExpiredSessionsArgs struct{}

// Kind names the job for River.
func (DeleteExpiredSessionsArgs) Kind() string { return "delete_expired_sessions" }

// InsertOpts makes the job unique while one is waiting or running.
func (DeleteExpiredSessionsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: SessionCleanupInterval}}
}

type deleteExpiredSessionsWorker struct {
	river.WorkerDefaults[DeleteExpiredSessionsArgs]
	db  *store.DB
	log *slog.Logger
}

func (w *deleteExpiredSessionsWorker) Work(ctx context.Context, job *river.Job[DeleteExpiredSessionsArgs]) error {
	n, err := w.db.DeleteExpiredSessions(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		w.log.DebugContext(ctx, "removed expired sessions", "count", n)
	}
	return nil
}

// deleteExpiredSessionsJob schedules the cleanup on the leader node.
func deleteExpiredSessionsJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(SessionCleanupInterval), func() (river.JobArgs, *river.InsertOpts) {
		return DeleteExpiredSessionsArgs{}, nil
	}, &river.PeriodicJobOpts{RunOnStart: true, ID: "delete_expired_sessions"})
}
