package warc

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/haberci/haberci/article"
)

// writeMember writes one hand-made record as a gzip member to a new file.
func writeMember(t *testing.T, fields []field, block []byte) (string, int64) {
	t.Helper()
	var buf bytes.Buffer
	if err := encodeMember(gzip.NewWriter(nil), &buf, fields, block); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hand.warc.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, int64(buf.Len())
}

func TestReadRecordRejects(t *testing.T) {
	body := fixture(t, "kartal-belediyesi-2020-06-iha.txt")
	block := httpBlock(article.Response{Status: 200, Header: [][2]string{{"Content-Type", "text/plain"}}, Body: body})
	good := func() []field {
		return []field{
			{"WARC-Type", "response"},
			{"WARC-Record-ID", newRecordID()},
			{"Content-Type", "application/http;msgtype=response"},
			{"WARC-Payload-Digest", Digest(body)},
			{"WARC-Block-Digest", Digest(block)},
			{"Content-Length", strconv.Itoa(len(block))},
		}
	}
	tests := map[string]struct {
		fields  func() []field
		block   []byte
		length  func(n int64) int64
		wantErr error
	}{
		"payload digest of other bytes": {
			fields: func() []field {
				f := good()
				f[3].value = Digest(body[1:])
				return f
			},
			block: block, wantErr: ErrDigest,
		},
		"block digest of other bytes": {
			fields: func() []field {
				f := good()
				f[4].value = Digest(body)
				return f
			},
			block: block, wantErr: ErrDigest,
		},
		"content length too short": {
			fields: func() []field {
				f := good()
				f[5].value = strconv.Itoa(len(block) - 10)
				return f
			},
			block: block, wantErr: ErrMalformed,
		},
		"huge content length": {
			fields: func() []field {
				f := good()
				f[5].value = "999999999999"
				return f
			},
			block: block, wantErr: ErrTooLarge,
		},
		"length shorter than the member": {
			fields: good, block: block,
			length:  func(n int64) int64 { return n - 1 },
			wantErr: ErrMalformed,
		},
		"length longer than the member": {
			fields: good, block: block,
			length:  func(n int64) int64 { return n + 1 },
			wantErr: ErrMalformed,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			path, n := writeMember(t, tc.fields(), tc.block)
			if tc.length != nil {
				// Pad the file so a longer length still lies inside it.
				f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
				f.Write([]byte("\x00\x00"))
				f.Close()
				n = tc.length(n)
			}
			_, err := ReadRecord(path, 0, n)
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
	t.Run("the good record reads", func(t *testing.T) {
		path, n := writeMember(t, good(), block)
		rec, err := ReadRecord(path, 0, n)
		if err != nil || !bytes.Equal(rec.Payload, body) || rec.HTTPStatus != 200 {
			t.Fatalf("good record: %v", err)
		}
	})
}

func TestReadRecordFlippedByte(t *testing.T) {
	w, dir := openTemp(t, 0)
	c, err := w.WriteResponse(article.Response{URL: "https://example.org/", Status: 200, Body: fixture(t, "mozilla-2.html")})
	if err != nil {
		t.Fatal(err)
	}
	w.Sync()
	path := filepath.Join(dir, c.WARCFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[c.Offset+c.Length/2] ^= 0x40
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadRecord(path, c.Offset, c.Length); !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrDigest) {
		t.Errorf("damaged record read back: err = %v", err)
	}
}
