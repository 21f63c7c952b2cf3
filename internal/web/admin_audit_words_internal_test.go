package web

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"learnwell/internal/account"
)

// writtenActionCodes reads every non-test Go file of the module for the
// action codes it can write to the audit trail: the values of constants of
// a type named Action (account.Action), string literals given as the Action
// field of a composite literal (audit.Entry, account.Event), and string
// literals given as auditView's action.
func writtenActionCodes(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..")
	found := map[string]string{} // code -> where
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		add := func(e ast.Expr) {
			if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if v, err := strconv.Unquote(lit.Value); err == nil {
					found[v] = fset.Position(lit.Pos()).String()
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "Action" {
					for _, v := range n.Values {
						add(v)
					}
				}
			case *ast.KeyValueExpr:
				if key, ok := n.Key.(*ast.Ident); ok && key.Name == "Action" {
					add(n.Value)
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "auditView" && len(n.Args) > 3 {
					add(n.Args[3])
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestEveryActionCodeHasWords: every action code written anywhere has a
// label and a sentence in auditActionWords, and the table holds no code
// that nothing writes.
func TestEveryActionCodeHasWords(t *testing.T) {
	written := writtenActionCodes(t)
	for _, code := range []string{"sign-in.succeeded", "user.roles-changed", "user.view", "user.list", "agreement.ended"} {
		if written[code] == "" {
			t.Fatalf("the scan of the code missed %q: it would pass without reading anything (found %v)", code, written)
		}
	}
	var codes []string
	for code := range written {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		w, ok := auditActionWords[code]
		if !ok || w.Label == "" || w.Sentence == "" {
			t.Errorf("the action %q (%s) has no words in auditActionWords", code, written[code])
		}
	}
	for code := range auditActionWords {
		if written[code] == "" {
			t.Errorf("auditActionWords has words for %q, which nothing writes", code)
		}
	}
}

func TestAuditSentences(t *testing.T) {
	for _, tt := range []struct {
		action, name string
		count        int
		want         string
	}{
		{"user.roles-changed", "Alex Smith", 1, "Changed Alex Smith's roles"},
		{"user.roles-changed", "James Jones", 1, "Changed James Jones' roles"},
		{"user.invited", "Sam Jones", 1, "Invited Sam Jones"},
		{"sign-in.succeeded", "", 0, "Signed in"},
		{"user.list", "Islington Social Prescribing", 12, "Viewed the list of users of Islington Social Prescribing (12 users)"},
		{"no.such-action", "x", 1, "Did something this version of learnwell has no words for"},
	} {
		if got := auditSentence(tt.action, tt.name, tt.count); got != tt.want {
			t.Errorf("auditSentence(%q, %q, %d) = %q, want %q", tt.action, tt.name, tt.count, got, tt.want)
		}
	}
	if got := roleCodeWords("link-worker/org-admin"); got != "link worker and organisation admin" {
		t.Errorf("roleCodeWords = %q", got)
	}
	if got := networkWords("2001:db8:abcd::/48"); got != "from a network near 2001:db8:abcd::" {
		t.Errorf("networkWords = %q", got)
	}
}

// TestAuditNamesOfUnreadableIDs: an entry whose ids are not ids (a row
// edited by hand, which verify reports) is still shown, not an error.
func TestAuditNamesOfUnreadableIDs(t *testing.T) {
	n := &auditNames{users: map[string]*account.User{}, agreements: map[string]*account.Agreement{}}
	for _, id := range []string{"", "(unreadable: [x)"} {
		if got, err := n.user(context.Background(), id); err != nil || got != "someone not on record" {
			t.Errorf("user(%q) = %q, %v", id, got, err)
		}
		if got, err := n.agreement(context.Background(), id); err != nil || got != "a data sharing agreement" {
			t.Errorf("agreement(%q) = %q, %v", id, got, err)
		}
	}
}
