package fetch

import (
	"net/netip"
	"testing"
)

func TestAllowed(t *testing.T) {
	const (
		pub  = classPublic
		priv = classPrivate
		no   = classForbidden
	)
	tests := map[string]int{
		// IPv4
		"93.184.215.14":   pub,
		"8.8.8.8":         pub,
		"1.1.1.1":         pub,
		"100.63.255.255":  pub,
		"100.128.0.0":     pub,
		"172.32.0.1":      pub,
		"198.20.0.1":      pub,
		"223.255.255.255": pub,
		"127.0.0.1":       priv,
		"127.255.255.254": priv,
		"10.0.0.1":        priv,
		"172.16.0.1":      priv,
		"172.31.255.255":  priv,
		"192.168.1.1":     priv,
		"100.64.0.1":      priv, // CGNAT
		"100.127.255.255": priv,
		"0.0.0.0":         no,
		"0.1.2.3":         no,
		"169.254.169.254": no, // cloud metadata
		"169.254.0.1":     no,
		"224.0.0.1":       no,
		"239.255.255.250": no,
		"255.255.255.255": no,
		"240.0.0.1":       no,
		"192.0.0.8":       no,
		"192.0.2.1":       no,
		"198.18.0.1":      no,
		"198.51.100.7":    no,
		"203.0.113.9":     no,
		"192.88.99.1":     no,
		// IPv4-mapped IPv6
		"::ffff:93.184.215.14":   pub,
		"::ffff:127.0.0.1":       priv,
		"::ffff:10.1.1.1":        priv,
		"::ffff:169.254.169.254": no,
		"::ffff:0.0.0.0":         no,
		// IPv6
		"2606:2800:220:1:248:1893:25c8:1946": pub,
		"2a00:1450:4001:81b::200e":           pub,
		"::1":                                priv,
		"fd00::1":                            priv,
		"fc00::1":                            priv,
		"::":                                 no,
		"::127.0.0.1":                        no, // IPv4-compatible, deprecated
		"fe80::1":                            no,
		"fe80::1%eth0":                       no,
		"fec0::1":                            no, // site-local
		"ff02::1":                            no,
		"100::1":                             no, // discard-only
		"2001:db8::1":                        no,
		"3fff::1":                            no,
		"2001::1":                            no, // Teredo
		"2001:2::1":                          no,
		"2001:10::1":                         no,
		"2001:20::1":                         no,
		"4000::1":                            no, // unassigned
		// NAT64 and 6to4 take the class of the IPv4 address they embed.
		"64:ff9b::5db8:d70e": pub,  // 93.184.215.14
		"64:ff9b::7f00:1":    priv, // 127.0.0.1
		"64:ff9b::a9fe:a9fe": no,   // 169.254.169.254
		"64:ff9b:1::1":       no,   // local-use NAT64
		"2002:5db8:d70e::1":  pub,
		"2002:7f00:1::1":     priv,
		"2002:a9fe:a9fe::1":  no,
	}
	for s, want := range tests {
		ip := netip.MustParseAddr(s)
		if got := classify(ip); got != want {
			t.Errorf("classify(%s) = %d, want %d", s, got, want)
		}
		if got := Allowed(ip, false); got != (want == pub) {
			t.Errorf("Allowed(%s, false) = %v", s, got)
		}
		if got := Allowed(ip, true); got != (want != no) {
			t.Errorf("Allowed(%s, true) = %v", s, got)
		}
	}
	if Allowed(netip.Addr{}, true) {
		t.Error("the zero Addr is allowed")
	}
}

func BenchmarkAllowed(b *testing.B) {
	ips := []netip.Addr{
		netip.MustParseAddr("93.184.215.14"),
		netip.MustParseAddr("2606:2800:220:1:248:1893:25c8:1946"),
		netip.MustParseAddr("::ffff:10.0.0.1"),
	}
	for b.Loop() {
		for _, ip := range ips {
			Allowed(ip, false)
		}
	}
}
