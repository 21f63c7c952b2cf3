package web

import (
	"bytes"
	"net/http"
	"sync"

	"learnwell"
)

// Page is what the layout sees. Data is the page's own data.
type Page struct {
	Title   string // the page's heading, used in <title>
	Demo    bool   // show the demo banner
	Path    string // the request path, for navigation
	BaseURL string
	Errors  []learnwell.FieldError // for the error summary
	Err     map[string]string      // the same, by field, for inputs
	Data    any

	Viewer *viewer   // who is signed in, or nil
	Nav    []navLink // the header's links, those the person may use
	Flash  string    // a message from the page before, such as "Invitation sent"
}

// PageTitle is the <title>: "Error: " first when the page shows errors, as the
// NHS service manual asks.
func (p Page) PageTitle() string {
	t := p.Title + " - learnwell"
	if len(p.Errors) > 0 {
		t = "Error: " + t
	}
	return t
}

// render writes a page with the layout. It renders to a buffer first so a
// template failure becomes a clean 500 page, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	s.renderWithErrors(w, r, status, name, title, data, nil)
}

// renderWithErrors is render for a form shown again with its errors.
func (s *Server) renderWithErrors(w http.ResponseWriter, r *http.Request, status int, name, title string, data any, errs []learnwell.FieldError) {
	t, ok := s.pages[name]
	if !ok {
		s.log.ErrorContext(r.Context(), "no such template", "template", name)
		http.Error(w, "Sorry, there is a problem with the service", http.StatusInternalServerError)
		return
	}
	if extra := textErrorsOf(r.Context()); len(extra) > 0 {
		// The page is shown again because its input held unusual text.
		errs = append(append([]learnwell.FieldError(nil), extra...), errs...)
		status = max(status, http.StatusBadRequest)
	}
	page := Page{Title: title, Demo: s.demo, Path: r.URL.Path, BaseURL: s.cfg.BaseURL, Errors: errs, Err: learnwell.FieldMap(errs), Data: data,
		Viewer: viewerOf(r.Context()), Nav: navFor(r)}
	if hasSession(r.Context()) {
		page.Flash = s.sessions.PopString(r.Context(), keyFlash)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", page); err != nil {
		s.log.ErrorContext(r.Context(), "template failed", "template", name, "error", err.Error())
		if name != "error" {
			s.renderError(w, r, learnwell.Internal(err))
			return
		}
		http.Error(w, "Sorry, there is a problem with the service", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderBuffers are the buffers pages render into, reused: a finder page is
// about 70 KB, and growing and zeroing a new buffer for each was a visible
// share of its cost.
var renderBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 128<<10)) }}

func putRenderBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // an unusually large page: let it go rather than keep it
	}
	b.Reset()
	renderBuffers.Put(b)
}
