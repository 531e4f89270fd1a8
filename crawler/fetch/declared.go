package fetch

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// prescanBytes is how far into a document its own charset declaration is
// looked for, as the HTML standard's prescan does.
const prescanBytes = 1024

// xmlDecl matches a leading XML declaration; group 1 is its encoding.
var xmlDecl = regexp.MustCompile(`^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"'<>]{1,40})["']`)

func head(b []byte) []byte { return b[:min(len(b), prescanBytes)] }

func isXMLType(mediaType string) bool {
	return mediaType == "text/xml" || mediaType == "application/xml" || strings.HasSuffix(mediaType, "+xml")
}

// xmlEncoding returns the encoding named by a leading XML declaration.
func xmlEncoding(body []byte) string {
	m := xmlDecl.FindSubmatch(head(body))
	if m == nil {
		return ""
	}
	return string(m[1])
}

// rewriteXMLEncoding makes a leading XML declaration say utf-8, returning a
// new slice when it changes anything.
func rewriteXMLEncoding(b []byte) []byte {
	m := xmlDecl.FindSubmatchIndex(head(b))
	if m == nil || strings.EqualFold(string(b[m[2]:m[3]]), "utf-8") {
		return b
	}
	out := make([]byte, 0, len(b)+5)
	out = append(out, b[:m[2]]...)
	out = append(out, "utf-8"...)
	return append(out, b[m[3]:]...)
}

// metaCharset returns the charset an HTML <meta charset> or <meta
// http-equiv="Content-Type" content="…; charset=…"> declares in the first
// 1024 bytes.
func metaCharset(body []byte) string {
	z := html.NewTokenizer(bytes.NewReader(head(body)))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if string(name) != "meta" {
				continue
			}
			var charset, content string
			pragma := false
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					charset = strings.TrimSpace(string(v))
				case "http-equiv":
					pragma = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
				case "content":
					content = string(v)
				}
			}
			if charset != "" {
				return charset
			}
			if cs := contentCharset(content); pragma && cs != "" {
				return cs
			}
		}
	}
}

// contentCharset extracts the charset from a meta content value such as
// "text/html; charset=iso-8859-9", forgiving the sloppiness found in the wild.
func contentCharset(content string) string {
	i := strings.Index(strings.ToLower(content), "charset")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(content[i+len("charset"):], " \t")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.Trim(strings.TrimLeft(rest[1:], " \t"), `"'`)
	if j := strings.IndexAny(rest, "; \t\"'"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}
