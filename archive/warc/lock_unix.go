//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package warc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// ErrLocked is returned by OpenWriter when another Writer, in this process
// or another, holds the directory: two appenders would interleave records
// and the tail repair of one could cut the other's record in half.
var ErrLocked = errors.New("warc: directory is locked by another writer")

// lockDir takes an exclusive, non-blocking flock on DIR/NAME. The kernel
// drops it when the process dies, so a crash never leaves a stale lock.
func lockDir(dir, name string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("warc: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, dir)
		}
		return nil, fmt.Errorf("warc: lock: %w", err)
	}
	return f, nil
}
