package emulate

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	if IsChild() {
		os.Exit(ChildMain())
	}
	os.Exit(m.Run())
}

// children bounds the emulator children the tests run at once: the
// machine is small and shared, and a starved child would hit its budget.
var children = make(chan struct{}, 2)

// runLimited is Run with at most cap(children) children at once.
func runLimited(ctx context.Context, src []byte, opts Options) (*Result, error) {
	children <- struct{}{}
	defer func() { <-children }()
	return Run(ctx, src, opts)
}

// testTimeout is the budget of tests that are not about the budget: ample,
// so that a loaded machine (go test -race ./... on two cores) does not cut
// them short.
const testTimeout = 30 * time.Second

func run(t *testing.T, src string, opts Options) *Result {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = testTimeout
	}
	res, err := runLimited(context.Background(), []byte(src), opts)
	if err != nil {
		t.Fatalf("Run(%.40q) error: %v", src, err)
	}
	return res
}
