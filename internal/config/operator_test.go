package config

import (
	"flag"
	"strings"
	"testing"
)

func TestOperatorSettingsFromFlagsAndEnvironment(t *testing.T) {
	c, err := load(t, []string{"--operator-name", "  Islington   Council ", "--operator-phone", "020 7527 2000"}, map[string]string{
		"LEARNWELL_OPERATOR_NAME":    "ignored: the flag wins",
		"LEARNWELL_OPERATOR_EMAIL":   "privacy@islington.example.org",
		"LEARNWELL_OPERATOR_ADDRESS": "Town Hall, Upper Street, London, N1 2UD",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := OperatorSettings{Name: "Islington Council", Email: "privacy@islington.example.org", Phone: "020 7527 2000", Address: "Town Hall, Upper Street, London, N1 2UD"}
	if c.Operator != want {
		t.Fatalf("Operator = %+v, want %+v", c.Operator, want)
	}
	if got := strings.Join(c.Operator.AddressLines(), "|"); got != "Town Hall|Upper Street|London|N1 2UD" {
		t.Errorf("AddressLines = %q", got)
	}
	if !c.Operator.Published() || c.Operator.RequirePublished() != nil {
		t.Errorf("a name and an email are published: %v", c.Operator.RequirePublished())
	}
}

func TestOperatorSettingsInHelp(t *testing.T) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	Register(fs)
	var help strings.Builder
	fs.SetOutput(&help)
	fs.PrintDefaults()
	for _, want := range []string{"-operator-name", "LEARNWELL_OPERATOR_NAME", "-operator-email", "LEARNWELL_OPERATOR_EMAIL",
		"-operator-phone", "LEARNWELL_OPERATOR_PHONE", "-operator-address", "LEARNWELL_OPERATOR_ADDRESS"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("--help lacks %s", want)
		}
	}
}

func TestBadOperatorSettings(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--operator-email", "not an email"}, nil, "--operator-email"},
		{[]string{"--operator-email", "Privacy <privacy@example.org>"}, nil, "--operator-email"},
		{nil, map[string]string{"LEARNWELL_OPERATOR_EMAIL": "privacy@localhost"}, "--operator-email"},
		{[]string{"--operator-phone", "call us"}, nil, "--operator-phone"},
		{[]string{"--operator-phone", "12"}, nil, "--operator-phone"},
		{[]string{"--operator-phone", "020 +7946"}, nil, "--operator-phone"},
		{[]string{"--operator-name", "a\x00b"}, nil, "--operator-name"},
		{[]string{"--operator-name", strings.Repeat("n", 201)}, nil, "--operator-name"},
		{nil, map[string]string{"LEARNWELL_OPERATOR_ADDRESS": strings.Repeat("a", 301)}, "--operator-address"},
	}
	for _, tt := range tests {
		_, err := load(t, tt.args, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q %v: err = %v, want one naming %s", tt.args, tt.env, err, tt.want)
		}
	}
	for _, ok := range []string{"+44 20 7946 0000", "(020) 7946-0000", "111"} {
		if _, err := load(t, []string{"--operator-phone", ok}, nil); err != nil {
			t.Errorf("phone %q: %v", ok, err)
		}
	}
}

func TestOperatorRequiredAndDemoValues(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Operator != (OperatorSettings{}) || c.Operator.Published() {
		t.Fatalf("default operator = %+v", c.Operator)
	}
	err = c.Operator.RequirePublished()
	if err == nil || !strings.Contains(err.Error(), "LEARNWELL_OPERATOR_NAME") || !strings.Contains(err.Error(), "LEARNWELL_OPERATOR_EMAIL") {
		t.Fatalf("RequirePublished = %v, want one naming both settings", err)
	}
	err = OperatorSettings{Name: "Ops"}.RequirePublished()
	if err == nil || strings.Contains(err.Error(), "LEARNWELL_OPERATOR_NAME (") || !strings.Contains(err.Error(), "LEARNWELL_OPERATOR_EMAIL") {
		t.Fatalf("RequirePublished without an email = %v", err)
	}
	if got := c.Operator.OrDemo(); got != DemoOperator() || !got.Published() {
		t.Fatalf("OrDemo of nothing = %+v", got)
	}
	if got := (OperatorSettings{Name: "Real Ops"}).OrDemo(); got.Name != "Real Ops" || got.Email != DemoOperator().Email {
		t.Fatalf("OrDemo keeps what is set: %+v", got)
	}
	// The demo's values are made up: they must pass the settings' own checks.
	if p := DemoOperator().problems(); len(p) > 0 {
		t.Fatalf("DemoOperator: %v", p)
	}
}
