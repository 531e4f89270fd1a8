package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestWriteReadBack(t *testing.T) {
	tests := map[string]string{
		"hyperlink":       `=HYPERLINK("http://evil.example/","Bütçe tablosu")`,
		"at":              "@SUM(1+1)",
		"plus":            "+90 212 555 00 00",
		"minus":           "-2+3",
		"tab":             "\tgizli",
		"cr":              "\r=1",
		"plain":           "Kartal Belediyesi çalıştay",
		"inner =":         "a=b",
		"empty":           "",
		"quote":           `"=1"`,
		"negative number": "-0.5",
		"url":             "https://a.example/",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf)
			if err := w.Write([]string{in, "x"}); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			rec, err := csv.NewReader(&buf).Read()
			if err != nil {
				t.Fatal(err)
			}
			want := in
			if in != "" && bytes.ContainsAny([]byte{in[0]}, "=+-@\t\r") && name != "negative number" {
				want = "'" + in
			}
			if rec[0] != want || rec[1] != "x" {
				t.Errorf("read back %q, want %q", rec, want)
			}
		})
	}
}
