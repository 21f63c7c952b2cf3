// Package config reads learnwell's settings. Every setting has a flag and an
// environment variable (LEARNWELL_*); a flag given on the command line wins over
// the environment; secrets may also come from a file named by *_FILE. Every
// subcommand registers the same settings, so they all read them the same way.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"learnwell/internal/notify"
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
