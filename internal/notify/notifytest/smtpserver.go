package notifytest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one email the fake SMTP server accepted.
type Message struct {
	From          string         // the envelope sender (MAIL FROM)
	To            []string       // the envelope recipients (RCPT TO)
	AuthUser      string         // the user that authenticated, if any
	AuthMechanism string         // how: "PLAIN" or "LOGIN"
	TLS           bool           // whether the session was encrypted (implicit TLS or STARTTLS)
	Data          []byte         // the message as received, dot-unstuffed, with "\n" line ends
	Header        netmail.Header // the parsed header; nil if Data did not parse
	Subject       string         // the Subject header, MIME-decoded
	MessageID     string         // the Message-ID header, angle brackets included
	Body          string         // the body, transfer-decoded (quoted-printable, base64), "\n" line ends
}

// SMTPServer is a fake SMTP server on 127.0.0.1. It speaks enough SMTP for
// go-mail (EHLO/HELO, STARTTLS when OfferSTARTTLS is set, AUTH PLAIN and
// LOGIN when RequireAuth is set, MAIL, RCPT, DATA, RSET, NOOP, QUIT), records
// each message and can refuse the next ones at the end of DATA. Its TLS
// certificate is self-signed for 127.0.0.1; ClientTLSConfig trusts it.
type SMTPServer struct {
	ln        net.Listener
	wg        sync.WaitGroup
	done      chan struct{}
	serverTLS *tls.Config
	clientTLS *tls.Config

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	messages []Message
	user     string
	pass     string
	mechs    []string
	failLeft int
	failCode int
	delay    time.Duration
	starttls bool
}

// NewSMTPServer starts a plain-text fake on 127.0.0.1:0 and closes it when
// the test ends. Clients need TLS policy none, or OfferSTARTTLS.
func NewSMTPServer(t testing.TB) *SMTPServer {
	t.Helper()
	return newSMTPServer(t, false)
}

// NewSMTPServerTLS starts a fake that speaks TLS from the start (implicit
// TLS, as on port 465). Connect with ClientTLSConfig.
func NewSMTPServerTLS(t testing.TB) *SMTPServer {
	t.Helper()
	return newSMTPServer(t, true)
}

func newSMTPServer(t testing.TB, implicitTLS bool) *SMTPServer {
	serverTLS, clientTLS, err := selfSigned()
	if err != nil {
		t.Fatalf("notifytest: making a certificate: %v", err)
	}
	var ln net.Listener
	if implicitTLS {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", serverTLS)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatalf("notifytest: listening for SMTP: %v", err)
	}
	s := &SMTPServer{ln: ln, done: make(chan struct{}), conns: map[net.Conn]struct{}{},
		serverTLS: serverTLS, clientTLS: clientTLS}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.Close)
	return s
}

// selfSigned makes a certificate for 127.0.0.1 and localhost, and the server
// and client TLS configurations that use and trust it.
func selfSigned() (server, client *tls.Config, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "notifytest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion: tls.VersionTLS12}
	return server, &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}

// ClientTLSConfig returns a TLS configuration that trusts the server's
// certificate.
func (s *SMTPServer) ClientTLSConfig() *tls.Config { return s.clientTLS.Clone() }

// OfferSTARTTLS makes the server offer STARTTLS after EHLO.
func (s *SMTPServer) OfferSTARTTLS() {
	s.mu.Lock()
	s.starttls = true
	s.mu.Unlock()
}

// Addr returns the server's host:port.
func (s *SMTPServer) Addr() string { return s.ln.Addr().String() }

// Host returns the server's host, "127.0.0.1".
func (s *SMTPServer) Host() string { return s.ln.Addr().(*net.TCPAddr).IP.String() }

// Port returns the server's port.
func (s *SMTPServer) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// RequireAuth makes the server offer AUTH and refuse MAIL until a client has
// authenticated with this username and password. It offers the mechanisms
// given, of "PLAIN" and "LOGIN"; both if none are.
func (s *SMTPServer) RequireAuth(username, password string, mechanisms ...string) {
	if len(mechanisms) == 0 {
		mechanisms = []string{"PLAIN", "LOGIN"}
	}
	s.mu.Lock()
	s.user, s.pass, s.mechs = username, password, mechanisms
	s.mu.Unlock()
}

// FailNext makes the server refuse the next n messages at the end of DATA
// with the reply code: 4xx (such as 451) for a temporary failure, 5xx (such as
// 550) for a permanent one. Refused messages are not recorded.
func (s *SMTPServer) FailNext(n, code int) {
	s.mu.Lock()
	s.failLeft, s.failCode = n, code
	s.mu.Unlock()
}

// SetDelay makes the server wait d before answering the end of DATA.
func (s *SMTPServer) SetDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Messages returns a copy of the messages accepted so far, in order.
func (s *SMTPServer) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.messages))
	copy(out, s.messages)
	return out
}

// Close stops the server, closes open connections and waits for them to end.
// It is safe to call more than once.
func (s *SMTPServer) Close() {
	s.mu.Lock()
	select {
	case <-s.done:
		s.mu.Unlock()
		return
	default:
	}
	close(s.done)
	_ = s.ln.Close()
	for c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *SMTPServer) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		select {
		case <-s.done:
			s.mu.Unlock()
			_ = c.Close()
			return
		default:
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				_ = c.Close()
			}()
			s.session(c)
		}()
	}
}

// session is one SMTP conversation.
type session struct {
	s        *SMTPServer
	conn     net.Conn
	tc       *textproto.Conn
	greeted  bool
	tls      bool
	authUser string
	authMech string
	from     *string
	to       []string
}

func (s *SMTPServer) session(c net.Conn) {
	_, isTLS := c.(*tls.Conn)
	ss := &session{s: s, conn: c, tc: textproto.NewConn(c), tls: isTLS}
	ss.reply(220, "localhost ESMTP notifytest")
	for {
		_ = c.SetDeadline(time.Now().Add(time.Minute))
		line, err := ss.tc.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		if !ss.command(strings.ToUpper(verb), strings.TrimSpace(arg)) {
			return
		}
	}
}

func (ss *session) reply(code int, text string) {
	_ = ss.tc.PrintfLine("%d %s", code, text)
}

// command handles one command and reports whether to go on.
func (ss *session) command(verb, arg string) bool {
	switch verb {
	case "EHLO":
		ss.ehlo()
	case "HELO":
		ss.greeted = true
		ss.resetTransaction()
		ss.reply(250, "localhost")
	case "STARTTLS":
		return ss.startTLS()
	case "AUTH":
		ss.auth(arg)
	case "MAIL":
		ss.mail(arg)
	case "RCPT":
		ss.rcpt(arg)
	case "DATA":
		return ss.data()
	case "RSET":
		ss.resetTransaction()
		ss.reply(250, "2.0.0 OK")
	case "NOOP":
		ss.reply(250, "2.0.0 OK")
	case "QUIT":
		ss.reply(221, "2.0.0 Bye")
		return false
	default:
		ss.reply(502, "5.5.2 Command not implemented")
	}
	return true
}

func (ss *session) resetTransaction() { ss.from, ss.to = nil, nil }

func (ss *session) authRequired() (user, pass string, mechs []string) {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	return ss.s.user, ss.s.pass, ss.s.mechs
}

func (ss *session) ehlo() {
	ss.greeted = true
	ss.resetTransaction()
	lines := []string{"localhost greets you", "8BITMIME", "ENHANCEDSTATUSCODES"}
	ss.s.mu.Lock()
	offerTLS := ss.s.starttls && !ss.tls
	ss.s.mu.Unlock()
	if offerTLS {
		lines = append(lines, "STARTTLS")
	}
	if user, _, mechs := ss.authRequired(); user != "" {
		lines = append(lines, "AUTH "+strings.Join(mechs, " "))
	}
	lines = append(lines, "SIZE 10485760")
	for i, l := range lines {
		sep := "-"
		if i == len(lines)-1 {
			sep = " "
		}
		_ = ss.tc.PrintfLine("250%s%s", sep, l)
	}
}

// startTLS upgrades the connection; it reports whether to go on.
func (ss *session) startTLS() bool {
	ss.s.mu.Lock()
	offered := ss.s.starttls
	ss.s.mu.Unlock()
	if !offered || ss.tls {
		ss.reply(502, "5.5.1 STARTTLS not offered")
		return true
	}
	ss.reply(220, "2.0.0 Ready to start TLS")
	tc := tls.Server(ss.conn, ss.s.serverTLS)
	_ = tc.SetDeadline(time.Now().Add(time.Minute))
	if err := tc.Handshake(); err != nil {
		return false
	}
	// RFC 3207: forget everything learnt before TLS, and expect EHLO again.
	ss.conn, ss.tc, ss.tls, ss.greeted, ss.authUser, ss.authMech = tc, textproto.NewConn(tc), true, false, "", ""
	ss.resetTransaction()
	return true
}

func (ss *session) auth(arg string) {
	wantUser, wantPass, mechs := ss.authRequired()
	mech, initial, _ := strings.Cut(arg, " ")
	mech = strings.ToUpper(mech)
	var user, pass string
	var ok bool
	switch {
	case wantUser == "":
		ss.reply(502, "5.5.1 AUTH not offered")
		return
	case ss.authUser != "":
		ss.reply(503, "5.5.1 Already authenticated")
		return
	case !slices.Contains(mechs, mech):
		ss.reply(504, "5.5.4 Unrecognised authentication type")
		return
	case mech == "PLAIN":
		user, pass, ok = ss.authPlain(initial)
	case mech == "LOGIN":
		user, pass, ok = ss.authLogin(initial)
	default:
		ss.reply(504, "5.5.4 Unrecognised authentication type")
		return
	}
	if !ok {
		return // already answered
	}
	if user != wantUser || pass != wantPass {
		ss.reply(535, "5.7.8 Authentication credentials invalid")
		return
	}
	ss.authUser, ss.authMech = user, mech
	ss.reply(235, "2.7.0 Authentication successful")
}

// challenge sends a 334 challenge and returns the decoded answer.
func (ss *session) challenge(prompt string) ([]byte, bool) {
	ss.reply(334, prompt)
	line, err := ss.tc.ReadLine()
	if err != nil {
		return nil, false
	}
	return ss.decode64(line)
}

func (ss *session) decode64(s string) ([]byte, bool) {
	if s == "*" {
		ss.reply(501, "5.0.0 Authentication cancelled")
		return nil, false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		ss.reply(501, "5.5.2 Cannot decode response")
		return nil, false
	}
	return b, true
}

func (ss *session) authPlain(initial string) (string, string, bool) {
	var resp []byte
	var ok bool
	if initial != "" && initial != "=" {
		resp, ok = ss.decode64(initial)
	} else {
		resp, ok = ss.challenge("")
	}
	if !ok {
		return "", "", false
	}
	parts := strings.Split(string(resp), "\x00")
	if len(parts) != 3 {
		ss.reply(501, "5.5.2 Malformed AUTH PLAIN response")
		return "", "", false
	}
	return parts[1], parts[2], true
}

func (ss *session) authLogin(initial string) (string, string, bool) {
	var user []byte
	var ok bool
	if initial != "" {
		user, ok = ss.decode64(initial)
	} else {
		user, ok = ss.challenge(base64.StdEncoding.EncodeToString([]byte("Username:")))
	}
	if !ok {
		return "", "", false
	}
	pass, ok := ss.challenge(base64.StdEncoding.EncodeToString([]byte("Password:")))
	if !ok {
		return "", "", false
	}
	return string(user), string(pass), true
}

// path takes the address out of "FROM:<a@b> BODY=8BITMIME" or "TO:<a@b>".
func path(arg, prefix string) (string, bool) {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return "", false
	}
	rest := strings.TrimSpace(arg[len(prefix):])
	if strings.HasPrefix(rest, "<") {
		end := strings.IndexByte(rest, '>')
		if end < 0 {
			return "", false
		}
		return rest[1:end], true
	}
	addr, _, _ := strings.Cut(rest, " ")
	return addr, addr != ""
}

func (ss *session) mail(arg string) {
	user, _, _ := ss.authRequired()
	switch {
	case !ss.greeted:
		ss.reply(503, "5.5.1 Send EHLO first")
	case user != "" && ss.authUser == "":
		ss.reply(530, "5.7.0 Authentication required")
	case ss.from != nil:
		ss.reply(503, "5.5.1 Sender already given")
	default:
		from, ok := path(arg, "FROM:")
		if !ok {
			ss.reply(501, "5.5.4 Syntax: MAIL FROM:<address>")
			return
		}
		ss.from = &from
		ss.reply(250, "2.1.0 OK")
	}
}

func (ss *session) rcpt(arg string) {
	if ss.from == nil {
		ss.reply(503, "5.5.1 Send MAIL first")
		return
	}
	to, ok := path(arg, "TO:")
	if !ok || to == "" {
		ss.reply(501, "5.5.4 Syntax: RCPT TO:<address>")
		return
	}
	ss.to = append(ss.to, to)
	ss.reply(250, "2.1.5 OK")
}

// data reads a message and accepts or refuses it; it reports whether to go on.
func (ss *session) data() bool {
	if ss.from == nil || len(ss.to) == 0 {
		ss.reply(503, "5.5.1 Send MAIL and RCPT first")
		return true
	}
	ss.reply(354, "End data with <CR><LF>.<CR><LF>")
	raw, err := io.ReadAll(io.LimitReader(ss.tc.DotReader(), 10<<20))
	if err != nil {
		return false
	}
	s := ss.s
	s.mu.Lock()
	delay, fail := s.delay, 0
	if s.failLeft > 0 {
		s.failLeft--
		fail = s.failCode
	}
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-s.done:
			return false
		}
	}
	if fail != 0 {
		ss.resetTransaction()
		ss.reply(fail, fmt.Sprintf("%d.0.0 Failing as told by FailNext", fail/100))
		return true
	}
	m := parseMessage(raw)
	m.From, m.To, m.AuthUser, m.AuthMechanism, m.TLS = *ss.from, ss.to, ss.authUser, ss.authMech, ss.tls
	s.mu.Lock()
	s.messages = append(s.messages, m)
	n := len(s.messages)
	s.mu.Unlock()
	ss.resetTransaction()
	ss.reply(250, "2.0.0 OK: queued as "+strconv.Itoa(n))
	return true
}

// parseMessage fills in what can be read from a received message.
func parseMessage(raw []byte) Message {
	m := Message{Data: raw}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return m
	}
	m.Header = msg.Header
	m.MessageID = msg.Header.Get("Message-Id")
	if subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err == nil {
		m.Subject = subj
	}
	var body io.Reader = msg.Body
	switch strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // skips line ends
	}
	b, err := io.ReadAll(body)
	if err != nil && !errors.Is(err, io.EOF) {
		return m
	}
	m.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
	return m
}
