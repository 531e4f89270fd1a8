package canon

import "strings"

const upperHex = "0123456789ABCDEF"

// unreserved reports RFC 3986 unreserved characters: %-escapes of these
// are decoded, since both spellings mean the same.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// subDelim reports RFC 3986 sub-delims. They may carry meaning, so they are
// kept as written, escaped or not.
func subDelim(c byte) bool {
	return strings.IndexByte("!$&'()*+,;=", c) >= 0
}

// pathSafe reports bytes that may stand unescaped in a path.
func pathSafe(c byte) bool {
	return unreserved(c) || subDelim(c) || c == ':' || c == '@' || c == '/'
}

// userSafe reports bytes that may stand unescaped in userinfo.
func userSafe(c byte) bool {
	return unreserved(c) || subDelim(c) || c == ':'
}

// querySafe reports bytes that may stand unescaped in a query key or value
// ('&' never reaches it: it separates the pairs).
func querySafe(c byte) bool {
	return pathSafe(c) || c == '?'
}

// normEscapes gives s one percent-encoding: escapes of unreserved bytes are
// decoded, other escapes get upper-case hex, a '%' that starts no escape
// becomes "%25", and bytes not safe here (spaces, non-ASCII, quotes…) are
// escaped.
func normEscapes(s string, safe func(byte) bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			d := unhex(s[i+1])<<4 | unhex(s[i+2])
			if unreserved(d) {
				b.WriteByte(d)
			} else {
				writeEscape(&b, d)
			}
			i += 2
		case c != '%' && safe(c):
			b.WriteByte(c)
		default:
			writeEscape(&b, c)
		}
	}
	return b.String()
}

func writeEscape(b *strings.Builder, c byte) {
	b.WriteByte('%')
	b.WriteByte(upperHex[c>>4])
	b.WriteByte(upperHex[c&15])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
