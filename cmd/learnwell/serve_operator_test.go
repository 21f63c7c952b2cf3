package main

import (
	"net"
	"strings"
	"testing"

	"learnwell/internal/secret"
	"learnwell/internal/store"
	"learnwell/internal/store/storetest"
)

func TestServeHelpListsTheOperatorSettings(t *testing.T) {
	code, _, errOut := runCmd(t, nil, "serve", "--help")
	for _, want := range []string{"-operator-name", "LEARNWELL_OPERATOR_NAME", "-operator-email", "LEARNWELL_OPERATOR_EMAIL",
		"-operator-phone", "LEARNWELL_OPERATOR_PHONE", "-operator-address", "LEARNWELL_OPERATOR_ADDRESS"} {
		if code != 0 || !strings.Contains(errOut, want) {
			t.Errorf("serve --help = %d, lacks %s", code, want)
		}
	}
}

func TestServeRefusesARealDatabaseWithoutItsOperator(t *testing.T) {
	// Every serve here is given an address already in use, so that one
	// getting past the check stops there rather than serving.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	env := accountEnv(storetest.URL(t, store.SQLite), secret.GenerateKeySetting())
	env["LEARNWELL_ADDR"] = busy.Addr().String()
	code, _, errOut := runCmd(t, env, "serve")
	if code != exitUsage || !strings.Contains(errOut, "LEARNWELL_OPERATOR_NAME") || !strings.Contains(errOut, "LEARNWELL_OPERATOR_EMAIL") {
		t.Fatalf("serve without an operator: %d %q", code, errOut)
	}
	env["LEARNWELL_OPERATOR_NAME"] = "Islington Council"
	code, _, errOut = runCmd(t, env, "serve")
	if code != exitUsage || strings.Contains(errOut, "LEARNWELL_OPERATOR_NAME (") || !strings.Contains(errOut, "LEARNWELL_OPERATOR_EMAIL") {
		t.Fatalf("serve without an operator email: %d %q", code, errOut)
	}
	// With both, serve gets past the check, to the address in use.
	env["LEARNWELL_OPERATOR_EMAIL"] = "privacy@islington.example.org"
	code, _, errOut = runCmd(t, env, "serve")
	if code == 0 || strings.Contains(errOut, "LEARNWELL_OPERATOR") || !strings.Contains(errOut, "Cannot listen") {
		t.Fatalf("serve with its operator: %d %q", code, errOut)
	}
}
