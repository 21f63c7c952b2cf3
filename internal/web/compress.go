package web

import (
	"compress/gzip"
	"context"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Compression of pages (docs/adr/0006-compression-and-page-weight.md).
//
// Every response whose type is text (HTML, CSS, JavaScript, JSON, CSV, SVG...)
// goes out compressed with Brotli or gzip, as the request's Accept-Encoding
// prefers, with Vary: Accept-Encoding. It goes out as it is when:
//   - it is an answer to HEAD, or has no body (1xx, 204, 304), or is a range;
//   - its body is shorter than compressMinBytes (compressing saves nothing);
//   - the handler already encoded it (the static files are precompressed);
//   - its type is compressed already (PNG, JPEG, WOFF2, ZIP...);
//   - it may hold a secret (BREACH): any response to a session that holds a
//     person, signed in or part way through signing in, or a secure link's
//     token; and any response whose handler called noCompression.
//
// BREACH needs a secret and text the attacker chooses in one compressed
// response, and the attacker able to send the victim's cookies with many
// requests and see each response's length. learnwell has no CSRF tokens
// (http.CrossOriginProtection refuses cross-site POSTs instead), so anonymous
// pages hold no secret; what a signed-in page holds (people's details,
// authenticator secrets, recovery codes, new API tokens, links) is the
// secret, and SameSite=Lax still sends the cookie with a top-level navigation
// from another site. So nothing personal is compressed, whatever the handler
// remembers to say.

// compressMinBytes is the smallest body worth compressing: below it the
// encoding's own overhead and the CPU cost outweigh what one packet saves.
const compressMinBytes = 1024

// Compression levels for pages made per request: quick, and well ahead of
// gzip's default on size for Brotli. Static files are compressed once, at the
// highest levels (assets.go).
const (
	pageBrotliLevel = 5
	pageGzipLevel   = gzip.DefaultCompression
)

type compressSlotKey struct{}

// compressSlot is what a handler says about its response's compression.
type compressSlot struct{ secret bool }

// noCompression marks the response to r as holding a secret that must not be
// compressed (BREACH): a page that shows a token, a code or a link that an
// attacker could probe for, on a request that is not signed in.
func noCompression(r *http.Request) {
	if s, ok := r.Context().Value(compressSlotKey{}).(*compressSlot); ok {
		s.secret = true
	}
}

// compress compresses responses as the comment at the top of this file says.
// It runs inside withSession, so that it can see who the session holds.
func (s *Server) compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slot := &compressSlot{}
		r = r.WithContext(context.WithValue(r.Context(), compressSlotKey{}, slot))
		cw := &compressWriter{ResponseWriter: w, r: r, secret: func() bool { return slot.secret || s.personalSession(r.Context()) }}
		next.ServeHTTP(cw, r)
		cw.finish() // not deferred: after a panic, recoverer writes the page afresh
	})
}

// personalSession reports whether the request's session holds a person (signed
// in, or between their password and second factor) or a secure link's token.
func (s *Server) personalSession(ctx context.Context) bool {
	if viewerOf(ctx) != nil {
		return true
	}
	if !hasSession(ctx) {
		return false
	}
	for _, k := range []string{keyUser, keyPending, keySetup, keyLink} {
		if s.sessions.Exists(ctx, k) {
			return true
		}
	}
	return false
}

// negotiateEncoding returns the coding to use for an Accept-Encoding header,
// of those available ("br", "gzip"), or "" for none: the one with the highest
// q-value above zero, the earlier in available on a tie. "*" stands for any
// coding the header does not name.
func negotiateEncoding(header string, available ...string) string {
	named := map[string]float64{}
	star := -1.0
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(p, "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
				continue
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				f = 0 // a q-value we cannot read is not an acceptance
			}
			q = f
		}
		if name == "x-gzip" {
			name = "gzip"
		}
		if name == "*" {
			star = q
		} else if _, seen := named[name]; !seen {
			named[name] = q
		}
	}
	best, bestQ := "", 0.0
	for _, enc := range available {
		q, ok := named[enc]
		if !ok {
			q = star
		}
		if q > bestQ {
			best, bestQ = enc, q
		}
	}
	return best
}

// compressibleType reports whether a Content-Type is text that compresses
// well; an empty one is unknown.
func compressibleType(ctype string) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return false
	}
	if strings.HasPrefix(mt, "text/") || strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml") {
		return true
	}
	switch mt {
	case "application/json", "application/javascript", "application/xml", "application/x-ndjson",
		"application/manifest+json", "image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon":
		return true
	}
	return false
}

// addVary adds a field name to Vary unless it is there already.
func addVary(h http.Header, field string) {
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, field) {
				return
			}
		}
	}
	h.Add("Vary", field)
}

var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, pageGzipLevel); return w }}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, pageBrotliLevel) }}
)

// compressWriter holds back the start of a body until it knows whether to
// compress it: the status and headers, then at least compressMinBytes.
type compressWriter struct {
	http.ResponseWriter
	r      *http.Request
	secret func() bool

	status   int    // the status the handler wrote; 0 before
	direct   bool   // writing straight through, uncompressed
	coding   string // the chosen coding, while it may still compress
	buf      []byte // the body held back
	enc      io.WriteCloser
	putBack  func()
	finished bool
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *compressWriter) WriteHeader(code int) {
	if code < 200 { // informational: pass it on, the real status follows
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if w.status != 0 {
		return
	}
	w.status = code
	h := w.Header()
	switch {
	case w.r.Method == http.MethodHead, code == http.StatusNoContent, code == http.StatusNotModified,
		code == http.StatusPartialContent, h.Get("Content-Encoding") != "", h.Get("Content-Range") != "",
		strings.Contains(h.Get("Cache-Control"), "no-transform"):
		w.passThrough()
		return
	case h.Get("Content-Type") != "" && !compressibleType(h.Get("Content-Type")):
		w.passThrough()
		return
	case w.secret():
		w.passThrough()
		return
	}
	if n, err := strconv.Atoi(h.Get("Content-Length")); err == nil && n < compressMinBytes {
		addVary(h, "Accept-Encoding")
		w.passThrough()
		return
	}
	w.coding = negotiateEncoding(w.r.Header.Get("Accept-Encoding"), "br", "gzip")
	if h.Get("Content-Type") != "" {
		addVary(h, "Accept-Encoding")
	}
	if w.coding == "" {
		w.passThrough()
	}
}

// passThrough sends the headers and anything held back, and writes the rest
// of the body as it comes.
func (w *compressWriter) passThrough() {
	w.direct = true
	w.ResponseWriter.WriteHeader(w.status)
	if len(w.buf) > 0 {
		_, _ = w.ResponseWriter.Write(w.buf)
		w.buf = nil
	}
}

func (w *compressWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	switch {
	case w.direct:
		return w.ResponseWriter.Write(b)
	case w.enc != nil:
		return w.enc.Write(b)
	}
	w.buf = append(w.buf, b...)
	if len(w.buf) >= compressMinBytes {
		if err := w.start(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// start begins the compressed body, once the type is known and compressible.
func (w *compressWriter) start() error {
	h := w.Header()
	if h.Get("Content-Type") == "" {
		// Set it now: net/http would otherwise sniff the compressed bytes.
		h.Set("Content-Type", http.DetectContentType(w.buf))
		if !compressibleType(h.Get("Content-Type")) {
			w.passThrough()
			return nil
		}
		addVary(h, "Accept-Encoding")
	}
	h.Set("Content-Encoding", w.coding)
	h.Del("Content-Length")
	w.ResponseWriter.WriteHeader(w.status)
	switch w.coding {
	case "br":
		bw := brotliWriters.Get().(*brotli.Writer)
		bw.Reset(w.ResponseWriter)
		w.enc, w.putBack = bw, func() { bw.Reset(io.Discard); brotliWriters.Put(bw) }
	default:
		gw := gzipWriters.Get().(*gzip.Writer)
		gw.Reset(w.ResponseWriter)
		w.enc, w.putBack = gw, func() { gw.Reset(io.Discard); gzipWriters.Put(gw) }
	}
	buf := w.buf
	w.buf = nil
	_, err := w.enc.Write(buf)
	return err
}

// Flush sends what is held back (compressed if it may be) and flushes.
func (w *compressWriter) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.direct && w.enc == nil {
		if len(w.buf) == 0 {
			w.passThrough() // too little to tell: send it as it is
		} else if err := w.start(); err != nil {
			return
		}
	}
	if f, ok := w.enc.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// finish ends the body: a short one goes out as it is, a compressed one is
// closed.
func (w *compressWriter) finish() {
	if w.finished || w.status == 0 {
		return
	}
	w.finished = true
	switch {
	case w.enc != nil:
		_ = w.enc.Close()
		w.putBack()
	case !w.direct:
		w.passThrough()
	}
}
