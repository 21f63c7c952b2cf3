package audit

import (
	"net/netip"
	"strings"
)

// Client classes: what sort of user agent made the request. The trail keeps
// the class, never the User-Agent string, which with the network could single
// out a person's device.
const (
	ClientNone          = ""               // no request (commands, jobs) or no User-Agent
	ClientBrowser       = "browser"        // a desktop web browser
	ClientMobileBrowser = "mobile_browser" // a browser on a phone or tablet
	ClientAPI           = "api_client"     // a program: an HTTP library, curl, an integration
	ClientBot           = "bot"            // a crawler or monitor that says so
	ClientOther         = "other"          // anything else
)

func validClient(c string) bool {
	switch c {
	case ClientNone, ClientBrowser, ClientMobileBrowser, ClientAPI, ClientBot, ClientOther:
		return true
	}
	return false
}

// Prefix lengths kept of a client's address.
const (
	IPv4PrefixBits = 24
	IPv6PrefixBits = 48
)

// Network returns the network of a client address as a prefix ("203.0.113.0/24",
// "2001:db8:1::/48"), or "" if addr is not an IP address. It accepts "host:port"
// as in http.Request.RemoteAddr. A whole IP address is personal data (it can
// identify a household or a device), and the trail can never be edited once
// written, so it keeps only the network: enough to tell an office from a
// home connection or to match a security incident, not to single out a person.
func Network(addr string) string {
	addr = strings.TrimSpace(addr)
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		ap, err2 := netip.ParseAddrPort(addr)
		if err2 != nil {
			return ""
		}
		ip = ap.Addr()
	}
	ip = ip.Unmap().WithZone("")
	bits := IPv6PrefixBits
	if ip.Is4() {
		bits = IPv4PrefixBits
	}
	p, err := ip.Prefix(bits)
	if err != nil {
		return ""
	}
	return p.String()
}

// validNetwork accepts only a masked prefix no longer than the kept length.
func validNetwork(s string) bool {
	p, err := netip.ParsePrefix(s)
	if err != nil || p != p.Masked() || p.Addr().Zone() != "" {
		return false
	}
	if p.Addr().Is4() {
		return p.Bits() <= IPv4PrefixBits
	}
	return !p.Addr().Is4In6() && p.Bits() <= IPv6PrefixBits
}

// apiClients are User-Agent prefixes of HTTP libraries and tools.
var apiClients = []string{
	"curl/", "wget/", "go-http-client", "python-requests", "python-urllib", "python-httpx", "aiohttp",
	"okhttp", "postmanruntime", "insomnia", "axios", "node-fetch", "undici", "java/", "apache-httpclient",
	"libwww-perl", "powershell", "httpie", "ruby", "guzzlehttp", "dart:io", "learnwell",
}

// ClassifyUserAgent sorts a User-Agent header into one of the Client classes.
func ClassifyUserAgent(ua string) string {
	ua = strings.ToLower(strings.TrimSpace(ua))
	switch {
	case ua == "":
		return ClientNone
	case strings.Contains(ua, "bot") || strings.Contains(ua, "crawler") || strings.Contains(ua, "spider") ||
		strings.Contains(ua, "monitor"):
		return ClientBot
	}
	for _, p := range apiClients {
		if strings.HasPrefix(ua, p) {
			return ClientAPI
		}
	}
	if strings.HasPrefix(ua, "mozilla/") || strings.HasPrefix(ua, "opera/") {
		for _, m := range []string{"mobile", "android", "iphone", "ipad", "ipod"} {
			if strings.Contains(ua, m) {
				return ClientMobileBrowser
			}
		}
		return ClientBrowser
	}
	return ClientOther
}

// OriginFrom builds an Origin from a request's remote address (or the client
// address a trusted proxy reported), its request id and its User-Agent header.
func OriginFrom(remoteAddr, requestID, userAgent string) Origin {
	return Origin{Network: Network(remoteAddr), RequestID: requestID, Client: ClassifyUserAgent(userAgent)}
}
