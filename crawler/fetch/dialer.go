package fetch

import (
	"net/netip"
	"syscall"
)

// nonPublic lists IPv4 ranges that IsGlobalUnicast accepts but that are no
// public site either: "this network", carrier-grade NAT, IETF protocol
// assignments, benchmarking and the reserved class E.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
}

// refusePrivate is a net.Dialer.Control: it runs after DNS, on the address
// about to be connected, so neither a redirect nor DNS rebinding can reach
// a loopback, private or link-local service (a cloud metadata endpoint, an
// admin panel on localhost…).
func refusePrivate(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !isPublic(ap.Addr()) {
		return ErrBlockedAddress
	}
	return nil
}

// isPublic reports whether a is a unicast address on the public internet.
func isPublic(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsGlobalUnicast() || a.IsPrivate() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}
