package web_test

import (
	"testing"

	"learnwell/internal/browsertest"
)

// TestMain shuts the shared Chromium down after the package's tests.
func TestMain(m *testing.M) { browsertest.Main(m) }
