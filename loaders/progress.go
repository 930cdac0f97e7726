package loaders

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Progress reports rows, bytes, rate and ETA: a bar on a terminal, a log
// line every interval otherwise (CI logs, nohup). It polls counters, so the
// hot parse loop only does atomic adds.
type Progress struct {
	total    atomic.Int64 // bytes expected
	pos      []*Counter
	rows     atomic.Int64
	mu       sync.Mutex
	label    string
	phase    string // what runs after the files are read, when it has begun
	phaseAt  time.Time
	handed   bool // another process reports from here (Hand)
	bar      *progressbar.ProgressBar
	log      *slog.Logger
	interval time.Duration
	stop     chan struct{}
	done     chan struct{}
	started  time.Time
}

// NewProgress draws on w when it is a terminal and logs to log otherwise.
func NewProgress(w io.Writer, log *slog.Logger, interval time.Duration) *Progress {
	p := &Progress{log: log, interval: interval, stop: make(chan struct{}), done: make(chan struct{}), started: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// Track adds an entry's byte counter and size to the totals.
func (p *Progress) Track(label string, size int64, c *Counter) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.pos = append(p.pos, c)
	p.label = label
	p.mu.Unlock()
	total := p.total.Add(size)
	if p.bar != nil {
		p.bar.ChangeMax64(total)
		p.bar.Describe(label)
	}
}

// Phase reports that the files are read and what the load does now
// (deriving aggregates, building an index): without it the reports would
// repeat the last file's counts for minutes as if nothing moved.
func (p *Progress) Phase(name string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.phase, p.phaseAt = name, time.Now()
	p.mu.Unlock()
	if p.bar != nil {
		p.bar.Describe(name)
	}
}

// Hand ends the reports without ending Run, for when another process
// takes over the terminal (neo4j-admin after a conversion prints its own
// progress): without it the last phase would keep logging "deriving
// aggregates … for=40s" between neo4j-admin's lines, long after it ended.
func (p *Progress) Hand() {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.handed = true
	p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Clear()
	}
}

// AddRows counts parsed rows.
func (p *Progress) AddRows(n int64) {
	if p != nil {
		p.rows.Add(n)
	}
}

func (p *Progress) bytes() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	var n int64
	for _, c := range p.pos {
		n += c.N()
	}
	return n
}

// Run refreshes until ctx ends or Stop is called.
func (p *Progress) Run(ctx context.Context) {
	defer close(p.done)
	tick := time.NewTicker(p.tickEvery())
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.stop:
			return
		case <-tick.C:
			p.report()
		}
	}
}

func (p *Progress) tickEvery() time.Duration {
	if p.bar != nil {
		return 200 * time.Millisecond
	}
	return p.interval
}

func (p *Progress) report() {
	b, rows, total := p.bytes(), p.rows.Load(), p.total.Load()
	p.mu.Lock()
	phase, phaseAt, handed := p.phase, p.phaseAt, p.handed
	p.mu.Unlock()
	if handed {
		return
	}
	if phase != "" && p.bar == nil {
		p.log.Info(phase, "rows", rows, "for", time.Since(phaseAt).Round(time.Second).String())
		return
	}
	if p.bar != nil {
		_ = p.bar.Set64(b)
		return
	}
	el := time.Since(p.started).Seconds()
	rate := float64(rows) / max(el, 1e-9)
	eta := "unknown"
	if b > 0 && total > b {
		eta = time.Duration(float64(total-b) / (float64(b) / el) * float64(time.Second)).Round(time.Second).String()
	}
	p.mu.Lock()
	label := p.label
	p.mu.Unlock()
	p.log.Info("loading", "file", label, "rows", rows, "bytes", fmt.Sprintf("%d/%d", b, total),
		"rows_per_s", int64(rate), "eta", eta)
}

// Stop ends the reporting and clears the bar.
func (p *Progress) Stop() {
	if p == nil {
		return
	}
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.done
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
