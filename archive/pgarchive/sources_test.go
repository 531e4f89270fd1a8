package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/haberci/haberci/archive"
)

// Nodes adding run-time sources with one URL at once: exactly one gets it,
// every other is told which source holds it (the checks and the insert are
// one step across nodes).
func TestAddSourceAcrossNodes(t *testing.T) {
	ctx := context.Background()
	_, url := open(t)
	const nodes = 8
	stores := make([]*Store, nodes)
	for i := range stores {
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, nodes)
	for i, s := range stores {
		wg.Go(func() {
			<-start
			src := archive.SourceInfo{ID: fmt.Sprintf("bolu-%d", i), Type: "feed", URL: "https://www.bolu.bel.tr/feed/"}
			errs[i] = s.AddSource(ctx, src, src.URL)
		})
	}
	close(start)
	wg.Wait()
	added := 0
	for i, err := range errs {
		var ee *archive.ExistsError
		switch {
		case err == nil:
			added++
		case !errors.As(err, &ee) || ee.Field != "url":
			t.Errorf("node %d: %v, want the URL taken", i, err)
		}
	}
	if added != 1 {
		t.Errorf("%d nodes added the URL, want 1", added)
	}
}
