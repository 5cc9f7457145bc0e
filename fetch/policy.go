package fetch

import "net/netip"

// Address classes.
const (
	classPublic    = iota
	classPrivate   // allowed with Options.AllowPrivate
	classForbidden // never allowed
)

func mustPrefixes(ss ...string) []netip.Prefix {
	ps := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		ps[i] = netip.MustParsePrefix(s)
	}
	return ps
}

var (
	// IPv4 ranges that are not public, beyond what netip.Addr methods
	// report (IANA IPv4 Special-Purpose Address Registry).
	private4 = mustPrefixes(
		"100.64.0.0/10", // shared address space (CGNAT)
	)
	forbidden4 = mustPrefixes(
		"0.0.0.0/8",       // "this network"
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // TEST-NET-1
		"192.88.99.0/24",  // deprecated 6to4 relay anycast
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // TEST-NET-2
		"203.0.113.0/24",  // TEST-NET-3
		"240.0.0.0/4",     // reserved, and the limited broadcast address
	)
	// IPv6: only global unicast (2000::/3) is public, less these ranges.
	global6    = netip.MustParsePrefix("2000::/3")
	forbidden6 = mustPrefixes(
		"2001::/32",     // Teredo (tunnels to arbitrary IPv4 addresses)
		"2001:2::/48",   // benchmarking
		"2001:10::/28",  // ORCHID
		"2001:20::/28",  // ORCHIDv2
		"2001:db8::/32", // documentation
		"3fff::/20",     // documentation
	)
	nat64     = netip.MustParsePrefix("64:ff9b::/96") // well-known NAT64 prefix, RFC 6052
	sixToFour = netip.MustParsePrefix("2002::/16")    // 6to4, RFC 3056
)

// Allowed reports whether a connection to ip is allowed: a public unicast
// address, or, when allowPrivate is set, a loopback, private (RFC 1918, IPv6
// unique local) or CGNAT address. Link-local, multicast, unspecified,
// reserved, documentation and benchmarking addresses, addresses with a zone,
// and IPv4-mapped, NAT64 or 6to4 addresses embedding a refused IPv4 address
// are never allowed.
func Allowed(ip netip.Addr, allowPrivate bool) bool {
	switch classify(ip) {
	case classPublic:
		return true
	case classPrivate:
		return allowPrivate
	}
	return false
}

func classify(ip netip.Addr) int {
	if !ip.IsValid() || ip.Zone() != "" {
		return classForbidden
	}
	if ip.Is4In6() {
		ip = ip.Unmap()
	}
	if ip.Is4() {
		return classify4(ip)
	}
	switch {
	case ip.IsLoopback():
		return classPrivate
	case ip.IsPrivate(): // fc00::/7
		return classPrivate
	case nat64.Contains(ip):
		b := ip.As16()
		return classify4(netip.AddrFrom4([4]byte(b[12:16])))
	case sixToFour.Contains(ip):
		b := ip.As16()
		if c := classify4(netip.AddrFrom4([4]byte(b[2:6]))); c != classPublic {
			return c
		}
		return classPublic
	case !global6.Contains(ip):
		// Unspecified, IPv4-compatible, link-local, site-local, multicast,
		// discard-only and every unassigned range.
		return classForbidden
	}
	for _, p := range forbidden6 {
		if p.Contains(ip) {
			return classForbidden
		}
	}
	return classPublic
}

func classify4(ip netip.Addr) int {
	switch {
	case ip.IsUnspecified(), ip.IsLinkLocalUnicast(), ip.IsMulticast():
		return classForbidden
	case ip.IsLoopback(), ip.IsPrivate():
		return classPrivate
	}
	for _, p := range forbidden4 {
		if p.Contains(ip) {
			return classForbidden
		}
	}
	for _, p := range private4 {
		if p.Contains(ip) {
			return classPrivate
		}
	}
	return classPublic
}
