// Package config reads learnwell's settings. Every setting has a flag and an
// environment variable (LEARNWELL_*); a flag given on the command line wins over
// the environment; secrets may also come from a file named by *_FILE. Every
// subcommand registers the same settings, so they all read them the same way.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"learnwell/internal/account"
	"learnwell/internal/notify"
	"learnwell/internal/secret"
)

// Config is every setting, typed. It is passed explicitly; nothing reads
// settings from globals.
type Config struct {
	Addr        string // LEARNWELL_ADDR
	DatabaseURL string // LEARNWELL_DATABASE_URL
	BaseURL     string // LEARNWELL_BASE_URL: absolute public URL; derived from Addr when unset
	LogLevel    string // LEARNWELL_LOG_LEVEL: debug, info, warn, error
	LogFormat   string // LEARNWELL_LOG_FORMAT: text or json

	ShutdownTimeout  time.Duration // LEARNWELL_SHUTDOWN_TIMEOUT
	MaxBodyBytes     int64         // LEARNWELL_MAX_BODY_BYTES: largest request body accepted
	JobWorkers       int           // LEARNWELL_JOB_WORKERS: background jobs run at once on this node
	MessageRetention time.Duration // LEARNWELL_MESSAGE_RETENTION: sent messages' bodies are removed after this

	Messages notify.Settings

	// DataKey (LEARNWELL_DATA_KEY, secret) seals special-category fields and
	// second-factor secrets at rest: comma-separated base64 keys of 32 bytes,
	// each optionally "id:key", the first sealing (see internal/secret).
	// Required for a real database; a demo database uses the demo key.
	DataKey   string
	Passwords PasswordSettings
	Sessions  SessionSettings

	// MetricsToken (LEARNWELL_METRICS_TOKEN, secret) lets a scraper read
	// /metrics with "Authorization: Bearer TOKEN"; signed-in platform admins
	// can read it too. Empty: only platform admins. At least 32 characters.
	MetricsToken string

	// TrustedProxies (LEARNWELL_TRUSTED_PROXIES) are the networks (CIDR,
	// comma-separated) of the reverse proxies in front of learnwell: for a
	// request from one of them, the client's address is read from
	// X-Forwarded-For, for sign-in throttling and the audit trail.
	TrustedProxies []netip.Prefix

	// Operator is who runs this copy of learnwell, as the privacy notice and
	// the accessibility statement say (LEARNWELL_OPERATOR_*).
	Operator OperatorSettings
}

// SessionSettings say how long a web sign-in lasts.
type SessionSettings struct {
	// IdleTimeout (LEARNWELL_SESSION_IDLE_TIMEOUT) ends a session after this
	// long without a request.
	IdleTimeout time.Duration
	// Lifetime (LEARNWELL_SESSION_LIFETIME) ends a session this long after
	// sign-in, however busy.
	Lifetime time.Duration
}

// SecureCookies reports whether the base URL is https, so that cookies are
// marked Secure (and the session cookie gets the __Host- prefix).
func (c *Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// PasswordSettings are the costs of hashing passwords with argon2id, and how
// many hashes run at once on this node (each holds Memory KiB).
type PasswordSettings struct {
	Memory      int           // LEARNWELL_PASSWORD_MEMORY: KiB
	Time        int           // LEARNWELL_PASSWORD_TIME: passes
	Threads     int           // LEARNWELL_PASSWORD_THREADS: lanes
	Concurrency int           // LEARNWELL_PASSWORD_CONCURRENCY: hashes at once
	Wait        time.Duration // LEARNWELL_PASSWORD_WAIT: longest wait for a turn before "busy"
}

// HashParams returns the argon2id parameters.
func (p PasswordSettings) HashParams() account.HashParams {
	return account.HashParams{Memory: uint32(p.Memory), Time: uint32(p.Time), Threads: uint8(p.Threads)}
}

// setting is one row of the settings table.
type setting struct {
	flag, env string
	secret    bool // may come from ENV_FILE
	value     flag.Value
}

// Settings holds the flag set's settings and applies the environment.
type Settings struct {
	cfg  *Config
	rows []setting
	fs   *flag.FlagSet
}

// Register adds every setting to fs with its default and returns a handle whose
// Load fills the Config after fs.Parse.
func Register(fs *flag.FlagSet) *Settings {
	c := &Config{
		Addr:             "127.0.0.1:8080",
		DatabaseURL:      "sqlite:learnwell-data/learnwell.db",
		LogLevel:         "info",
		LogFormat:        "text",
		ShutdownTimeout:  20 * time.Second,
		MaxBodyBytes:     1 << 20,
		JobWorkers:       4,
		MessageRetention: 30 * 24 * time.Hour,
		Messages:         notify.Settings{Transport: "outbox", SMTPTLS: "mandatory"},
		Passwords: PasswordSettings{Memory: int(account.DefaultHashParams.Memory), Time: int(account.DefaultHashParams.Time),
			Threads: int(account.DefaultHashParams.Threads), Concurrency: 4, Wait: 10 * time.Second},
		Sessions: SessionSettings{IdleTimeout: 30 * time.Minute, Lifetime: 12 * time.Hour},
	}
	s := &Settings{cfg: c, fs: fs}
	m := &c.Messages
	s.add("addr", "LEARNWELL_ADDR", "address to listen on, host:port", false, (*stringValue)(&c.Addr))
	s.add("database-url", "LEARNWELL_DATABASE_URL", "database: sqlite:PATH (embedded, default) or postgres://...", true, (*stringValue)(&c.DatabaseURL))
	s.add("base-url", "LEARNWELL_BASE_URL", "absolute public URL used in links, messages and API documents (default: from --addr)", false, (*stringValue)(&c.BaseURL))
	s.add("log-level", "LEARNWELL_LOG_LEVEL", "log level: debug, info, warn or error", false, (*stringValue)(&c.LogLevel))
	s.add("log-format", "LEARNWELL_LOG_FORMAT", "log format: text or json", false, (*stringValue)(&c.LogFormat))
	s.add("shutdown-timeout", "LEARNWELL_SHUTDOWN_TIMEOUT", "how long to finish requests and jobs on SIGTERM", false, (*durationValue)(&c.ShutdownTimeout))
	s.add("max-body-bytes", "LEARNWELL_MAX_BODY_BYTES", "largest request body accepted, in bytes", false, (*int64Value)(&c.MaxBodyBytes))
	s.add("job-workers", "LEARNWELL_JOB_WORKERS", "background jobs run at once on this node", false, (*intValue)(&c.JobWorkers))
	s.add("message-retention", "LEARNWELL_MESSAGE_RETENTION", "remove the text of sent messages after this long", false, (*durationValue)(&c.MessageRetention))
	s.add("message-transport", "LEARNWELL_MESSAGE_TRANSPORT", "how email and SMS leave: outbox (kept in the database), notify (GOV.UK Notify) or smtp", false, (*stringValue)(&m.Transport))
	s.add("notify-api-key", "LEARNWELL_NOTIFY_API_KEY", "GOV.UK Notify API key", true, (*stringValue)(&m.NotifyAPIKey))
	s.add("notify-email-template-id", "LEARNWELL_NOTIFY_EMAIL_TEMPLATE_ID", "GOV.UK Notify email template id (subject ((subject)), body ((body)))", false, (*stringValue)(&m.NotifyEmailTemplateID))
	s.add("notify-sms-template-id", "LEARNWELL_NOTIFY_SMS_TEMPLATE_ID", "GOV.UK Notify SMS template id (body ((body)))", false, (*stringValue)(&m.NotifySMSTemplateID))
	s.add("notify-base-url", "LEARNWELL_NOTIFY_BASE_URL", "GOV.UK Notify API base URL", false, (*stringValue)(&m.NotifyBaseURL))
	s.add("smtp-host", "LEARNWELL_SMTP_HOST", "SMTP server host", false, (*stringValue)(&m.SMTPHost))
	s.add("smtp-port", "LEARNWELL_SMTP_PORT", "SMTP server port (0: the TLS policy's usual port)", false, (*intValue)(&m.SMTPPort))
	s.add("smtp-username", "LEARNWELL_SMTP_USERNAME", "SMTP user name (empty: no authentication)", false, (*stringValue)(&m.SMTPUsername))
	s.add("smtp-password", "LEARNWELL_SMTP_PASSWORD", "SMTP password", true, (*stringValue)(&m.SMTPPassword))
	s.add("smtp-from", "LEARNWELL_SMTP_FROM", "sender address, like 'Learnwell <noreply@example.org>'", false, (*stringValue)(&m.SMTPFrom))
	s.add("smtp-tls", "LEARNWELL_SMTP_TLS", "SMTP TLS: mandatory, opportunistic, implicit or none", false, (*stringValue)(&m.SMTPTLS))
	s.add("smtp-timeout", "LEARNWELL_SMTP_TIMEOUT", "SMTP timeout", false, (*durationValue)(&m.SMTPTimeout))
	s.add("data-key", "LEARNWELL_DATA_KEY", "keys that encrypt sensitive data at rest: base64 of 32 random bytes (openssl rand -base64 32), comma-separated, the first in use; required for a real database", true, (*stringValue)(&c.DataKey))
	p := &c.Passwords
	s.add("password-memory", "LEARNWELL_PASSWORD_MEMORY", "memory of one password hash (argon2id), in KiB", false, (*intValue)(&p.Memory))
	s.add("password-time", "LEARNWELL_PASSWORD_TIME", "passes of one password hash (argon2id)", false, (*intValue)(&p.Time))
	s.add("password-threads", "LEARNWELL_PASSWORD_THREADS", "threads of one password hash (argon2id)", false, (*intValue)(&p.Threads))
	s.add("password-concurrency", "LEARNWELL_PASSWORD_CONCURRENCY", "password hashes run at once on this node", false, (*intValue)(&p.Concurrency))
	s.add("password-wait", "LEARNWELL_PASSWORD_WAIT", "longest wait for a turn to hash a password before answering that the service is busy", false, (*durationValue)(&p.Wait))
	s.add("session-idle-timeout", "LEARNWELL_SESSION_IDLE_TIMEOUT", "sign a person out after this long without a request", false, (*durationValue)(&c.Sessions.IdleTimeout))
	s.add("session-lifetime", "LEARNWELL_SESSION_LIFETIME", "sign a person out this long after they signed in, however busy", false, (*durationValue)(&c.Sessions.Lifetime))
	s.add("trusted-proxies", "LEARNWELL_TRUSTED_PROXIES", "networks of the reverse proxies in front of learnwell, like 10.0.0.0/8 (comma-separated): the client address of their requests is read from X-Forwarded-For", false, (*prefixesValue)(&c.TrustedProxies))
	s.add("metrics-token", "LEARNWELL_METRICS_TOKEN", "bearer token (32 characters or more) with which a scraper may read /metrics; without it only signed-in platform admins can", true, (*stringValue)(&c.MetricsToken))
	op := &c.Operator
	s.add("operator-name", "LEARNWELL_OPERATOR_NAME", "name of the organisation that runs this service, shown as the data controller on /privacy and on /accessibility; required for a real database", false, (*stringValue)(&op.Name))
	s.add("operator-email", "LEARNWELL_OPERATOR_EMAIL", "email address for privacy and accessibility requests, shown on /privacy and /accessibility; required for a real database", false, (*stringValue)(&op.Email))
	s.add("operator-phone", "LEARNWELL_OPERATOR_PHONE", "phone number for privacy and accessibility requests, like '020 7946 0000' (optional)", false, (*stringValue)(&op.Phone))
	s.add("operator-address", "LEARNWELL_OPERATOR_ADDRESS", "postal address of the organisation that runs this service, its lines separated by commas (optional)", false, (*stringValue)(&op.Address))
	return s
}

func (s *Settings) add(name, env, help string, secret bool, v flag.Value) {
	usage := fmt.Sprintf("%s (env %s", help, env)
	if secret {
		usage += " or " + env + "_FILE"
	}
	usage += ")"
	s.fs.Var(v, name, usage)
	s.rows = append(s.rows, setting{flag: name, env: env, secret: secret, value: v})
}

// Load applies the environment to every setting not given as a flag, then
// checks the result. getenv is os.Getenv outside tests.
func (s *Settings) Load(getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	given := map[string]bool{}
	s.fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, row := range s.rows {
		if given[row.flag] {
			continue
		}
		val, ok := getenv(row.env), getenv(row.env) != ""
		if row.secret && !ok {
			if path := getenv(row.env + "_FILE"); path != "" {
				b, err := os.ReadFile(path)
				if err != nil {
					return nil, fmt.Errorf("%s_FILE: cannot read %s: %v", row.env, path, err)
				}
				val, ok = strings.TrimRight(string(b), "\r\n"), true
			}
		}
		if !ok {
			continue
		}
		if err := row.value.Set(val); err != nil {
			return nil, fmt.Errorf("%s: %v", row.env, err)
		}
	}
	return s.cfg, s.cfg.check()
}

func (c *Config) check() error {
	var problems []string
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		problems = append(problems, fmt.Sprintf("--addr %q must be host:port, like 127.0.0.1:8080", c.Addr))
	}
	if c.BaseURL == "" {
		c.BaseURL = baseURLFromAddr(c.Addr)
	} else {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			problems = append(problems, fmt.Sprintf("--base-url %q must be an absolute http or https URL, like https://learnwell.example.org", c.BaseURL))
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		problems = append(problems, "--log-level must be debug, info, warn or error")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, "--log-format must be text or json")
	}
	if c.MaxBodyBytes < 1024 {
		problems = append(problems, "--max-body-bytes must be at least 1024")
	}
	if c.JobWorkers < 1 || c.JobWorkers > 100 {
		problems = append(problems, "--job-workers must be between 1 and 100")
	}
	if c.ShutdownTimeout <= 0 {
		problems = append(problems, "--shutdown-timeout must be more than 0")
	}
	if _, err := secret.ParseKeys(c.DataKey); err != nil {
		problems = append(problems, "--data-key: "+err.Error())
	}
	p := c.Passwords
	if p.Memory < 8 || p.Memory > 4*1024*1024 || p.Time < 1 || p.Time > 100 || p.Threads < 1 || p.Threads > 255 {
		problems = append(problems, "--password-memory must be 8 to 4194304 (KiB), --password-time 1 to 100, --password-threads 1 to 255")
	} else if err := p.HashParams().Validate(); err != nil {
		problems = append(problems, "--password-memory, --password-time, --password-threads: "+err.Error())
	}
	if p.Concurrency < 1 || p.Concurrency > 256 {
		problems = append(problems, "--password-concurrency must be between 1 and 256")
	}
	if p.Wait < 0 {
		problems = append(problems, "--password-wait must not be negative")
	}
	if ss := c.Sessions; ss.IdleTimeout < time.Minute || ss.Lifetime < ss.IdleTimeout || ss.Lifetime > 7*24*time.Hour {
		problems = append(problems, "--session-idle-timeout must be at least 1m, and --session-lifetime at least the idle timeout and at most 168h")
	}
	if c.MetricsToken != "" && (len(c.MetricsToken) < 32 || strings.ContainsAny(c.MetricsToken, " \t\r\n")) {
		problems = append(problems, "--metrics-token must be at least 32 characters with no spaces, like one made with: openssl rand -hex 32")
	}
	c.Operator.normalise()
	problems = append(problems, c.Operator.problems()...)
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

func baseURLFromAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

type stringValue string

func (v *stringValue) String() string     { return string(*v) }
func (v *stringValue) Set(s string) error { *v = stringValue(s); return nil }

type intValue int

func (v *intValue) String() string { return strconv.Itoa(int(*v)) }
func (v *intValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	*v = intValue(n)
	return nil
}

type int64Value int64

func (v *int64Value) String() string { return strconv.FormatInt(int64(*v), 10) }
func (v *int64Value) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	*v = int64Value(n)
	return nil
}

type prefixesValue []netip.Prefix

func (v *prefixesValue) String() string {
	var parts []string
	for _, p := range *v {
		parts = append(parts, p.String())
	}
	return strings.Join(parts, ",")
}

func (v *prefixesValue) Set(s string) error {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return fmt.Errorf("%q is not a network like 10.0.0.0/8 or an address", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	*v = out
	return nil
}

type durationValue time.Duration

func (v *durationValue) String() string { return time.Duration(*v).String() }
func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration, like 30s or 720h", s)
	}
	*v = durationValue(d)
	return nil
}
