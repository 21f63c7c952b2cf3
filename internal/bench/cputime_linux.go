package bench

import "golang.org/x/sys/unix"

// threadCPU returns the CPU time of the calling thread in nanoseconds, so
// that latency on a busy machine can be told apart from time spent waiting
// for a core.
func threadCPU() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return ts.Nano()
}

// processCPU returns the CPU time of the whole process (user and system) in
// nanoseconds.
func processCPU() int64 {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
