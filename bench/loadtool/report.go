package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// Config is the run's settings, as the JSON result records them.
type Config struct {
	Clients      int     `json:"clients"`
	DurationS    float64 `json:"phase_seconds"`
	WarmupS      float64 `json:"warmup_seconds"`
	TimeoutS     float64 `json:"timeout_seconds"`
	AbuseTimeout float64 `json:"abuse_timeout_seconds"`
	Mix          string  `json:"mix"`
	Abuse        string  `json:"abuse_cases"`
	Abusers      int     `json:"abusers"`
	Seeds        int     `json:"seeds"`
	Scan         int     `json:"scan"`
	GenTweets    int64   `json:"gen_tweets,omitempty"`
	GenAccounts  int     `json:"gen_accounts,omitempty"`
}

func (o options) config(w weights, cases []abuseCase) Config {
	c := Config{Clients: o.clients, DurationS: o.duration.Seconds(), WarmupS: o.warmup.Seconds(),
		TimeoutS: o.timeout.Seconds(), AbuseTimeout: o.abuseTimeout.Seconds(), Mix: w.String(),
		Abuse: strings.Join(namesOf(cases), ","), Abusers: o.abusers, Seeds: o.seeds, Scan: o.scan}
	if o.genTweets > 0 {
		c.GenTweets, c.GenAccounts = o.genTweets, o.genAccounts
	}
	return c
}

// Result is the run, as -out writes it.
type Result struct {
	Tool           string      `json:"tool"`
	Started        time.Time   `json:"started"`
	IographVersion string      `json:"iograph_version,omitempty"`
	Machine        string      `json:"machine"`
	Config         Config      `json:"config"`
	Release        *Release    `json:"release,omitempty"`
	Server         ServerInfo  `json:"server"`
	Seeds          []Seed      `json:"seeds"`
	WarmupErrors   int         `json:"warmup_errors"`
	Phases         []Phase     `json:"phases"`
	Abuse          []AbuseCase `json:"abuse,omitempty"`
	After          AfterCheck  `json:"after_abuse"`
	// P99Ratio is the well-behaved p99 under abuse over the idle p99,
	// overall and per kind.
	P99Ratio          float64            `json:"p99_ratio_abuse_over_idle,omitempty"`
	P99RatioByKind    map[string]float64 `json:"p99_ratio_by_kind,omitempty"`
	WellBehavedErrors int                `json:"well_behaved_errors"` // in the idle and abuse phases
	AbuseBad          int                `json:"abuse_bad"`
	PeakRSSKB         int64              `json:"server_peak_rss_kb,omitempty"` // largest phase peak
	RSS               []Sample           `json:"rss_samples,omitempty"`
}

func (r *Result) phase(name string) *Phase {
	for i := range r.Phases {
		if r.Phases[i].Name == name {
			return &r.Phases[i]
		}
	}
	return nil
}

// finish computes the totals and ratios from the phases.
func (r *Result) finish() {
	for _, p := range r.Phases {
		r.WellBehavedErrors += p.Errors
		r.PeakRSSKB = max(r.PeakRSSKB, p.Resources.PeakKB)
	}
	for _, c := range r.Abuse {
		r.AbuseBad += c.Bad
	}
	idle, loaded := r.phase("idle"), r.phase("abuse")
	if idle == nil || loaded == nil {
		return
	}
	r.P99Ratio = ratio(loaded.Overall.P99, idle.Overall.P99)
	r.P99RatioByKind = map[string]float64{}
	for k, s := range loaded.ByKind {
		if i, ok := idle.ByKind[k]; ok {
			r.P99RatioByKind[k] = ratio(s.Latency.P99, i.Latency.P99)
		}
	}
}

func mibOf(kb int64) float64 { return float64(kb) / 1024 }

// printPhase prints one phase's numbers as soon as it has ended.
func printPhase(w io.Writer, p Phase) {
	title := "idle (no abuse)"
	if p.Name == "abuse" {
		title = fmt.Sprintf("under abuse (%d hostile requests)", p.Abusive)
	}
	fmt.Fprintf(w, "\n== %s: %d clients, %.1f s\n", title, p.Clients, p.Seconds)
	fmt.Fprintf(w, "requests %d, throughput %.1f req/s, errors %d\n", p.Requests, p.Throughput, p.Errors)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\trequests\treq/s\terrors\tp50 ms\tp90 ms\tp99 ms\tmax ms\t")
	row := func(name string, n, errs int, l Latency) {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t\n", name, n, ratio(float64(n), p.Seconds), errs, l.P50, l.P90, l.P99, l.Max)
	}
	for _, k := range kindNames() {
		if s, ok := p.ByKind[k]; ok {
			row(k, s.Requests, s.Errors, s.Latency)
		}
	}
	row("overall", p.Requests, p.Errors, p.Overall)
	tw.Flush()
	for _, e := range sortedKeys(p.Problems) {
		fmt.Fprintf(w, "  error ×%d: %s\n", p.Problems[e], e)
	}
	res := p.Resources
	if res.Sampled {
		fmt.Fprintf(w, "server CPU %.1f s (%.2f cores), ", res.ServerCPU, ratio(res.ServerCPU, p.Seconds))
	}
	if res.Neo4jCPU > 0 {
		fmt.Fprintf(w, "Neo4j CPU %.1f s (%.2f cores), ", res.Neo4jCPU, ratio(res.Neo4jCPU, p.Seconds))
	}
	fmt.Fprintf(w, "loadtool CPU %.1f s; load average at the end %s\n", res.ToolCPU, res.LoadAvg)
	if res.RSSMaxKB > 0 {
		peak := "largest sample"
		if res.PeakIsHWM {
			peak = "VmHWM"
		}
		fmt.Fprintf(w, "server RSS: VmRSS min %.1f, median %.1f, max %.1f, end %.1f MiB; peak %.1f MiB (%s)\n",
			mibOf(res.RSSMinKB), mibOf(res.RSSMedKB), mibOf(res.RSSMaxKB), mibOf(res.RSSEndKB), mibOf(res.PeakKB), peak)
	}
	if res.HWMNoReset != "" {
		fmt.Fprintf(w, "  (%s)\n", res.HWMNoReset)
	}
}

// printSummary prints what needs both phases, the hostile cases, and the
// server's memory over time.
func printSummary(w io.Writer, r *Result) {
	if r.P99Ratio > 0 {
		fmt.Fprintf(w, "\n== well-behaved p99 under abuse / idle p99: %.2f×", r.P99Ratio)
		var parts []string
		for _, k := range kindNames() {
			if v, ok := r.P99RatioByKind[k]; ok {
				parts = append(parts, fmt.Sprintf("%s %.2f×", k, v))
			}
		}
		fmt.Fprintf(w, " (%s)\n", strings.Join(parts, ", "))
	}
	if len(r.Abuse) > 0 {
		fmt.Fprintf(w, "\n== hostile cases (user %s, %g s timeout): what came back\n", abuserUser, r.Config.AbuseTimeout)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "case\trequests\tp50 ms\tmax ms\tbad\toutcomes")
		for _, c := range r.Abuse {
			var outs []string
			for _, o := range sortedKeys(c.Outcomes) {
				outs = append(outs, fmt.Sprintf("%s ×%d", o, c.Outcomes[o]))
			}
			fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%d\t%s\n", c.Name, c.Requests, c.P50Ms, c.MaxMs, c.Bad, strings.Join(outs, ", "))
		}
		tw.Flush()
		fmt.Fprintf(w, "bad (5xx, INTERNAL or no answer in time): %d\n", r.AbuseBad)
	}
	fmt.Fprintf(w, "after the abuse: /healthz %s in %.1f ms, me %s in %.1f ms\n", r.After.Healthz, r.After.HealthMs, r.After.Me, r.After.MeMs)
	if r.Server.Exited != "" {
		fmt.Fprintf(w, "THE SERVER EXITED DURING THE RUN: %s\n", r.Server.Exited)
	}
	if len(r.Server.LogErrors) > 0 {
		fmt.Fprintf(w, "server ERROR log lines:")
		for _, k := range sortedKeys(r.Server.LogErrors) {
			fmt.Fprintf(w, " %q ×%d;", k, r.Server.LogErrors[k])
		}
		fmt.Fprintln(w)
	}
	printTimeline(w, r.RSS, 10)
	fmt.Fprintf(w, "\nwell-behaved errors: %d", r.WellBehavedErrors)
	if r.PeakRSSKB > 0 {
		fmt.Fprintf(w, "; server peak RSS %.1f MiB", mibOf(r.PeakRSSKB))
	}
	fmt.Fprintln(w)
}

// printTimeline prints the server's memory every `every` seconds of the
// measured phases, and the last sample of each.
func printTimeline(w io.Writer, ss []Sample, every float64) {
	var rows []Sample
	due := 0.0
	for i, s := range ss {
		if s.Phase != "warmup" && s.Phase != "idle" && s.Phase != "abuse" {
			continue
		}
		if i == 0 || ss[i-1].Phase != s.Phase {
			due = s.At
		}
		if last := i == len(ss)-1 || ss[i+1].Phase != s.Phase; last || s.At >= due {
			rows = append(rows, s)
			due = s.At + every - 0.5 // samples come about a second apart
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "\n== server memory and CPU over time (a sample every ~%g s)\n", every)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "t s\tphase\tVmRSS MiB\tVmHWM MiB\tserver CPU s (total)\tNeo4j CPU s (total)\t")
	for _, s := range rows {
		fmt.Fprintf(tw, "%.0f\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t\n", s.At, s.Phase, mibOf(s.RSSKB), mibOf(s.HWMKB), s.CPU, s.Neo4jCP)
	}
	tw.Flush()
}

func writeJSON(path string, r *Result) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
