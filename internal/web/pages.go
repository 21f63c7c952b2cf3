package web

import (
	"net/http"
	"strconv"

	"learnwell"
	"learnwell/internal/store"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "home", "Learning for wellbeing", nil)
	return nil
}

// staticPage serves a page whose content is all in its template and the
// settings: its data is who runs the service (operatorContact).
func (s *Server) staticPage(name, title string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		s.render(w, r, http.StatusOK, name, title, s.operator)
		return nil
	}
}

// outboxPage is the data of the demo outbox page.
type outboxPage struct {
	Messages   []store.OutboxMessage
	Total      int
	Page       int
	Pages      int
	Status     string
	StatusList []string
}

// outbox shows the messages the "outbox only" transport kept, in demo
// databases only: there, every recipient is fictional.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request) error {
	if !s.demo {
		return errNotFound
	}
	const perPage = 25
	page := 1
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			return learnwell.Errorf(learnwell.EINVALID, "The page number must be a whole number of 1 or more.")
		}
		page = n
	}
	status := r.URL.Query().Get("status")
	switch status {
	case "", store.MessagePending, store.MessageSent, store.MessageKept, store.MessageFailed:
	default:
		return learnwell.Errorf(learnwell.EINVALID, "Choose a status from the list.")
	}
	msgs, total, err := s.db.FindMessages(r.Context(), store.MessageFilter{Status: status, Limit: perPage, Offset: (page - 1) * perPage})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "outbox", "Outbox", outboxPage{
		Messages: msgs, Total: total, Page: page, Pages: (total + perPage - 1) / perPage, Status: status,
		StatusList: []string{store.MessagePending, store.MessageSent, store.MessageKept, store.MessageFailed},
	})
	return nil
}

// healthz says the process is alive. It does not touch the database.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
	return nil
}

// readyz says the database answers and is migrated, so the node can take traffic.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.db.Ready(r.Context()); err != nil {
		WriteProblem(w, r, learnwell.Wrap(err, learnwell.EUNAVAILABLE, learnwell.ErrorMessage(err)))
		return nil
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ready"}` + "\n"))
	return nil
}
