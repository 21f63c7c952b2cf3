package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestNegotiateEncoding(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"x-gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br, zstd", "br"}, // Chromium's: Brotli on a tie
		{"br;q=0.5, gzip", "gzip"},
		{"br;q=1.0, gzip;q=0.8", "br"},
		{"gzip;q=0, br;q=0", ""},
		{"GZIP;Q=0.3", "gzip"},
		{"*", "br"},
		{"*;q=0.5, gzip;q=0.7", "gzip"},
		{"*, br;q=0", "gzip"},
		{"br;q=nonsense, gzip;q=0.1", "gzip"},
		{"br;q=2, gzip", "gzip"}, // a q-value out of range is not an acceptance
		{"deflate", ""},
		{" gzip ; q=0.9 , br ; q=0.8 ", "gzip"},
	}
	for _, tt := range tests {
		if got := negotiateEncoding(tt.header, "br", "gzip"); got != tt.want {
			t.Errorf("negotiateEncoding(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
	if got := negotiateEncoding("br, gzip;q=0.5", "gzip"); got != "gzip" {
		t.Errorf("with only gzip available = %q, want gzip", got)
	}
}

// page is a body long enough to compress.
var page = "<!DOCTYPE html><title>t</title>" + strings.Repeat("<p>Find a course near you.</p>\n", 200)

// serveThrough runs handler behind the compression middleware.
func serveThrough(t *testing.T, handler http.HandlerFunc, method, acceptEncoding string) *httptest.ResponseRecorder {
	t.Helper()
	h := (&Server{}).compress(handler)
	req := httptest.NewRequest(method, "/", nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decode(t *testing.T, coding string, b []byte) string {
	t.Helper()
	var r io.Reader
	switch coding {
	case "":
		return string(b)
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("not gzip: %v", err)
		}
		r = zr
	default:
		t.Fatalf("unknown coding %q", coding)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", coding, err)
	}
	return string(out)
}

func htmlHandler(body string, status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		// In pieces, as templates write.
		for i := 0; i < len(body); i += 100 {
			_, _ = io.WriteString(w, body[i:min(i+100, len(body))])
		}
	}
}

func TestCompressPages(t *testing.T) {
	tests := []struct {
		name, method, accept string
		handler              http.HandlerFunc
		wantCoding           string
		wantVary             bool
		wantBody             string
	}{
		{"brotli", "GET", "gzip, deflate, br", htmlHandler(page, 200), "br", true, page},
		{"gzip", "GET", "gzip", htmlHandler(page, 200), "gzip", true, page},
		{"none accepted", "GET", "", htmlHandler(page, 200), "", true, page},
		{"refused by q=0", "GET", "br;q=0, gzip;q=0", htmlHandler(page, 200), "", true, page},
		{"an error page too", "GET", "br", htmlHandler(page, 404), "br", true, page},
		{"small body", "GET", "br", htmlHandler("<p>Hello</p>", 200), "", true, "<p>Hello</p>"},
		// A handler writes its body for HEAD too; net/http drops it.
		{"HEAD", "HEAD", "br", htmlHandler(page, 200), "", false, page},
		{"304", "GET", "br", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/css")
			w.WriteHeader(http.StatusNotModified)
		}, "", false, ""},
		{"already compressed type", "GET", "br", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			_, _ = io.WriteString(w, page)
		}, "", false, page},
		{"already encoded", "GET", "br", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/css")
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = io.WriteString(w, page)
		}, "gzip", false, page},
		{"no type: sniffed as HTML before compressing", "GET", "gzip", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, page)
		}, "gzip", true, page},
		{"the handler opts out", "GET", "br", func(w http.ResponseWriter, r *http.Request) {
			noCompression(r)
			htmlHandler(page, 200)(w, r)
		}, "", false, page},
		{"JSON", "GET", "br", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/problem+json")
			_, _ = io.WriteString(w, `{"detail":"`+strings.Repeat("x", 2000)+`"}`)
		}, "br", true, `{"detail":"` + strings.Repeat("x", 2000) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serveThrough(t, tt.handler, tt.method, tt.accept)
			coding := rec.Header().Get("Content-Encoding")
			if coding != tt.wantCoding {
				t.Errorf("Content-Encoding = %q, want %q", coding, tt.wantCoding)
			}
			if vary := strings.Join(rec.Header().Values("Vary"), ","); strings.Contains(vary, "Accept-Encoding") != tt.wantVary {
				t.Errorf("Vary = %q, want Accept-Encoding: %v", vary, tt.wantVary)
			}
			if tt.name == "already encoded" {
				coding = "" // the handler's own bytes, passed on untouched
			}
			if got := decode(t, coding, rec.Body.Bytes()); got != tt.wantBody {
				t.Errorf("body (decoded) is %d bytes, want %d", len(got), len(tt.wantBody))
			}
			if coding != "" && rec.Header().Get("Content-Length") != "" {
				t.Errorf("a compressed body kept Content-Length %s", rec.Header().Get("Content-Length"))
			}
			if coding != "" && rec.Body.Len() >= len(tt.wantBody)/2 {
				t.Errorf("compressed to %d bytes from %d", rec.Body.Len(), len(tt.wantBody))
			}
			if tt.name == "no type: sniffed as HTML before compressing" && !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				t.Errorf("Content-Type = %q, want text/html", rec.Header().Get("Content-Type"))
			}
		})
	}
}

// TestCompressFlush checks a flushed response still arrives whole.
func TestCompressFlush(t *testing.T) {
	rec := serveThrough(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, page[:500])
		http.NewResponseController(w).Flush()
		_, _ = io.WriteString(w, page[500:])
	}, "GET", "gzip")
	if got := decode(t, rec.Header().Get("Content-Encoding"), rec.Body.Bytes()); got != page {
		t.Errorf("flushed body arrived as %d bytes, want %d", len(got), len(page))
	}
	if !rec.Flushed {
		t.Error("Flush did not reach the real writer")
	}
}

// TestPrecompressedAssetsAreCurrent checks that every NAME.br and NAME.gz
// among the static files is NAME compressed, and that every large text file
// has both: run `go generate ./internal/web` after changing a static file.
func TestPrecompressedAssetsAreCurrent(t *testing.T) {
	fsys := StaticFS()
	have := map[string]bool{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		orig, ok := encodedFormOf(p)
		if !ok {
			return nil
		}
		have[p] = true
		want, err := fs.ReadFile(fsys, orig)
		if err != nil {
			t.Errorf("%s has no %s beside it: run go generate ./internal/web", p, orig)
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		coding := "gzip"
		if strings.HasSuffix(p, ".br") {
			coding = "br"
		}
		if decode(t, coding, b) != string(want) {
			t.Errorf("%s is not %s compressed: run go generate ./internal/web", p, orig)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if _, ok := encodedFormOf(p); ok {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() >= precompressedMinBytes && compressibleType(mime.TypeByExtension(path.Ext(p))) {
			for _, ext := range []string{".br", ".gz"} {
				if !have[p+ext] {
					t.Errorf("%s has no %s: run go generate ./internal/web", p, p+ext)
				}
			}
		}
		return nil
	})
}
