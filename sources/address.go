package sources

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/haberci/haberci/crawler/fetch"
)

// nat64 is the well-known NAT64 prefix (RFC 6052), 64:ff9b::/96: its last
// 32 bits are an IPv4 address a NAT64 gateway reaches.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// privateHost reports whether a URL's host names a loopback, private or
// link-local address in any form a resolver would turn into one: the
// dotted quad, but also inet_aton's short, decimal, octal and hex forms
// (127.1, 2130706433, 0177.0.0.1, 0x7f000001), and IPv6 addresses that
// carry an IPv4 address (IPv4-mapped ::ffff:127.0.0.1, NAT64
// 64:ff9b::7f00:1). Names are left to the dialer's check after DNS.
func privateHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if fetch.IsPrivateHost(h) {
		return true
	}
	a, err := netip.ParseAddr(h)
	if err != nil {
		v4, ok := parseInetAton(h)
		return ok && fetch.IsPrivateHost(v4.String())
	}
	a = a.WithZone("")
	if a.Is4In6() {
		return fetch.IsPrivateHost(a.Unmap().String())
	}
	if nat64.Contains(a) {
		b := a.As16()
		return fetch.IsPrivateHost(netip.AddrFrom4([4]byte(b[12:])).String())
	}
	return false
}

// parseInetAton reads an IPv4 address the way inet_aton(3) does: one to
// four parts, each decimal, octal (leading 0) or hex (0x); the last part
// fills the bytes the others leave.
func parseInetAton(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 || s == "" {
		return netip.Addr{}, false
	}
	vals := make([]uint64, len(parts))
	for i, p := range parts {
		base := 10
		switch {
		case strings.HasPrefix(p, "0x"):
			p, base = p[2:], 16
		case len(p) > 1 && p[0] == '0':
			p, base = p[1:], 8
		}
		if p == "" && base != 8 {
			return netip.Addr{}, false
		}
		if p == "" {
			p = "0"
		}
		v, err := strconv.ParseUint(p, base, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		vals[i] = v
	}
	var n uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 255 {
			return netip.Addr{}, false
		}
		n |= v << (24 - 8*i)
	}
	last := vals[len(vals)-1]
	if last >= 1<<(32-8*(len(vals)-1)) {
		return netip.Addr{}, false
	}
	n |= last
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
}
