package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/shieldscan/shieldscan/scanner/emulate"
)

func main() {
	// The emulator's sandbox is this program, started again as a child (scanner/emulate).
	if emulate.IsChild() {
		os.Exit(emulate.ChildMain())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
