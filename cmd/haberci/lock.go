package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// errOwned means another process (normally "haberci serve") owns data_dir.
var errOwned = errors.New("another haberci process owns the data directory")

// dirLock is an exclusive flock on data_dir/LOCK: one process owns the data
// directory at a time. The kernel drops it when the process dies, so a
// kill -9 never leaves a stale lock behind.
type dirLock struct{ f *os.File }

func lockDataDir(dir string) (*dirLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w", dir, errOwned)
		}
		return nil, err
	}
	// What a former owner announced is no longer true.
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, err
	}
	return &dirLock{f: f}, nil
}

// announceServe writes "PID serve" into the LOCK file: a daemon that
// reloads its config file on SIGHUP, so that "sources import --config"
// knows whom to tell. Other owners leave the file empty.
func (l *dirLock) announceServe() error {
	_, err := fmt.Fprintf(l.f, "%d serve\n", os.Getpid())
	return err
}

// servePID returns the pid of the "haberci serve" that owns dir, if the
// owner is one (see announceServe).
func servePID(dir string) (int, bool) {
	b, err := os.ReadFile(filepath.Join(dir, "LOCK"))
	if err != nil {
		return 0, false
	}
	var pid int
	var what string
	if _, err := fmt.Sscanf(string(b), "%d %s", &pid, &what); err != nil || what != "serve" || pid <= 0 {
		return 0, false
	}
	return pid, true
}

func (l *dirLock) release() {
	if l != nil && l.f != nil {
		_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
	}
}
