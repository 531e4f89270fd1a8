package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// buildDate is when the binary was built, set by the build:
// go build -ldflags "-X main.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)".
// Go's build info records no build time of its own.
var buildDate string

// buildVersion is what `haberci version` prints about a build.
type buildVersion struct {
	Module    string // the main module's version: a tag, a pseudo-version or "(devel)"
	Commit    string // the VCS revision, with "+dirty" when the tree had changes
	CommitAt  string // the revision's commit time
	BuiltAt   string // buildDate
	GoVersion string
}

// readVersion reads the build info of a binary built with it; fields the
// build did not record are "unknown" (a build with -buildvcs=false records
// no commit).
func readVersion(info *debug.BuildInfo, ok bool, built string) buildVersion {
	v := buildVersion{Module: "unknown", Commit: "unknown", CommitAt: "unknown", BuiltAt: "unknown", GoVersion: "unknown"}
	if built != "" {
		v.BuiltAt = built
	}
	if !ok || info == nil {
		return v
	}
	if info.Main.Version != "" {
		v.Module = info.Main.Version
	}
	if info.GoVersion != "" {
		v.GoVersion = info.GoVersion
	}
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.CommitAt = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && v.Commit != "unknown" {
		v.Commit += "+dirty"
	}
	return v
}

// write prints v, one field a line.
func (v buildVersion) write(w io.Writer) {
	fmt.Fprintf(w, "haberci %s\ncommit:    %s\ncommitted: %s\nbuilt:     %s\ngo:        %s\n",
		v.Module, v.Commit, v.CommitAt, v.BuiltAt, v.GoVersion)
}

func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: haberci version\n\nPrint the module version, VCS commit, commit time, build date and Go version of this binary.")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"version takes no arguments: " + strings.Join(fs.Args(), " ")}
	}
	info, ok := debug.ReadBuildInfo()
	readVersion(info, ok, buildDate).write(stdout)
	return nil
}
