package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// Assets serves the embedded static files under content-hashed URLs
// (/static/<hash>/<path>) with a long cache lifetime, and the NHS.UK frontend
// images at /assets/images/..., where its CSS expects them.
type Assets struct {
	fsys   fs.FS
	hashes map[string]string // path -> short content hash
}

// NewAssets indexes every file in fsys (rooted at the static directory).
func NewAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{fsys: fsys, hashes: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return a, err
}

// URL returns the content-hashed URL of a static file, such as
// "/static/3fa9c1d2e4b5/nhsuk/nhsuk-frontend.min.css". It panics on an unknown
// file so a broken reference fails when templates first render in tests.
func (a *Assets) URL(name string) string {
	name = strings.TrimPrefix(name, "/")
	h, ok := a.hashes[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + h + "/" + name
}

// ServeStatic serves /static/{hash}/{path...}. A hash that does not match the
// current content still serves the file (a page cached across a deploy keeps
// its styles) but without the immutable cache header.
func (a *Assets) ServeStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("path")
	want, ok := a.hashes[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.PathValue("hash") == want {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	a.serveFile(w, r, name)
}

// ServeNHSImage serves /assets/images/{name}, the paths the NHS.UK frontend CSS uses.
func (a *Assets) ServeNHSImage(w http.ResponseWriter, r *http.Request) {
	name := path.Join("nhsuk/assets/images", path.Clean("/" + r.PathValue("name"))[1:])
	if _, ok := a.hashes[name]; !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	a.serveFile(w, r, name)
}

func (a *Assets) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	b, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(b)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("ETag", `"`+a.hashes[name]+`"`)
	if match := r.Header.Get("If-None-Match"); match == `"`+a.hashes[name]+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(b)
}
