package web

//go:generate go run ../../scripts/precompress.go static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// Assets serves the embedded static files under content-hashed URLs
// (/static/<hash>/<path>) with a long cache lifetime, and the NHS.UK frontend
// images at /assets/images/..., where its CSS expects them.
//
// Text files go out compressed as the request's Accept-Encoding prefers
// (docs/adr/0006-compression-and-page-weight.md). The large ones have their
// Brotli and gzip forms committed beside them (NAME.br, NAME.gz, made at the
// highest levels by scripts/precompress.go through go generate, and checked
// current by a test); the small ones are compressed here, once, at start.
type Assets struct {
	files map[string]*asset // path -> the file and its encodings
}

// asset is one static file with its compressed forms (nil where compressing
// does not pay).
type asset struct {
	body   []byte
	hash   string // short content hash of body: its URL and ETag
	ctype  string
	br, gz []byte
}

// precompressedMinBytes is the size from which a text file's compressed forms
// are made at build (scripts/precompress.go) rather than at start: the
// vendored NHS.UK CSS takes about 2 s at Brotli's highest level.
const precompressedMinBytes = 4096

// Levels for the files compressed at start (small: well under a millisecond).
const startBrotliLevel, startGzipLevel = 9, gzip.BestCompression

// NewAssets indexes every file in fsys (rooted at the static directory); a
// NAME.br or NAME.gz beside NAME is NAME's compressed form, not a file of its own.
func NewAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{files: map[string]*asset{}}
	var encoded []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if orig, ok := encodedFormOf(p); ok {
			if _, err := fs.Stat(fsys, orig); err == nil {
				encoded = append(encoded, p)
				return nil
			}
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = http.DetectContentType(b)
		}
		a.files[p] = &asset{body: b, hash: hex.EncodeToString(sum[:6]), ctype: ctype}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range encoded {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		orig, _ := encodedFormOf(p)
		if strings.HasSuffix(p, ".br") {
			a.files[orig].br = b
		} else {
			a.files[orig].gz = b
		}
	}
	for _, f := range a.files {
		if err := f.compressSmall(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// encodedFormOf returns the file that p is the Brotli or gzip form of.
func encodedFormOf(p string) (string, bool) {
	for _, ext := range []string{".br", ".gz"} {
		if orig, ok := strings.CutSuffix(p, ext); ok {
			return orig, true
		}
	}
	return "", false
}

// compressSmall makes the compressed forms of a small text file that has
// none, keeping each only if it is smaller than the file.
func (f *asset) compressSmall() error {
	if !compressibleType(f.ctype) || len(f.body) >= precompressedMinBytes || len(f.body) < compressMinBytes {
		return nil
	}
	if f.br == nil {
		var b bytes.Buffer
		w := brotli.NewWriterLevel(&b, startBrotliLevel)
		if _, err := w.Write(f.body); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		if b.Len() < len(f.body) {
			f.br = b.Bytes()
		}
	}
	if f.gz == nil {
		var b bytes.Buffer
		w, _ := gzip.NewWriterLevel(&b, startGzipLevel)
		if _, err := w.Write(f.body); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		if b.Len() < len(f.body) {
			f.gz = b.Bytes()
		}
	}
	return nil
}

// URL returns the content-hashed URL of a static file, such as
// "/static/3fa9c1d2e4b5/nhsuk/nhsuk-frontend.min.css". It panics on an unknown
// file so a broken reference fails when templates first render in tests.
func (a *Assets) URL(name string) string {
	name = strings.TrimPrefix(name, "/")
	f, ok := a.files[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + f.hash + "/" + name
}

// ServeStatic serves /static/{hash}/{path...}. A hash that does not match the
// current content still serves the file (a page cached across a deploy keeps
// its styles) but without the immutable cache header.
func (a *Assets) ServeStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("path")
	f, ok := a.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.PathValue("hash") == f.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	f.serve(w, r)
}

// ServeNHSImage serves /assets/images/{name}, the paths the NHS.UK frontend CSS uses.
func (a *Assets) ServeNHSImage(w http.ResponseWriter, r *http.Request) {
	name := path.Join("nhsuk/assets/images", path.Clean("/" + r.PathValue("name"))[1:])
	f, ok := a.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	f.serve(w, r)
}

// serve writes the file in the encoding the request prefers, each encoding
// with an ETag of its own ("HASH", "HASH-br", "HASH-gz"), and answers a
// matching If-None-Match with 304.
func (f *asset) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	body, etag := f.body, `"`+f.hash+`"`
	if f.br != nil || f.gz != nil {
		addVary(h, "Accept-Encoding")
		var available []string
		if f.br != nil {
			available = append(available, "br")
		}
		if f.gz != nil {
			available = append(available, "gzip")
		}
		switch negotiateEncoding(r.Header.Get("Accept-Encoding"), available...) {
		case "br":
			body, etag = f.br, `"`+f.hash+`-br"`
			h.Set("Content-Encoding", "br")
		case "gzip":
			body, etag = f.gz, `"`+f.hash+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", etag)
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// etagMatches reports whether an If-None-Match header names etag or is "*",
// comparing weakly as RFC 9110 says for If-None-Match.
func etagMatches(header, etag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
