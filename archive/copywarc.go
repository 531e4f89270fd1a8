package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrWARCClash means the target directory of CopyWARC holds a file of a
// WARC file's name with other content than the archive's file (and not a
// beginning of it): CopyWARC never overwrites it.
var ErrWARCClash = errors.New("archive: another file of that name is in the target directory")

// WARCCopy counts what CopyWARC did.
type WARCCopy struct {
	Files   int   // copied
	Bytes   int64 // copied
	Skipped int   // already there, the same
}

// CopyWARC copies the WARC files the captures are in (WARCFiles) into dir,
// the nodes' warc_dir, under the same names, so that the captures resolve
// there after the archive was copied into another store (haberci migrate).
// Nothing is copied when dir is the archive's own WARC directory. A file
// already in dir with the same size and SHA-256 is skipped, so a run after
// an interrupted one copies only the rest; one holding a beginning of the
// archive's file (a copy cut short, or made before the archive grew) is
// replaced; any other is ErrWARCClash. Each file is written under a
// temporary name, fsynced and renamed into place, so a file under its own
// name is always whole. Run it with no writer appending (daemon stopped).
// progress, when not nil, is called after each file.
func (a *Archive) CopyWARC(ctx context.Context, dir string, progress func(name string, copied bool)) (WARCCopy, error) {
	var st WARCCopy
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, fmt.Errorf("archive: copy WARC: %w", err)
	}
	if same, err := sameDir(a.warcDir, dir); err != nil || same {
		return st, err
	}
	names, err := a.WARCFiles(ctx)
	if err != nil {
		return st, err
	}
	for _, name := range names {
		n, err := copyWARCFile(ctx, a.WARCPath(name), filepath.Join(dir, filepath.Base(name)))
		if err != nil {
			return st, err
		}
		if n < 0 {
			st.Skipped++
		} else {
			st.Files++
			st.Bytes += n
		}
		if progress != nil {
			progress(name, n >= 0)
		}
	}
	if st.Files > 0 {
		return st, syncPath(dir)
	}
	return st, nil
}

// sameDir reports whether a and b are one directory; a missing a is not b.
func sameDir(a, b string) (bool, error) {
	ai, err := os.Stat(a)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("archive: copy WARC: %w", err)
	}
	bi, err := os.Stat(b)
	if err != nil {
		return false, fmt.Errorf("archive: copy WARC: %w", err)
	}
	return os.SameFile(ai, bi), nil
}

// copyWARCFile copies src to dst unless dst is already the same (-1);
// it returns the bytes copied.
func copyWARCFile(ctx context.Context, src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, fmt.Errorf("archive: copy WARC: %w", err)
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return 0, fmt.Errorf("archive: copy WARC: %w", err)
	}
	switch there, err := prefixOf(ctx, dst, in, fi.Size()); {
	case err != nil:
		return 0, err
	case there == fi.Size():
		return -1, nil
	}
	// Temporary files of an interrupted run go first.
	if old, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")); len(old) > 0 {
		for _, f := range old {
			os.Remove(f)
		}
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("archive: copy WARC: %w", err)
	}
	out, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("archive: copy WARC: %w", err)
	}
	n, err := io.Copy(out, io.LimitReader(ctxReader{ctx, in}, fi.Size()))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(out.Name(), dst)
	}
	if err != nil {
		os.Remove(out.Name())
		return 0, fmt.Errorf("archive: copy WARC %s: %w", filepath.Base(src), err)
	}
	return n, nil
}

// prefixOf returns the size of dst when it holds the first bytes of src
// (size bytes long; all of them when it is a whole copy), -1 when there is
// no dst, and ErrWARCClash when dst holds anything else.
func prefixOf(ctx context.Context, dst string, src io.Reader, size int64) (int64, error) {
	f, err := os.Open(dst)
	if errors.Is(err, os.ErrNotExist) {
		return -1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("archive: copy WARC: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("archive: copy WARC: %w", err)
	}
	if fi.Size() > size {
		return 0, fmt.Errorf("%w: %s is larger than the archive's file", ErrWARCClash, dst)
	}
	have, want := sha256.New(), sha256.New()
	if _, err := io.Copy(have, ctxReader{ctx, f}); err != nil {
		return 0, fmt.Errorf("archive: copy WARC: %w", err)
	}
	if _, err := io.Copy(want, io.LimitReader(ctxReader{ctx, src}, fi.Size())); err != nil {
		return 0, fmt.Errorf("archive: copy WARC: %w", err)
	}
	if !bytes.Equal(have.Sum(nil), want.Sum(nil)) {
		return 0, fmt.Errorf("%w: %s", ErrWARCClash, dst)
	}
	return fi.Size(), nil
}
