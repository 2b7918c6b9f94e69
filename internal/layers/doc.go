// Package layers holds no code: its test checks the import rules of ../shared/STYLE.md, so that
// the data flow (resources in → sources → matcher → classification → report out) stays as
// drawn. It runs `go list`, so the go command must be on PATH.
package layers
