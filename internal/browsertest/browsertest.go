// Package browsertest drives headless Chromium from Go tests, with axe-core
// for accessibility audits. Any package's tests can use it:
//
//	func TestFindCourse(t *testing.T) {
//		srv := httptest.NewServer(handler)
//		defer srv.Close()
//		b := browsertest.New(t)
//		b.Open(srv.URL + "/courses")
//		b.Fill("#postcode", "SE1 7PB")
//		if status := b.Submit("form"); status != http.StatusOK {
//			t.Fatalf("status %d", status)
//		}
//		b.AssertAccessible() // at 320 px and at 1280 px
//	}
//
// One Chromium process serves the whole test binary; each New opens a tab in
// it, so tests may call t.Parallel. A Browser belongs to the test that made
// it: its methods report failures on that test, so in subtests call New in
// each subtest.
//
// Pages cannot reach the network: Chromium resolves no host name but
// localhost, so a request for, say, a font from a CDN fails at once.
//
// Chromium is /usr/bin/chromium, or the binary that LEARNWELL_CHROMIUM names,
// or chromium (chromium-browser, google-chrome) on PATH. Where it is missing,
// New skips the test with a message, except when CI=true, where it fails.
// With -short, New skips. A Chromium that exists but does not start always
// fails the test.
//
// Call Main from TestMain to stop Chromium and remove its profile when the
// tests end. Without it, Chromium dies with the test binary and the next run
// removes the profile it left behind.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultTimeout limits each action of a Browser, unless its Timeout is changed.
const DefaultTimeout = 15 * time.Second

// profilePrefix names the temporary Chromium profile directories, with the
// pid of the test binary that made them.
const profilePrefix = "learnwell-chromium-"

// errNoChromium marks the error of a machine without Chromium: a skip, not a failure.
var errNoChromium = errors.New("browsertest: Chromium not found")

// shared is the one Chromium of this test binary.
var shared struct {
	once   sync.Once
	ctx    context.Context // the browser's chromedp context; its tabs derive from it
	cancel func()          // stops the browser and removes its profile
	err    error
}

// Browser is one tab of the shared headless Chromium, tied to a test.
type Browser struct {
	t   testing.TB
	ctx context.Context

	// Timeout limits each action (navigation, query, audit). New sets it to
	// DefaultTimeout.
	Timeout time.Duration

	console *consoleLog
}

// New opens a tab for the test t, starting Chromium the first time. It
// skips t where Chromium is missing (fails when CI=true) or with -short, and
// closes the tab when t ends. If t fails and LEARNWELL_BROWSER_ARTIFACTS names
// a directory, it saves a screenshot and the HTML of the page there first.
func New(t testing.TB) *Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("browsertest: browser tests are skipped with -short")
	}
	bctx, err := sharedBrowser()
	if skip(err, os.Getenv("CI")) {
		t.Skipf("%v; install it (apt-get install chromium) or set LEARNWELL_CHROMIUM to run browser tests", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := chromedp.NewContext(bctx)
	// The first Run binds the tab to its context, so it gets no timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("browsertest: open a tab: %v", err)
	}
	b := &Browser{t: t, ctx: ctx, Timeout: DefaultTimeout, console: collectConsole(ctx)}
	t.Cleanup(func() {
		if t.Failed() {
			b.saveArtifacts()
		}
		cancel()
		b.console.wait()
	})
	return b
}

// Main runs the tests and then stops the shared Chromium and removes its
// profile. Call it from TestMain:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	os.Exit(code)
}

// Context returns the tab's chromedp context, for actions this package does
// not wrap. Give each action its own timeout derived from it.
func (b *Browser) Context() context.Context { return b.ctx }

// skip reports whether a failure to start the browser skips the test rather
// than failing it: only when Chromium is missing and CI is not "true".
func skip(err error, ci string) bool {
	return errors.Is(err, errNoChromium) && ci != "true"
}

// sharedBrowser starts the binary's Chromium once and returns its context.
func sharedBrowser() (context.Context, error) {
	shared.once.Do(func() {
		shared.ctx, shared.cancel, shared.err = startBrowser()
	})
	return shared.ctx, shared.err
}

// startBrowser finds Chromium and starts it headless with a fresh profile.
func startBrowser() (context.Context, func(), error) {
	path, err := findChromium()
	if err != nil {
		return nil, nil, err
	}
	removeStaleProfiles()
	profile, err := os.MkdirTemp("", profilePrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, nil, fmt.Errorf("browsertest: %w", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		// Some of these are in the defaults too; they are the flags we rely on.
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// Tests must not reach the network: every host name but localhost
		// or loopback address fails to resolve. Test servers listen on 127.0.0.1.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1 , EXCLUDE [::1]"),
		chromedp.WindowSize(1280, 1024),
	)
	// No timeout on these contexts: the browser lives as long as they do.
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	stop := func() {
		_ = chromedp.Cancel(bctx) // closes the browser and waits for it
		bcancel()
		acancel()
		_ = os.RemoveAll(profile)
	}
	if err := chromedp.Do(bctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("browsertest: start %s: %w", path, err)
	}
	return bctx, stop, nil
}

// findChromium returns the browser binary to use, or an error wrapping
// errNoChromium when there is none.
func findChromium() (string, error) {
	if p := os.Getenv("LEARNWELL_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			// An explicit choice that is wrong is an error, not a skip.
			return "", fmt.Errorf("browsertest: LEARNWELL_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w (looked for LEARNWELL_CHROMIUM, /usr/bin/chromium and chromium on PATH)", errNoChromium)
}

// removeStaleProfiles removes the profiles of earlier test binaries that
// have exited, which happens when a test binary does not use Main.
func removeStaleProfiles() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), profilePrefix+"*"))
	for _, dir := range dirs {
		pidText, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(dir), profilePrefix), "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}

// processAlive reports whether a process with this pid exists.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// saveArtifacts writes a screenshot and the HTML of the page into
// LEARNWELL_BROWSER_ARTIFACTS, named after the test, to help explain a failure.
func (b *Browser) saveArtifacts() {
	dir := os.Getenv("LEARNWELL_BROWSER_ARTIFACTS")
	if dir == "" {
		return
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(b.t.Name())
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Logf("browsertest: artifacts: %v", err)
		return
	}
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html"))); err == nil {
		_ = os.WriteFile(filepath.Join(dir, name+".html"), []byte(html), 0o644)
	}
	b.t.Logf("browsertest: saved the page of the failed test in %s", dir)
}
