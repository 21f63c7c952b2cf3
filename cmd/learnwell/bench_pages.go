package main

import (
	"context"
	"flag"
	"time"

	"learnwell"
	"learnwell/internal/bench"
)

// pagesFlags are the flags of `learnwell bench pages`.
type pagesFlags struct {
	runs        int
	courses     int
	chromium    string
	latency     time.Duration
	downKbps    float64
	upKbps      float64
	cpuSlowdown float64
}

func (p *pagesFlags) register(fs *flag.FlagSet) {
	m := bench.MobileProfile
	fs.IntVar(&p.runs, "runs", 3, "bench pages: cold loads of each page (the LCP printed is their median)")
	fs.IntVar(&p.courses, "courses", 0, "bench pages: courses in the demo (default: the demo's own number)")
	fs.StringVar(&p.chromium, "chromium", "/usr/bin/chromium", "bench pages: the headless Chromium to drive")
	fs.DurationVar(&p.latency, "latency", m.Latency, "bench pages: latency added to each request")
	fs.Float64Var(&p.downKbps, "down-kbps", m.DownKbps, "bench pages: download throughput, kilobits a second")
	fs.Float64Var(&p.upKbps, "up-kbps", m.UpKbps, "bench pages: upload throughput, kilobits a second")
	fs.Float64Var(&p.cpuSlowdown, "cpu-slowdown", m.CPUSlowdown, "bench pages: how many times slower the CPU runs")
}

// benchPages runs `learnwell bench pages`.
func benchPages(ctx context.Context, e *env, o *benchOptions) error {
	p := o.pages
	var v learnwell.Validation
	if p.runs < 1 || p.runs > 50 {
		v.Add("--runs", "Give a number of loads between 1 and 50")
	}
	if p.courses < 0 || p.courses > 1_000_000 {
		v.Add("--courses", "Give a number of courses between 1 and 1000000, or leave it out for the demo's own")
	}
	if p.latency < 0 || p.latency > 10*time.Second {
		v.Add("--latency", "Give a latency between 0s and 10s, like 150ms")
	}
	if p.downKbps <= 0 || p.upKbps <= 0 {
		v.Add("--down-kbps", "Give throughputs above 0 kilobits a second, like 1600 and 750")
	}
	if p.cpuSlowdown < 1 || p.cpuSlowdown > 20 {
		v.Add("--cpu-slowdown", "Give a slowdown between 1 (none) and 20")
	}
	if err := v.Err(); err != nil {
		return err
	}
	rep, err := bench.MeasurePages(ctx, bench.PagesOptions{Seed: o.seed, Config: e.cfg, Progress: e.stderr, Chromium: p.chromium, Runs: p.runs, Courses: p.courses,
		Profile: bench.Throttle{Latency: p.latency, DownKbps: p.downKbps, UpKbps: p.upKbps, CPUSlowdown: p.cpuSlowdown}})
	if err != nil {
		return err
	}
	rep.Write(e.stdout, o.markdown)
	return nil
}
