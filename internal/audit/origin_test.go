package audit

import "testing"

func TestNetwork(t *testing.T) {
	for addr, want := range map[string]string{
		"203.0.113.77":                 "203.0.113.0/24",
		"203.0.113.77:51234":           "203.0.113.0/24",
		" 198.51.100.1 ":               "198.51.100.0/24",
		"::ffff:203.0.113.77":          "203.0.113.0/24",
		"[::ffff:203.0.113.77]:443":    "203.0.113.0/24",
		"2001:db8:abcd:12:34::1":       "2001:db8:abcd::/48",
		"[2001:db8:abcd:12::1]:8080":   "2001:db8:abcd::/48",
		"fe80::1%eth0":                 "fe80::/48",
		"::1":                          "::/48",
		"127.0.0.1":                    "127.0.0.0/24",
		"":                             "",
		"not an address":               "",
		"example.com:80":               "",
		"203.0.113.0/24":               "",
		"2001:db8:abcd:12:34::1:12:34": "",
	} {
		got := Network(addr)
		if got != want {
			t.Errorf("Network(%q) = %q, want %q", addr, got, want)
		}
		if got != "" && !validNetwork(got) {
			t.Errorf("Network(%q) = %q, which Validate refuses", addr, got)
		}
	}
}

func TestClassifyUserAgent(t *testing.T) {
	for ua, want := range map[string]string{
		"": ClientNone,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36":         ClientBrowser,
		"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0":                                              ClientBrowser,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile": ClientMobileBrowser,
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36":   ClientMobileBrowser,
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":                                            ClientBot,
		"UptimeRobot/2.0 monitor": ClientBot,
		"curl/8.5.0":              ClientAPI,
		"Go-http-client/2.0":      ClientAPI,
		"python-requests/2.32.3":  ClientAPI,
		"PostmanRuntime/7.42.0":   ClientAPI,
		"EMIS Connector 4.2":      ClientOther,
	} {
		if got := ClassifyUserAgent(ua); got != want {
			t.Errorf("ClassifyUserAgent(%q) = %q, want %q", ua, got, want)
		}
	}
}

func TestOriginFrom(t *testing.T) {
	o := OriginFrom("203.0.113.77:5123", "a1b2c3d4e5f60718", "curl/8.5.0")
	if o != (Origin{Network: "203.0.113.0/24", RequestID: "a1b2c3d4e5f60718", Client: ClientAPI}) {
		t.Fatalf("OriginFrom = %+v", o)
	}
	e := Entry{Actor: System("job:x"), Action: "a.b", Origin: o}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
}

// FuzzOriginFrom: whatever a client sends, its origin is one an entry accepts
// and never holds a whole address.
func FuzzOriginFrom(f *testing.F) {
	for _, s := range []string{"203.0.113.77:5123", "[2001:db8::1]:443", "::ffff:10.1.2.3", "fe80::1%eth0", "", "x", "1.2.3.4/32"} {
		f.Add(s, "Mozilla/5.0 (iPhone)")
	}
	f.Fuzz(func(t *testing.T, addr, ua string) {
		o := OriginFrom(addr, "0123456789abcdef", ua)
		e := Entry{Actor: System("job:x"), Action: "a.b", Origin: o}
		if err := e.Validate(); err != nil {
			t.Fatalf("OriginFrom(%q, %q) = %+v, refused: %v", addr, ua, o, err)
		}
	})
}
