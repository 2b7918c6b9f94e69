//go:build !linux

package scanner

// makeLarge is make([]T, n, capacity) for the automaton's large arrays (see ac_linux.go).
func makeLarge[T any](n, capacity int) []T { return make([]T, n, capacity) }
