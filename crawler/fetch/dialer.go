package fetch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
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

// metadata are the cloud instance-metadata addresses (AWS, GCP, Azure,
// OpenStack use 169.254.169.254; AWS also fd00:ec2::254): refused to every
// fetch, even a source on a private address, since their answers hold
// credentials.
var metadata = []netip.Addr{netip.MustParseAddr("169.254.169.254"), netip.MustParseAddr("fd00:ec2::254")}

// Resolver looks host names up; *net.Resolver is one, and tests inject
// their own so that no test needs a real name or address.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// dialer resolves names itself and checks each address before connecting,
// after DNS, so that neither a redirect nor DNS rebinding reaches an address
// it refuses: the metadata addresses always, and with blockPrivate any
// loopback, private or link-local one (a cloud metadata endpoint, an admin
// panel on localhost…).
type dialer struct {
	net          net.Dialer
	resolver     Resolver
	blockPrivate bool
}

// DialContext is http.Transport.DialContext.
func (d *dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("fetch: bad port in %q", address)
	}
	addrs, err := d.lookup(ctx, host)
	if err != nil {
		return nil, err
	}
	var firstErr error
	for _, a := range addrs {
		if err := d.allowed(a); err != nil {
			firstErr = cmpOr(firstErr, fmt.Errorf("%w: %s (%s)", err, host, a))
			continue
		}
		conn, err := d.net.DialContext(ctx, network, netip.AddrPortFrom(a, uint16(port)).String())
		if err == nil {
			return conn, nil
		}
		firstErr = cmpOr(firstErr, err)
	}
	if firstErr == nil {
		firstErr = &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	return nil, firstErr
}

// lookup returns host's addresses: the literal address itself, or DNS's.
func (d *dialer) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a.Unmap()}, nil
	}
	addrs, err := d.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	for i := range addrs {
		addrs[i] = addrs[i].Unmap()
	}
	return addrs, nil
}

// allowed returns ErrBlockedAddress, unwrapped, for an address d refuses.
func (d *dialer) allowed(a netip.Addr) error {
	a = a.Unmap().WithZone("")
	for _, m := range metadata {
		if a == m {
			return ErrBlockedAddress
		}
	}
	if d.blockPrivate && !isPublic(a) {
		return ErrBlockedAddress
	}
	return nil
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
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
