// Package pgtest gives tests a real PostgreSQL server: the package's tests
// share one server, started on first use from the machine's PostgreSQL
// binaries (initdb in a temporary directory, listening on 127.0.0.1 on a
// free port), and each test gets a database of its own. PostgreSQL refuses
// to run as root, so under root the server runs as the system user
// haberci-test, created when missing.
//
// Without PostgreSQL a developer's tests skip; with CI=true they fail, so a
// CI that lacks the server can never go green with these tests unrun
// (.ci/run installs Debian's postgresql-15).
//
// A package using it wraps its TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// User is the system user the server runs as when the tests run as root.
const User = "haberci-test"

// superuser is the database role initdb creates; the server trusts
// connections on 127.0.0.1 and its socket, which only the tests reach.
const superuser = "haberci"

// Server is one running PostgreSQL server.
type Server struct {
	dir  string // data directory and socket directory live under it
	port int
	cmd  *exec.Cmd
	done chan struct{} // closed when the postgres process has exited
	log  string        // server log file
	dbs  atomic.Int64  // databases created, for unique names
}

var (
	shared     *Server
	sharedErr  error
	sharedOnce sync.Once
)

// Main runs the package's tests and then stops the shared server if one
// was started. Use it as TestMain's body: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// URL returns the connection URL of a fresh, empty database on the shared
// server, dropped when tb ends. It skips tb when PostgreSQL is not
// installed, or fails it when CI=true.
func URL(tb testing.TB) string {
	tb.Helper()
	sharedOnce.Do(func() { shared, sharedErr = Start(context.Background()) })
	if sharedErr != nil {
		Unavailable(tb, sharedErr)
	}
	u, err := shared.CreateDB(context.Background())
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(func() {
		if err := shared.DropDB(context.Background(), u); err != nil {
			tb.Errorf("pgtest: %v", err)
		}
	})
	return u
}

// ErrNoPostgres is wrapped by Start's error when no PostgreSQL binaries are
// installed.
var ErrNoPostgres = errors.New("PostgreSQL is not installed")

// Unavailable ends a test that cannot have its server: a skip on a
// developer's machine, a failure in CI.
func Unavailable(tb testing.TB, err error) {
	tb.Helper()
	msg := "pgtest: no PostgreSQL server (" + err.Error() + "): install PostgreSQL ≥ 15 (Debian: apt-get install postgresql-15); .ci/run does this"
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
}

// BinDir finds the directory holding initdb and postgres: the one on PATH,
// else the newest /usr/lib/postgresql/N/bin (where Debian puts them, off
// PATH).
func BinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("%w: no initdb on PATH or in /usr/lib/postgresql/*/bin", ErrNoPostgres)
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// Start initialises a data directory in a new temporary directory and
// starts a server on it. Stop stops it and removes the directory.
func Start(ctx context.Context) (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	cred, err := credential()
	if err != nil {
		return nil, err
	}
	// A short path: the socket's must fit in 107 bytes.
	dir, err := os.MkdirTemp("", "pgtest")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	s := &Server{dir: dir, log: filepath.Join(dir, "server.log"), done: make(chan struct{})}
	fail := func(err error) (*Server, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return fail(fmt.Errorf("pgtest: %w", err))
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"),
		"-D", data, "-U", superuser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("pgtest: initdb: %w: %s", err, lastLines(out)))
	}
	// A free port can be taken by someone else before postgres binds it;
	// try a few.
	for attempt := 0; ; attempt++ {
		err := s.start(ctx, bin, data, cred)
		if err == nil {
			return s, nil
		}
		if attempt == 4 || ctx.Err() != nil {
			return fail(err)
		}
	}
}

func (s *Server) start(ctx context.Context, bin, data string, cred *syscall.Credential) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	logf, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer logf.Close()
	// Durability is not what the tests check: no fsync makes a test's
	// schema and commits fast on a shared machine. PGTEST_FSYNC=on keeps
	// PostgreSQL's durable defaults, for benchmarks of commits.
	args := []string{"-D", data, "-k", s.dir, "-h", "127.0.0.1", "-p", strconv.Itoa(port),
		"-c", "max_connections=200", "-c", "shared_buffers=32MB"}
	if os.Getenv("PGTEST_FSYNC") != "on" {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	// Pdeathsig: a test binary killed outright takes its server with it
	// (SIGQUIT is PostgreSQL's immediate shutdown).
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: postgres: %w", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	s.port, s.cmd, s.done = port, cmd, done

	deadline := time.Now().Add(60 * time.Second)
	for {
		c, err := pgx.Connect(ctx, s.url("postgres"))
		if err == nil {
			c.Close(ctx)
			return nil
		}
		select {
		case <-done:
			log, _ := os.ReadFile(s.log)
			return fmt.Errorf("pgtest: postgres exited: %s", lastLines(log))
		case <-ctx.Done():
			s.Stop()
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Signal(syscall.SIGQUIT)
			<-done
			return fmt.Errorf("pgtest: postgres not ready after 60s: %w", err)
		}
	}
}

// Port is the TCP port the server listens on (on 127.0.0.1).
func (s *Server) Port() int { return s.port }

func (s *Server) url(db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", superuser, s.port, db)
}

// CreateDB creates a new empty database and returns its URL.
func (s *Server) CreateDB(ctx context.Context) (string, error) {
	name := fmt.Sprintf("test_%d", s.dbs.Add(1))
	c, err := pgx.Connect(ctx, s.url("postgres"))
	if err != nil {
		return "", fmt.Errorf("create database: %w", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create database: %w", err)
	}
	return s.url(name), nil
}

var dbName = regexp.MustCompile(`/(test_[0-9]+)\?`)

// DropDB drops a database CreateDB made, ending its remaining sessions.
func (s *Server) DropDB(ctx context.Context, url string) error {
	m := dbName.FindStringSubmatch(url)
	if m == nil {
		return fmt.Errorf("drop database: %q is not a pgtest database", url)
	}
	c, err := pgx.Connect(ctx, s.url("postgres"))
	if err != nil {
		return fmt.Errorf("drop database: %w", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "DROP DATABASE "+m[1]+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database: %w", err)
	}
	return nil
}

// Stop shuts the server down (fast shutdown: sessions are ended) and
// removes its directory.
func (s *Server) Stop() error {
	defer os.RemoveAll(s.dir)
	if s.cmd == nil {
		return nil
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Signal(syscall.SIGQUIT)
		<-s.done
		return errors.New("pgtest: postgres did not stop within 30s")
	}
	return nil
}

// credential is who the server runs as: nil (the current user) unless we
// are root, then User, created if missing.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup(User)
	if err != nil {
		var unknown user.UnknownUserError
		if !errors.As(err, &unknown) {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
		useradd, err := exec.LookPath("useradd")
		if err != nil {
			useradd = "/usr/sbin/useradd" // root's PATH may lack sbin
		}
		out, err := exec.Command(useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", User).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("pgtest: useradd %s: %w: %s", User, err, lastLines(out))
		}
		if u, err = user.Lookup(User); err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("pgtest: user %s: %w", User, err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// lastLines keeps the end of a tool's output for an error message.
func lastLines(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return strings.Join(lines, "\n")
}
