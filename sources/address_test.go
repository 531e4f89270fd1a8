package sources

import "testing"

func TestPrivateHost(t *testing.T) {
	tests := map[string]bool{
		"127.0.0.1":            true,
		"127.1":                true,
		"2130706433":           true,
		"0x7f000001":           true,
		"0177.0.0.1":           true,
		"0x7f.1":               true,
		"10.1":                 true,
		"192.168.1":            true,
		"0":                    true, // 0.0.0.0
		"::1":                  true,
		"::ffff:127.0.0.1":     true,
		"::ffff:7f00:1":        true,
		"64:ff9b::7f00:1":      true,
		"64:ff9b::a00:1":       true,
		"localhost":            true,
		"LOCALHOST.":           true,
		"fe80::1%eth0":         true,
		"169.254.169.254":      true,
		"93.184.216.34":        false,
		"1572395042":           false, // 93.184.216.34
		"64:ff9b::5db8:d822":   false,
		"::ffff:93.184.216.34": false,
		"www.aa.com.tr":        false,
		"256.1.1.1":            false, // not an address at all: a name, left to DNS
		"1.2.3.4.5":            false,
		"0x":                   false,
		"08.0.0.1":             false, // 8 is no octal digit
	}
	for host, want := range tests {
		t.Run(host, func(t *testing.T) {
			if got := privateHost(host); got != want {
				t.Errorf("privateHost(%q) = %v, want %v", host, got, want)
			}
		})
	}
}
