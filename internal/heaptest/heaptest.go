// Package heaptest measures the live heap for tests and benchmarks that
// check what a middleware keeps in memory.
package heaptest

import "runtime"

// Live returns the bytes of live heap objects after a full collection
// (two, so that objects freed by finalizers are gone too).
func Live() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
