package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/haberci/haberci/internal/pgtest"
)

// pgServer hands each PostgreSQL phase a new database on one server: one
// that internal/pgtest starts, durable (fsync on, as the SQLite archive
// commits with synchronous=FULL), or the one -database names.
type pgServer struct {
	admin string         // a database to connect to for CREATE and DROP DATABASE
	srv   *pgtest.Server // nil when the server is -database's
	made  int
	pm    int // the postmaster's pid, 0 when it is not on this machine
}

// openPG starts a server, or connects to the one at database.
func openPG(ctx context.Context, database string) (*pgServer, error) {
	p := &pgServer{admin: database}
	if database == "" {
		// pgtest turns fsync off unless told: a benchmark of commits wants it.
		os.Setenv("PGTEST_FSYNC", "on")
		srv, err := pgtest.Start(ctx)
		if err != nil {
			return nil, fmt.Errorf("pipeline: PostgreSQL: %w", err)
		}
		p.srv = srv
		if p.admin, err = srv.CreateDB(ctx); err != nil {
			srv.Stop()
			return nil, fmt.Errorf("pipeline: PostgreSQL: %w", err)
		}
	}
	pm, err := p.postmaster(ctx)
	if err != nil {
		p.close()
		return nil, err
	}
	p.pm = pm
	return p, nil
}

// create makes a new database and returns its URL and how to drop it.
func (p *pgServer) create(ctx context.Context) (string, func(), error) {
	p.made++
	name := fmt.Sprintf("haberci_bench_%d_%d", os.Getpid(), p.made)
	u, err := url.Parse(p.admin)
	if err != nil {
		return "", nil, fmt.Errorf("pipeline: -database: %w", err)
	}
	u.Path = "/" + name
	if err := p.exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	return u.String(), func() { p.exec(context.WithoutCancel(ctx), "DROP DATABASE "+name+" WITH (FORCE)") }, nil
}

func (p *pgServer) exec(ctx context.Context, sql string) error {
	c, err := pgx.Connect(ctx, p.admin)
	if err != nil {
		return fmt.Errorf("pipeline: PostgreSQL: %w", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, sql); err != nil {
		return fmt.Errorf("pipeline: PostgreSQL: %s: %w", sql, err)
	}
	return nil
}

// close stops the server pgtest started.
func (p *pgServer) close() error {
	if p.srv == nil {
		return nil
	}
	return p.srv.Stop()
}

// postmaster finds the server's postmaster: the parent of this session's
// backend, 0 when the server runs on another machine.
func (p *pgServer) postmaster(ctx context.Context) (int, error) {
	c, err := pgx.Connect(ctx, p.admin)
	if err != nil {
		return 0, fmt.Errorf("pipeline: PostgreSQL: %w", err)
	}
	defer c.Close(ctx)
	var backend int
	if err := c.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		return 0, fmt.Errorf("pipeline: PostgreSQL: %w", err)
	}
	t, ok := procTimes(backend)
	if !ok {
		return 0, nil
	}
	return t.ppid, nil
}

// cpu is the server's CPU time so far: its postmaster's, that of the
// processes it runs, and that of those that exited (the postmaster reaps
// them: its children's times). 0 without a server on this machine.
func (p *pgServer) cpu() time.Duration {
	if p == nil || p.pm == 0 {
		return 0
	}
	entries, _ := os.ReadDir("/proc")
	var ticks int64
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		t, ok := procTimes(pid)
		switch {
		case !ok:
		case pid == p.pm:
			ticks += t.utime + t.stime + t.cutime + t.cstime
		case t.ppid == p.pm:
			ticks += t.utime + t.stime
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// clockTicks is the unit of /proc/PID/stat's times (USER_HZ), 100 on
// every Linux platform.
const clockTicks = 100

// procStat is the part of /proc/PID/stat the server's CPU time needs.
type procStat struct {
	ppid                         int
	utime, stime, cutime, cstime int64
}

// procTimes reads a process's parent and CPU times; false when it is gone
// or /proc is not there.
func procTimes(pid int) (procStat, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	i := bytes.LastIndexByte(b, ')') // the command name may hold spaces
	if err != nil || i < 0 {
		return procStat{}, false
	}
	// f[0] is field 3 (state): the parent is field 4, the times 14 to 17.
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 15 {
		return procStat{}, false
	}
	var v [5]int64
	for j, k := range []int{1, 11, 12, 13, 14} {
		if v[j], err = strconv.ParseInt(f[k], 10, 64); err != nil {
			return procStat{}, false
		}
	}
	return procStat{ppid: int(v[0]), utime: v[1], stime: v[2], cutime: v[3], cstime: v[4]}, true
}
