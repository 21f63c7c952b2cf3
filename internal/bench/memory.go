package bench

import (
	"bufio"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// Memory is what the process held at each stage, in bytes. RSS figures come
// from /proc/self/status (0 where it is missing).
type Memory struct {
	// LoadPeakRSS is the peak RSS while the demo loaded (VmHWM): the
	// generator, the one big transaction and the engine's driver. A server
	// does not load its directory this way.
	LoadPeakRSS int64
	// BeforeBuildRSS is the RSS after the load, once garbage is collected
	// and returned to the OS: the binary, the driver and its caches.
	BeforeBuildRSS int64
	// BuildPeakRSS is the peak RSS while the index was built from the
	// store (VmHWM, reset after the load where Linux allows): every
	// listing decoded, the documents and the new index at once. A node
	// pays it at start and at each periodic rebuild.
	BuildPeakRSS int64
	// IndexHeap is the Go heap the built index holds (live heap after
	// minus before the build).
	IndexHeap int64
	// AfterBuildHeapInuse is the Go heap in use after the build, once
	// garbage is collected.
	AfterBuildHeapInuse uint64
	// AfterBuildRSS is the RSS after the build, collected and returned.
	AfterBuildRSS int64
	// ServePeakRSS is the peak RSS while searching in process and serving
	// pages over HTTP (VmHWM, reset after the build where Linux allows).
	ServePeakRSS int64
	// AfterServeRSS is the RSS at the end of the HTTP run.
	AfterServeRSS int64
}

// freeMemory collects garbage and returns what it can to the OS.
func freeMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func heapInuse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// resetPeakRSS resets VmHWM to the current RSS (Linux 4.0 and later), so
// that the next peakRSS covers only what follows. It does nothing elsewhere.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS returns VmHWM, the peak resident set since the start or the last
// resetPeakRSS.
func peakRSS() int64 { return procStatus("VmHWM") }

// currentRSS returns VmRSS.
func currentRSS() int64 { return procStatus("VmRSS") }

// procStatus reads one "kB" field of /proc/self/status, in bytes.
func procStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

// machine describes this computer.
func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		m.MemoryLimitMB = int(limit >> 20)
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				m.MemoryMB = int(kb >> 10)
			}
		}
	}
	return m
}
