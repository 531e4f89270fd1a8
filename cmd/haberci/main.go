// Command haberci crawls Turkish news agencies and municipalities, archives
// every capture and serves Turkish full-text search. Run "haberci --help".
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// command is one subcommand.
type command struct {
	name, args, help string
	run              func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "", "run the scheduler and the API until SIGINT/SIGTERM", runServe},
		{"crawl", "[--source ID]...", "crawl the sources once and print a summary per source", runCrawl},
		{"search", "[--json] [--limit N] QUERY", "search the archive", runSearch},
		{"reindex", "", "rebuild the search index from the archive", runReindex},
		{"sources", "[import FILE.opml | add | pause ID | resume ID]", "list the sources and their fetch state, or add, import, pause and resume them", runSources},
		{"extract", "[--url URL] [--source ID] FILE|-", "extract the article from a saved page and print it as JSON", runExtract},
		{"check", "[--repair]", "verify the archive, every capture's WARC record and the index (daemon stopped)", runCheck},
		{"export", "--format jsonl|csv|warc [--out PATH] [--from --to --source --query]", "stream articles for archivists", runExport},
		{"backup", "DIR", "copy data_dir consistently into DIR, also while serve runs", runBackup},
		{"migrate", "--to postgres://…", "copy the archive into PostgreSQL and verify the copy (daemon stopped)", runMigrate},
		{"coverage", "[--csv] [--json] ARTICLE_ID|QUERY", "every outlet that carried a story, or the stories of a query", runCoverage},
		{"watch", "add|ls|show|rm|matches …", "watch a release or a search: where it is carried, delivered by feed, webhook and e-mail", runWatch},
		{"version", "", "print the version, commit and build date of this binary", runVersion},
	}
}

// usageError makes main exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr) // a usage error: scripts read stdout
		return 2
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return 0
	}
	if args[0] == "--version" {
		args = []string{"version"}
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		var ue usageError
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "haberci %s: %s\nRun 'haberci %s --help' for usage.\n", c.name, ue.msg, c.name)
			return 2
		default:
			fmt.Fprintf(stderr, "haberci %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "haberci: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Haberci crawls Turkish news sources, archives every capture and serves Turkish full-text search.")
	fmt.Fprintln(w, "\nUsage: haberci COMMAND [--config FILE] [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.help)
	}
	fmt.Fprintln(w, "\nWithout --config the embedded defaults apply: data in ./data, API on 127.0.0.1:8080,")
	fmt.Fprintln(w, "real Turkish agency and municipality sources. 'haberci COMMAND --help' shows a command's flags.")
}
