//go:build ignore

// precompress writes NAME.br and NAME.gz beside every text file of at least
// 4096 bytes under a directory (the web package's static files), at Brotli's
// and gzip's highest levels, and removes those that are out of place. The web
// package serves them (internal/web/assets.go) and a test checks they are
// current. Run it through go generate, or after scripts/vendor-nhsuk.sh:
//
//	go generate ./internal/web
//	go run scripts/precompress.go internal/web/static
//
// The output depends only on the input, so running it twice changes nothing.
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

// minBytes is internal/web's precompressedMinBytes; smaller files are
// compressed when the server starts.
const minBytes = 4096

// textExts are the extensions of the files worth compressing, as
// internal/web's compressibleType decides for their types.
var textExts = map[string]bool{".css": true, ".js": true, ".mjs": true, ".json": true, ".svg": true,
	".ico": true, ".html": true, ".txt": true, ".xml": true, ".csv": true, ".map": true}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run scripts/precompress.go DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	want := map[string]bool{}
	var stale []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") {
			stale = append(stale, p)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !textExts[strings.ToLower(filepath.Ext(p))] || info.Size() < minBytes {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		br, gz, err := compress(b)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for ext, out := range map[string][]byte{".br": br, ".gz": gz} {
			if len(out) >= len(b) {
				continue // compressing does not pay
			}
			if err := os.WriteFile(p+ext, out, 0o644); err != nil {
				return err
			}
			want[p+ext] = true
			fmt.Printf("%s%s: %d -> %d bytes\n", p, ext, len(b), len(out))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range stale {
		if !want[p] {
			if err := os.Remove(p); err != nil {
				return err
			}
			fmt.Printf("removed %s\n", p)
		}
	}
	return nil
}

// compress returns b at Brotli level 11 and gzip level 9. The gzip header
// carries no name or time, so the output depends only on b.
func compress(b []byte) (br, gz []byte, err error) {
	var bb bytes.Buffer
	bw := brotli.NewWriterLevel(&bb, brotli.BestCompression)
	if _, err := bw.Write(b); err != nil {
		return nil, nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, nil, err
	}
	var gb bytes.Buffer
	gw, err := gzip.NewWriterLevel(&gb, gzip.BestCompression)
	if err != nil {
		return nil, nil, err
	}
	if _, err := gw.Write(b); err != nil {
		return nil, nil, err
	}
	if err := gw.Close(); err != nil {
		return nil, nil, err
	}
	return bb.Bytes(), gb.Bytes(), nil
}
