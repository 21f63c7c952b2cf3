//go:build !linux

package search

// threadCPU returns 0 where a thread's CPU time is not at hand.
func threadCPU() int64 { return 0 }

// processCPU returns 0 where the process's CPU time is not at hand.
func processCPU() int64 { return 0 }
