package web

import (
	"net/http"
	"strconv"

	"learnwell"
	"learnwell/internal/account"
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
	Messages   []outboxRow
	Total      int
	Page       int
	Pages      int
	Status     string
	StatusList []option
	// Everyone says the page shows every message, not only those to the
	// viewer's organisation's users.
	Everyone bool
}

// outboxRow is one message as the outbox page shows it: in words, with its
// secure links removed.
type outboxRow struct {
	Created, Sent          string
	Channel, To            string
	Subject, Body, Problem string
	Status, Colour         string
}

// messageStatuses are the outbox statuses in words and tag colours, in the
// order of the page's filter.
var messageStatuses = []struct{ Code, Text, Colour string }{
	{store.MessagePending, "Waiting to send", "grey"},
	{store.MessageKept, "Kept here, not sent", "blue"},
	{store.MessageSent, "Sent", "green"},
	{store.MessageFailed, "Could not send", "red"},
}

// outboxRowOf writes a message for the page. Its secure links are removed
// (account.RemoveLinks): whoever reads the outbox is not the recipient, and a
// link followed from here would take the recipient's account.
func outboxRowOf(m store.OutboxMessage) outboxRow {
	row := outboxRow{Created: spokenTime(m.CreatedAt), To: m.Recipient, Subject: account.RemoveLinks(m.Subject),
		Body: account.RemoveLinks(m.Body), Problem: m.LastError, Status: m.Status, Colour: "grey", Channel: "Email"}
	if m.Channel == "sms" {
		row.Channel = "Text message"
	}
	if !m.SentAt.IsZero() {
		row.Sent = spokenTime(m.SentAt)
	}
	for _, st := range messageStatuses {
		if st.Code == m.Status {
			row.Status, row.Colour = st.Text, st.Colour
		}
	}
	return row
}

// outbox shows the messages the "outbox only" transport kept, in demo
// databases only, where every recipient is fictional: to a platform admin
// every message, to an organisation admin those to their organisation's
// users; never their secure links.
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
	data := outboxPage{Page: page, Status: status, Everyone: can(r, account.ViewOutbox, account.AllMessages()),
		StatusList: []option{{Value: "", Text: "All", Checked: status == ""}}}
	known := status == ""
	for _, st := range messageStatuses {
		data.StatusList = append(data.StatusList, option{Value: st.Code, Text: st.Text, Checked: st.Code == status})
		known = known || st.Code == status
	}
	if !known {
		return learnwell.Errorf(learnwell.EINVALID, "Choose a status from the list.")
	}
	f := store.MessageFilter{Status: status, Limit: perPage, Offset: (page - 1) * perPage}
	if !data.Everyone {
		f.OrganisationID = actorOf(r).OrgID
	}
	msgs, total, err := s.db.FindMessages(r.Context(), f)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		data.Messages = append(data.Messages, outboxRowOf(m))
	}
	data.Total, data.Pages = total, (total+perPage-1)/perPage
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "outbox", "Outbox", data)
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
