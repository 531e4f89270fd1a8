package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ErrCannotAppend means AppendSources found no safe place for new sources
// in a file; the file is left untouched.
var ErrCannotAppend = errors.New("config: cannot append sources")

// AppendSources adds srcs to the end of the sources list of the config file
// at path, keeping every other byte of the file (comments, blank lines, key
// order). note, when not empty, goes above them as a comment. The edited
// text must load with the old sources followed by srcs, or nothing is
// written; the file is replaced atomically (temporary file and rename).
func AppendSources(path string, srcs []Source, note string) error {
	if len(srcs) == 0 {
		return nil
	}
	data, err := readCapped(path)
	if err != nil {
		return err
	}
	before, err := Parse(data, path)
	if err != nil {
		return err
	}
	edited, err := appendText(data, path, srcs, note)
	if err != nil {
		return err
	}
	after, err := Parse(edited, path)
	if err != nil {
		return fmt.Errorf("%w: the edited %s would not load: %w", ErrCannotAppend, path, err)
	}
	if !appended(before.Sources, srcs, after.Sources) {
		return fmt.Errorf("%w: %s: the edit would not read back as the old sources plus the new ones; add them by hand", ErrCannotAppend, path)
	}
	return replaceFile(path, edited)
}

// readCapped reads a config file, refusing one larger than Load would read.
func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if len(data) > maxFileBytes {
		return nil, &Error{File: path, Kind: ErrTooLarge, Msg: fmt.Sprintf("larger than %d bytes", maxFileBytes)}
	}
	return data, nil
}

// appended reports whether got is old followed by added, compared on what
// a reader of the file would see.
func appended(old, added, got []Source) bool {
	want := append(append([]Source(nil), old...), added...)
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Type != w.Type || g.URL != w.URL || g.Name != w.Name || g.Schedule != w.Schedule {
			return false
		}
	}
	return true
}

// replaceFile writes data next to path and renames it over path, so a
// crash leaves either the old file or the new one, with the old mode.
func replaceFile(path string, data []byte) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	_, err = io.Copy(tmp, bytes.NewReader(data))
	if err == nil {
		err = tmp.Chmod(st.Mode().Perm())
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("config: write %s: %w", path, err)
	}
	return nil
}

// entryLines renders one source as a block list item at indent.
func entryLines(s Source, indent, nl string) (string, error) {
	out, err := yaml.Marshal(s.Entry())
	if err != nil {
		return "", fmt.Errorf("config: %w", err)
	}
	var b strings.Builder
	for i, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		lead := "  "
		if i == 0 {
			lead = "- "
		}
		b.WriteString(indent + lead + line + nl)
	}
	return b.String(), nil
}
