package web

import (
	"embed"

	"fmt"
	"html/template"
	"io/fs"
	"learnwell/internal/directory"
	"path"
	"strings"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// StaticFS returns the embedded static files, rooted at the static directory.
func StaticFS() fs.FS {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	return sub
}

// templateFuncs are available to every template.
//
//   - dict "k1" v1 "k2" v2 ... builds a map[string]any, the way component
//     partials take their arguments: {{template "nhs-button" (dict "Text" "Search")}}
//   - list a b c builds a []any
//   - static "nhsuk/nhsuk-frontend.min.css" gives the content-hashed URL
//   - fieldError .Errors "postcode" gives the message for a field, or ""
func templateFuncs(assets *Assets) template.FuncMap {
	return template.FuncMap{
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"list":   func(v ...any) []any { return v },
		"static": assets.URL,
		"fieldError": func(errs map[string]string, field string) string {
			return errs[field]
		},
		"join":        strings.Join,
		"add":         func(a, b int) int { return a + b },
		"paragraphs":  paragraphs,
		"formatPence": directory.FormatPence,
		"selectItems": func(opts []option) []map[string]any {
			out := make([]map[string]any, len(opts))
			for i, o := range opts {
				out[i] = map[string]any{"Value": o.Value, "Text": o.Text, "Selected": o.Checked}
			}
			return out
		},
		"radioItems": optionItems,
		"checkItems": optionItems,
		"milesText":  milesText,
		"htmlLines":  htmlLines,
		"sub":        func(a, b int) int { return a - b },
		// The sign-in and admin pages.
		"demoSignInHelp":   demoSignInHelp,
		"demoAccountFixed": demoAccountFixed,
		"demoRolesFixed":   demoRolesFixed,
		"userStatus":       userStatusText,
		"yesNo": func(b bool, yes, no string) string {
			if b {
				return yes
			}
			return no
		},
		"ifThen": func(c bool, a, b string) string {
			if c {
				return a
			}
			return b
		},
	}
}

// parseTemplates parses the layout and components once, then each page in
// templates/pages on a clone of them. A broken template fails here, at start.
// Pages are keyed by file name without extension ("home", "courses/finder").
func parseTemplates(assets *Assets) (map[string]*template.Template, error) {
	base := template.New("base").Funcs(templateFuncs(assets))
	base, err := base.ParseFS(templateFS, "templates/layout.html", "templates/components/*.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	pages := map[string]*template.Template{}
	err = fs.WalkDir(templateFS, "templates/pages", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(templateFS, p); err != nil {
			return fmt.Errorf("web: parse %s: %w", p, err)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/pages/"), ".html")
		pages[name] = t
		return nil
	})
	return pages, err
}

// optionItems turns options into the item dicts radios and checkboxes take.
func optionItems(opts []option) []map[string]any {
	out := make([]map[string]any, len(opts))
	for i, o := range opts {
		out[i] = map[string]any{"Value": o.Value, "Text": o.Text, "Checked": o.Checked}
	}
	return out
}
