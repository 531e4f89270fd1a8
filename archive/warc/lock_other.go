//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package warc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrLocked is returned by OpenWriter when another Writer holds the
// directory. On this platform the lock is not enforced.
var ErrLocked = errors.New("warc: directory is locked by another writer")

// lockDir only creates DIR/NAME here: flock is not available.
func lockDir(dir, name string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("warc: lock: %w", err)
	}
	return f, nil
}
