package fetch

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// fallbackCharset decodes bytes that declare nothing and are not UTF-8:
// the WHATWG's default for a Turkish locale, which suits the sites we crawl.
const fallbackCharset = "windows-1254"

var boms = []struct {
	bom  []byte
	name string
}{
	{[]byte{0xEF, 0xBB, 0xBF}, "utf-8"},
	{[]byte{0xFE, 0xFF}, "utf-16be"},
	{[]byte{0xFF, 0xFE}, "utf-16le"},
}

// ToUTF8 converts body to UTF-8 and names the charset it was decoded from
// (WHATWG names: "iso-8859-9" and "latin5" come out as "windows-1254",
// "latin1" as "windows-1252"). The charset is taken, in order, from a
// byte-order mark, the Content-Type charset parameter, an XML declaration,
// then an HTML <meta> in the first 1024 bytes; with none, UTF-8 if the bytes
// are valid UTF-8, else windows-1254. Two common lies are caught: a
// single-byte label on bytes that are valid multi-byte UTF-8 (read as
// UTF-8), and a UTF-8 header on bytes that are not UTF-8 (the document's
// own declaration wins). A leading XML declaration's encoding is rewritten
// to utf-8 in the output. Invalid sequences become U+FFFD, so the output is
// always valid UTF-8.
func ToUTF8(body []byte, contentType string) ([]byte, string, error) {
	enc, name, rest := detectCharset(body, contentType)
	var out []byte
	if name == "utf-8" {
		out = rest
	} else {
		var err error
		if out, err = enc.NewDecoder().Bytes(rest); err != nil {
			return nil, name, fmt.Errorf("fetch: decode %s: %w", name, err)
		}
	}
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return rewriteXMLEncoding(out), name, nil
}

// detectCharset picks body's encoding and returns the bytes to decode
// (body without its byte-order mark).
func detectCharset(body []byte, contentType string) (encoding.Encoding, string, []byte) {
	for _, b := range boms {
		if bytes.HasPrefix(body, b.bom) {
			enc, name := lookupCharset(b.name)
			return enc, name, body[len(b.bom):]
		}
	}
	mt, params, _ := mime.ParseMediaType(contentType)
	enc, name := lookupCharset(params["charset"])

	inDoc := xmlEncoding(body)
	if inDoc == "" && !isXMLType(mt) {
		inDoc = metaCharset(body)
	}
	docEnc, docName := lookupCharset(inDoc)
	if strings.HasPrefix(docName, "utf-16") {
		// An ASCII-compatible declaration cannot be UTF-16 (WHATWG: use UTF-8).
		docEnc, docName = lookupCharset("utf-8")
	}
	if docEnc != nil && (enc == nil || name == "utf-8" && !utf8.Valid(body)) {
		enc, name = docEnc, docName
	}

	valid := utf8.Valid(body)
	switch {
	case enc == nil && valid:
		enc, name = lookupCharset("utf-8")
	case enc == nil:
		enc, name = lookupCharset(fallbackCharset)
	case isSingleByte(enc) && valid && hasHighBytes(body):
		// UTF-8 labelled as Latin: no real single-byte text is valid UTF-8
		// with multi-byte sequences by chance.
		enc, name = lookupCharset("utf-8")
	}
	return enc, name, body
}

// lookupCharset resolves a label the WHATWG way; nil for unknown labels.
func lookupCharset(label string) (encoding.Encoding, string) {
	if label == "" {
		return nil, ""
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, ""
	}
	return enc, name
}

func isSingleByte(enc encoding.Encoding) bool {
	_, ok := enc.(*charmap.Charmap)
	return ok
}

func hasHighBytes(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
