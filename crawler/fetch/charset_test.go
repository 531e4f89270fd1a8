package fetch

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func htmlDoc(meta, text string) string {
	return "<!DOCTYPE html><html><head>" + meta + "<title>Haber</title></head><body><p>" + text + "</p></body></html>"
}

func rssDoc(encoding, text string) string {
	return `<?xml version="1.0" encoding="` + encoding + `"?>` + "\n<rss version=\"2.0\"><channel><item><title>" + text + "</title></item></channel></rss>"
}

func encodeWith(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type charsetCase struct {
	contentType string
	body        []byte
	want        string // the UTF-8 document
	charset     string
}

// charsetCases serve real Turkish text in the encodings and labels found on
// Turkish sites, honest and lying.
func charsetCases(t *testing.T) map[string]charsetCase {
	text := turkish(t)
	w1254 := func(s string) []byte { return encodeWith(t, charmap.Windows1254, s) }
	iso9 := func(s string) []byte { return encodeWith(t, charmap.ISO8859_9, s) }
	page := htmlDoc("", text)
	return map[string]charsetCase{
		"header windows-1254": {"text/html; charset=windows-1254", w1254(page), page, "windows-1254"},
		"header ISO-8859-9":   {"text/html; charset=ISO-8859-9", iso9(page), page, "windows-1254"},
		"header latin5":       {"text/html; charset=latin5", iso9(page), page, "windows-1254"},
		"meta charset": {"text/html", w1254(htmlDoc(`<meta charset="windows-1254">`, text)),
			htmlDoc(`<meta charset="windows-1254">`, text), "windows-1254"},
		"meta http-equiv": {"text/html", iso9(htmlDoc(`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-9">`, text)),
			htmlDoc(`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-9">`, text), "windows-1254"},
		"XML declaration windows-1254": {"application/rss+xml", w1254(rssDoc("windows-1254", text)), rssDoc("utf-8", text), "windows-1254"},
		"XML declaration ISO-8859-9":   {"text/xml", iso9(rssDoc("ISO-8859-9", text)), rssDoc("utf-8", text), "windows-1254"},
		"XML declaration, no type":     {"", iso9(rssDoc("iso-8859-9", text)), rssDoc("utf-8", text), "windows-1254"},
		"header beats XML declaration": {"application/xml; charset=windows-1254", w1254(rssDoc("utf-8", text)),
			rssDoc("utf-8", text), "windows-1254"},
		"lying header: UTF-8 labelled ISO-8859-9": {"text/html; charset=iso-8859-9", []byte(page), page, "utf-8"},
		"lying header: UTF-8 labelled latin1":     {"text/html; charset=latin1", []byte(page), page, "utf-8"},
		"lying meta: UTF-8 labelled windows-1254": {"text/html", []byte(htmlDoc(`<meta charset="windows-1254">`, text)),
			htmlDoc(`<meta charset="windows-1254">`, text), "utf-8"},
		"lying XML declaration: UTF-8 labelled ISO-8859-9": {"application/rss+xml", []byte(rssDoc("ISO-8859-9", text)),
			rssDoc("utf-8", text), "utf-8"},
		"lying header: windows-1254 labelled UTF-8, meta true": {"text/html; charset=utf-8",
			w1254(htmlDoc(`<meta http-equiv="content-type" content="text/html;charset=windows-1254">`, text)),
			htmlDoc(`<meta http-equiv="content-type" content="text/html;charset=windows-1254">`, text), "windows-1254"},
		"UTF-8 BOM beats header": {"text/html; charset=windows-1254", append([]byte("\xEF\xBB\xBF"), page...), page, "utf-8"},
		"UTF-16LE BOM": {"text/html", encodeWith(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), page),
			page, "utf-16le"},
		"UTF-16BE BOM in XML": {"application/atom+xml", encodeWith(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), rssDoc("UTF-16", text)),
			rssDoc("utf-8", text), "utf-16be"},
		"no label, UTF-8":               {"text/html", []byte(page), page, "utf-8"},
		"no label, windows-1254 bytes":  {"text/html", w1254(page), page, "windows-1254"},
		"no label, XML in windows-1254": {"application/rss+xml", w1254(strings.Replace(rssDoc("x", text), ` encoding="x"`, "", 1)), strings.Replace(rssDoc("x", text), ` encoding="x"`, "", 1), "windows-1254"},
	}
}

func TestGetCharset(t *testing.T) {
	cases := charsetCases(t)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tc := cases[strings.TrimPrefix(r.URL.Path, "/")]
		w.Header()["Content-Type"] = []string{tc.contentType} // even "", so none is sniffed
		w.Write(tc.body)
	}))
	c := New(testOptions())
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := c.Get(context.Background(), Request{URL: srv.URL + "/" + name})
			if err != nil {
				t.Fatal(err)
			}
			if res.Charset != tc.charset {
				t.Errorf("charset %q, want %q", res.Charset, tc.charset)
			}
			if string(res.Body) != tc.want {
				t.Errorf("body:\n got %q\nwant %q", res.Body, tc.want)
			}
			if string(res.Raw.Body) != string(tc.body) {
				t.Error("Raw.Body is not the payload as served")
			}
		})
	}
}

func TestToUTF8(t *testing.T) {
	text := turkish(t)
	w1254 := encodeWith(t, charmap.Windows1254, text)
	tests := map[string]struct {
		body        []byte
		contentType string
		want        string
		charset     string
	}{
		// The WHATWG reads latin1 as windows-1252; we keep the standard
		// rather than guess, so ğ ş ı İ come out as ð þ ý Ý.
		"latin1 label is windows-1252": {w1254, "text/html; charset=iso-8859-1",
			strings.NewReplacer("ğ", "ð", "ş", "þ", "ı", "ý", "İ", "Ý").Replace(text), "windows-1252"},
		"unknown label falls through":  {w1254, "text/html; charset=x-bogus", text, "windows-1254"},
		"bad Content-Type":             {[]byte("İstanbul"), "text/html; charset", "İstanbul", "utf-8"},
		"invalid UTF-8 is replaced":    {[]byte("a\xffb"), "text/plain; charset=utf-8", "a\uFFFDb", "utf-8"},
		"meta past 1024 bytes ignored": {[]byte(strings.Repeat(" ", 1100) + `<meta charset="windows-1254">İ`), "text/html", strings.Repeat(" ", 1100) + `<meta charset="windows-1254">İ`, "utf-8"},
		"meta in XML ignored":          {[]byte(`<feed><meta charset="windows-1254"/>İ</feed>`), "application/atom+xml", `<feed><meta charset="windows-1254"/>İ</feed>`, "utf-8"},
		"meta UTF-16 means UTF-8":      {[]byte(`<meta charset="utf-16">İ`), "text/html", `<meta charset="utf-16">İ`, "utf-8"},
		"only a leading declaration":   {[]byte(`<a><?xml version="1.0" encoding="windows-1254"?></a>`), "", `<a><?xml version="1.0" encoding="windows-1254"?></a>`, "utf-8"},
		"empty":                        {nil, "", "", "utf-8"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, charset, err := ToUTF8(tc.body, tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want || charset != tc.charset {
				t.Errorf("got %q (%s), want %q (%s)", got, charset, tc.want, tc.charset)
			}
		})
	}
}

func FuzzToUTF8(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-9"?><rss>\xfd\xf0</rss>`), "application/rss+xml")
	f.Add([]byte("<meta charset=windows-1254><p>\xdd\xfe"), "text/html")
	f.Add([]byte("\xff\xfe<\x00?\x00"), "text/xml; charset=utf-8")
	f.Add([]byte("\xef\xbb\xbfİstanbul"), "text/html; charset=latin1")
	f.Add([]byte("a\xc3"), "")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		out, charset, err := ToUTF8(body, contentType)
		if err != nil {
			return
		}
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 out of %q (%s)", body, charset)
		}
		if charset == "" {
			t.Fatal("no charset named")
		}
	})
}
