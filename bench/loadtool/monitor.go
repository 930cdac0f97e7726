package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/iograph/iograph/bench/internal/benchkit"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc/PID/stat's CPU
// times: 100 on every Linux this runs on.
const clockTicks = 100

// Sample is the server's memory (and the CPU it and Neo4j have used) at
// one second of the run.
type Sample struct {
	At      float64 `json:"t_s"` // seconds since the monitor started
	Phase   string  `json:"phase"`
	RSSKB   int64   `json:"vmrss_kb"`
	HWMKB   int64   `json:"vmhwm_kb"`
	CPU     float64 `json:"server_cpu_s"`          // since the server started
	Neo4jCP float64 `json:"neo4j_cpu_s,omitempty"` // since Neo4j started
}

// Resources is what the server and Neo4j used in one phase.
type Resources struct {
	// PeakKB is the server's peak resident memory in the phase: VmHWM,
	// reset at the phase's start when the tool started the server (else
	// VmHWM since the server started), or at least the largest sample.
	PeakKB     int64   `json:"peak_rss_kb,omitempty"`
	PeakIsHWM  bool    `json:"peak_is_vmhwm"`
	RSSMinKB   int64   `json:"vmrss_min_kb,omitempty"`
	RSSMedKB   int64   `json:"vmrss_median_kb,omitempty"`
	RSSMaxKB   int64   `json:"vmrss_max_kb,omitempty"`
	RSSEndKB   int64   `json:"vmrss_end_kb,omitempty"`
	Sampled    bool    `json:"server_sampled"` // the server's pid was known
	ServerCPU  float64 `json:"server_cpu_s"`
	Neo4jCPU   float64 `json:"neo4j_cpu_s,omitempty"`
	ToolCPU    float64 `json:"loadtool_cpu_s"`
	LoadAvg    string  `json:"load_average_at_end"`
	HWMNoReset string  `json:"vmhwm_not_reset,omitempty"` // why VmHWM could not be reset
}

// monitor samples the server's /proc every second.
type monitor struct {
	pid, neo4j int
	resetHWM   bool // the tool started the server: it may reset its VmHWM
	t0         time.Time
	mu         sync.Mutex
	phase      string
	all        []Sample
	quit, done chan struct{}
}

func newMonitor(pid int, resetHWM bool, neo4j int) *monitor {
	return &monitor{pid: pid, neo4j: neo4j, resetHWM: resetHWM, phase: "setup",
		quit: make(chan struct{}), done: make(chan struct{})}
}

func (m *monitor) start() {
	m.t0 = time.Now()
	go func() {
		defer close(m.done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			m.sample()
			select {
			case <-m.quit:
				return
			case <-t.C:
			}
		}
	}()
}

func (m *monitor) stop() {
	select {
	case <-m.quit:
	default:
		close(m.quit)
		<-m.done
	}
}

func (m *monitor) sample() {
	if m.pid <= 0 {
		return
	}
	rss, hwm, err := memory(m.pid)
	if err != nil {
		return // the server has gone; the run reports it
	}
	s := Sample{At: time.Since(m.t0).Seconds(), RSSKB: rss, HWMKB: hwm}
	s.CPU, _ = cpuSeconds(m.pid)
	if m.neo4j > 0 {
		s.Neo4jCP, _ = cpuSeconds(m.neo4j)
	}
	m.mu.Lock()
	s.Phase = m.phase
	m.all = append(m.all, s)
	m.mu.Unlock()
}

func (m *monitor) samples() []Sample {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.all)
}

// mark is the state at a phase's start.
type mark struct {
	phase            string
	serverCPU, neo4j float64
	tool             float64
	hwmReset         string // why VmHWM was not reset ("" when it was)
}

// begin starts a phase: later samples carry its name, and the server's
// VmHWM is reset (clear_refs 5) so that it reads the phase's own peak.
func (m *monitor) begin(phase string) mark {
	mk := mark{phase: phase, tool: toolCPU()}
	if m.pid > 0 {
		mk.serverCPU, _ = cpuSeconds(m.pid)
		switch {
		case !m.resetHWM:
			mk.hwmReset = "attached server: VmHWM is its peak since it started"
		default:
			if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", m.pid), []byte("5"), 0); err != nil {
				mk.hwmReset = "cannot reset VmHWM: " + err.Error()
			}
		}
	}
	if m.neo4j > 0 {
		mk.neo4j, _ = cpuSeconds(m.neo4j)
	}
	m.mu.Lock()
	m.phase = phase
	m.mu.Unlock()
	m.sample()
	return mk
}

// end closes the phase begun with mk and sums up its samples.
func (m *monitor) end(mk mark) Resources {
	m.sample()
	r := Resources{ToolCPU: toolCPU() - mk.tool, LoadAvg: benchkit.LoadAvg(), HWMNoReset: mk.hwmReset}
	m.mu.Lock()
	m.phase = "between"
	var rss []int64
	var last Sample
	for _, s := range m.all {
		if s.Phase == mk.phase {
			rss = append(rss, s.RSSKB)
			last = s
		}
	}
	m.mu.Unlock()
	if m.neo4j > 0 {
		if c, err := cpuSeconds(m.neo4j); err == nil {
			r.Neo4jCPU = c - mk.neo4j
		}
	}
	if m.pid <= 0 {
		return r
	}
	r.Sampled = true
	if c, err := cpuSeconds(m.pid); err == nil {
		r.ServerCPU = c - mk.serverCPU
	}
	if len(rss) == 0 {
		return r
	}
	slices.Sort(rss)
	r.RSSMinKB, r.RSSMedKB, r.RSSMaxKB, r.RSSEndKB = rss[0], rss[len(rss)/2], rss[len(rss)-1], last.RSSKB
	r.PeakKB, r.PeakIsHWM = r.RSSMaxKB, false
	if last.HWMKB >= r.PeakKB {
		r.PeakKB, r.PeakIsHWM = last.HWMKB, true
	}
	return r
}

// memory reads VmRSS and VmHWM (kB) from /proc/PID/status.
func memory(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "VmRSS:":
			rss, _ = strconv.ParseInt(f[1], 10, 64)
		case "VmHWM:":
			hwm, _ = strconv.ParseInt(f[1], 10, 64)
		}
	}
	return rss, hwm, nil
}

// cpuSeconds is a process's user+system CPU time from /proc/PID/stat.
func cpuSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; fields after it start
	// at state (field 3), so utime (14) and stime (15) are 11 and 12.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b)[i+1:])
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return float64(u+s) / clockTicks, nil
}

// toolCPU is this process's own CPU time: the clients share the machine
// with the server.
func toolCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}
