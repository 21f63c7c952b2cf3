package store

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Location is a parsed database URL.
type Location struct {
	Engine string // SQLite or Postgres
	Path   string // SQLite: the file path (relative to the working directory unless absolute)
	DSN    string // PostgreSQL: the URL handed to pgx
}

// ParseURL reads a database URL: "sqlite:PATH" (or "sqlite://PATH") selects the
// embedded SQLite database at PATH; "postgres://..." or "postgresql://..."
// selects PostgreSQL.
func ParseURL(raw string) (Location, error) {
	raw = strings.TrimSpace(raw)
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return Location{}, fmt.Errorf("database URL is not a valid postgres:// URL")
		}
		return Location{Engine: Postgres, DSN: raw}, nil
	case strings.HasPrefix(raw, "sqlite:"):
		p := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if i := strings.IndexByte(p, '?'); i >= 0 {
			return Location{}, fmt.Errorf("database URL %q: SQLite options are set by learnwell; remove the query string", raw)
		}
		if p == "" {
			return Location{}, fmt.Errorf("database URL %q has no file path, like sqlite:learnwell-data/learnwell.db", raw)
		}
		return Location{Engine: SQLite, Path: filepath.Clean(p)}, nil
	default:
		return Location{}, fmt.Errorf("database URL must start with sqlite: or postgres:// (got %q)", redact(raw))
	}
}

// redact hides any password in a URL before it is shown or logged.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// String describes the location without secrets, for logs.
func (l Location) String() string {
	if l.Engine == SQLite {
		return "sqlite:" + l.Path
	}
	return redact(l.DSN)
}
