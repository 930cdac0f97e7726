package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/coord"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

// Limits of the coordination query; the schema's descriptions state them.
const (
	MaxCoordinationWindow = 7 * 24 * 3600 // seconds
	MaxCoordinationEdges  = 20000
	maxGroupAccounts      = 500
	louvainSeed           = 1 // fixed, so the same run gives the same communities
)

// coordinationParams checks the input and turns it into the detector's
// parameters, defaults filled in as the schema states them.
func coordinationParams(in model.CoordinationInput) (coord.Params, int, error) {
	p := coord.DefaultParams()
	p.Window = 60 * time.Second
	window, limit := 60, 5000
	if in.TimeWindow != nil {
		window = *in.TimeWindow
	}
	if in.Limit != nil {
		limit = *in.Limit
	}
	switch {
	case !in.Signal.Valid():
		return p, 0, apperr.New(apperr.BadInput, "unknown signal %q", in.Signal)
	case window < 1 || window > MaxCoordinationWindow:
		return p, 0, apperr.New(apperr.BadInput, "timeWindow must be between 1 and %d seconds, got %d", MaxCoordinationWindow, window)
	case in.MinParticipation != nil && *in.MinParticipation < 1:
		return p, 0, apperr.New(apperr.BadInput, "minParticipation must be at least 1, got %d", *in.MinParticipation)
	case in.FastWindow != nil && (*in.FastWindow < 1 || *in.FastWindow > window):
		return p, 0, apperr.New(apperr.BadInput, "fastWindow must be between 1 and timeWindow (%d) seconds, got %d", window, *in.FastWindow)
	case limit < 1 || limit > MaxCoordinationEdges:
		return p, 0, apperr.New(apperr.BadInput, "limit must be between 1 and %d, got %d", MaxCoordinationEdges, limit)
	case len(in.Seeds) > MaxSeeds:
		return p, 0, apperr.New(apperr.BadInput, "seeds must list at most %d account ids, got %d", MaxSeeds, len(in.Seeds))
	case in.Since != nil && in.Until != nil && !in.Since.Before(*in.Until):
		return p, 0, apperr.New(apperr.BadInput, "since (%s) must be before until (%s)", in.Since.Format(time.RFC3339), in.Until.Format(time.RFC3339))
	}
	p.Window = time.Duration(window) * time.Second
	if in.MinParticipation != nil {
		p.MinParticipation = *in.MinParticipation
	}
	if in.RemoveLoops != nil {
		p.RemoveLoops = *in.RemoveLoops
	}
	if in.EdgeWeight != nil {
		p.EdgeWeight = *in.EdgeWeight
	}
	if in.FastWindow != nil {
		p.FastWindow = time.Duration(*in.FastWindow) * time.Second
	}
	if in.Mode != nil {
		p.Mode = in.Mode.Coord()
	}
	return p, limit, p.Validate()
}

// Coordination runs one detection for the API: shares from the graph and
// CooRTweet's rules in coord (Detect), then the cut (flagged edges, the
// seeds' components, the limit) and the groups of what is returned.
func (a *App) Coordination(ctx context.Context, in model.CoordinationInput) (*model.Coordination, error) {
	p, limit, err := coordinationParams(in)
	if err != nil {
		return nil, err
	}
	var dataset string
	if in.Dataset != nil {
		dataset = *in.Dataset
	}
	version, err := a.dataVersion(ctx, dataset)
	if err != nil {
		return nil, err
	}
	if len(in.Seeds) > 0 {
		found, err := a.store.AccountsOf(ctx, in.Seeds)
		if err != nil {
			return nil, err
		}
		for _, s := range in.Seeds {
			if _, ok := found[s]; !ok {
				return nil, apperr.New(apperr.NotFound, "no account with id %q (seeds)", s)
			}
		}
	}
	d, err := a.Detect(ctx, store.SharesQuery{Signal: in.Signal, Dataset: dataset, Since: in.Since, Until: in.Until},
		p, in.FlaggedOnly != nil && *in.FlaggedOnly)
	if err != nil {
		return nil, err
	}
	res := d.Result
	out := &model.Coordination{Shares: res.InputShares, EdgeCount: len(res.Edges), Pairs: res.Pairs,
		WeightThreshold: res.Threshold, FastWeightThreshold: res.FastThreshold}

	edges := d.Edges
	if len(in.Seeds) > 0 {
		edges = edgesTouching(edges, in.Seeds)
	}
	slices.SortStableFunc(edges, func(a, b coord.Edge) int { return cmp.Compare(b.Weight, a.Weight) })
	if len(edges) > limit {
		edges, out.Truncated = edges[:limit], true
	}
	out.Edges = edges

	nodes := coord.Nodes(edges)
	for _, a := range res.Accounts {
		if _, ok := slices.BinarySearch(nodes, a.Account); ok {
			out.Accounts = append(out.Accounts, a)
		}
	}
	slices.SortStableFunc(out.Accounts, func(a, b coord.AccountStat) int { return cmp.Compare(b.Degree, a.Degree) })
	out.Objects = slices.Clone(res.Objects)
	slices.SortStableFunc(out.Objects, func(a, b coord.ObjectStat) int { return cmp.Compare(b.Pairs, a.Pairs) })

	components := coord.Components(edges)
	communities, modularity := coord.Louvain(edges, louvainSeed)
	out.Components, out.Communities, out.Modularity = groups(components), groups(communities), modularity
	if out.Network, err = a.coordinationNetwork(ctx, edges, components, communities); err != nil {
		return nil, err
	}
	out.Parameters = map[string]any{
		"signal": string(in.Signal), "dataset": in.Dataset, "seeds": in.Seeds, "since": in.Since, "until": in.Until,
		"timeWindowSeconds": int(p.Window / time.Second), "minParticipation": p.MinParticipation, "removeLoops": p.RemoveLoops,
		"edgeWeight": p.EdgeWeight, "fastWindowSeconds": int(p.FastWindow / time.Second), "mode": string(p.Mode),
		"flaggedOnly": in.FlaggedOnly != nil && *in.FlaggedOnly, "limit": limit, "data": version,
	}
	return out, nil
}

// edgesTouching keeps the edges of the connected components that hold a
// seed: the seeds' coordinated groups as a full run would draw them.
func edgesTouching(edges []coord.Edge, seeds []string) []coord.Edge {
	in := map[string]bool{}
	for _, c := range coord.Components(edges) {
		for _, a := range c {
			if slices.Contains(seeds, a) {
				for _, b := range c {
					in[b] = true
				}
				break
			}
		}
	}
	var out []coord.Edge
	for _, e := range edges {
		if in[e.A] {
			out = append(out, e)
		}
	}
	return out
}

func groups(gs [][]string) []model.CoordinationGroup {
	out := make([]model.CoordinationGroup, len(gs))
	for i, g := range gs {
		out[i] = model.CoordinationGroup{ID: i + 1, Size: len(g), Accounts: g[:min(len(g), maxGroupAccounts)]}
	}
	return out
}

// dataVersion names the loads a run read, so a saved or cited result says
// which data it came from: the dataset's loads (all loads without one), each
// with its file's sha256.
func (a *App) dataVersion(ctx context.Context, dataset string) ([]map[string]any, error) {
	all, err := a.store.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	found := dataset == ""
	for _, d := range all {
		if dataset != "" && d.Name != dataset {
			continue
		}
		found = true
		for _, l := range d.Loads {
			out = append(out, map[string]any{"dataset": d.Name, "load": l.ID, "entry": l.Entry, "sha256": l.SHA256, "status": l.Status})
		}
	}
	if !found {
		return nil, apperr.New(apperr.NotFound, "no dataset named %q", dataset)
	}
	return out, nil
}

// coordinationNetwork draws the returned edges as a Network, each node with
// its component and community, so a frontend can colour the groups.
func (a *App) coordinationNetwork(ctx context.Context, edges []coord.Edge, components, communities [][]string) (model.Network, error) {
	nodes := coord.Nodes(edges)
	accounts, err := a.store.AccountsOf(ctx, nodes)
	if err != nil {
		return model.Network{}, err
	}
	rank := func(gs [][]string) map[string]int {
		m := map[string]int{}
		for i, g := range gs {
			for _, a := range g {
				m[a] = i + 1
			}
		}
		return m
	}
	comp, comm := rank(components), rank(communities)
	net := model.Network{Nodes: make([]model.NetworkNode, 0, len(nodes)), Edges: make([]model.NetworkEdge, 0, len(edges))}
	for _, id := range nodes {
		a, ok := accounts[id]
		if !ok {
			a = model.Account{ID: id, Platform: model.PlatformOf(id), Kind: model.KindAccount}
		}
		label := id
		if a.Handle != nil && *a.Handle != "" {
			label = "@" + strings.TrimPrefix(*a.Handle, "@")
		} else if a.Name != nil && *a.Name != "" {
			label = *a.Name
		}
		p := a.Platform
		net.Nodes = append(net.Nodes, model.NetworkNode{ID: id, Kind: "Account", Label: label, Platform: &p,
			Properties: map[string]any{"kind": string(a.Kind), "hashed": a.Hashed, "component": comp[id], "community": comm[id]}})
	}
	for _, e := range edges {
		net.Edges = append(net.Edges, model.NetworkEdge{ID: "COORDINATED:" + e.A + "--" + e.B, Source: e.A, Target: e.B,
			Kind: "COORDINATED", Weight: float64(e.Weight), Properties: map[string]any{
				"pairs": e.Pairs, "avgTimeDeltaSeconds": e.AvgTimeDeltaSeconds, "symmetry": e.Symmetry,
				"aboveThreshold": e.AboveThreshold, "fast": e.Fast, "objectCount": e.NObjects}})
	}
	return net, nil
}

// SaveCoordination runs the detection and keeps it with its input and data
// version.
func (a *App) SaveCoordination(ctx context.Context, name string, in model.CoordinationInput) (*model.SavedCoordination, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 200 {
		return nil, apperr.New(apperr.BadInput, "name must be 1 to 200 characters, got %d", len([]rune(name)))
	}
	res, err := a.Coordination(ctx, in)
	if err != nil {
		return nil, err
	}
	version, _ := res.Parameters["data"].([]map[string]any)
	run := model.SavedCoordination{Name: name, Input: inputMap(in), Version: version, Result: res}
	var dataset string
	if in.Dataset != nil {
		dataset = *in.Dataset
	}
	run, err = a.store.SaveCoordination(ctx, run, dataset)
	if err != nil {
		return nil, err
	}
	return &run, nil
}

// DataChanged compares the files a saved run read with those loaded now.
// Load ids are left out: loading the same file again changes nothing.
func (a *App) DataChanged(ctx context.Context, run *model.SavedCoordination) (bool, error) {
	dataset, _ := run.Input["dataset"].(string)
	now, err := a.dataVersion(ctx, dataset)
	if apperr.KindOf(err) == apperr.NotFound {
		return true, nil // the dataset is gone
	}
	if err != nil {
		return false, err
	}
	files := func(v []map[string]any) []string {
		var out []string
		for _, f := range v {
			out = append(out, fmt.Sprint(f["dataset"], "\x00", f["entry"], "\x00", f["sha256"], "\x00", f["status"]))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return !slices.Equal(files(run.Version), files(now)), nil
}

// inputMap is the input as a client would send it again: GraphQL field
// names, unset fields left out.
func inputMap(in model.CoordinationInput) map[string]any {
	m := map[string]any{"signal": string(in.Signal)}
	set := func(k string, v any, ok bool) {
		if ok {
			m[k] = v
		}
	}
	set("dataset", deref(in.Dataset), in.Dataset != nil)
	set("seeds", in.Seeds, len(in.Seeds) > 0)
	set("since", timeString(in.Since), in.Since != nil)
	set("until", timeString(in.Until), in.Until != nil)
	set("timeWindow", deref(in.TimeWindow), in.TimeWindow != nil)
	set("minParticipation", deref(in.MinParticipation), in.MinParticipation != nil)
	set("removeLoops", deref(in.RemoveLoops), in.RemoveLoops != nil)
	set("edgeWeight", deref(in.EdgeWeight), in.EdgeWeight != nil)
	set("fastWindow", deref(in.FastWindow), in.FastWindow != nil)
	set("mode", string(deref(in.Mode)), in.Mode != nil)
	set("flaggedOnly", deref(in.FlaggedOnly), in.FlaggedOnly != nil)
	set("limit", deref(in.Limit), in.Limit != nil)
	return m
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func timeString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Detection is one pass of the pipeline every coordination run shares:
// the shares read, CooRTweet's rules applied, the flagged cut taken.
type Detection struct {
	Result coord.Result
	// Edges are Result.Edges, only those above the weight threshold when
	// flaggedOnly was asked for.
	Edges []coord.Edge
	// Source says where the shares were read from (the share index or
	// the posts); Read is how long that took.
	Source store.ShareSource
	Read   time.Duration
}

// Detect reads the shares q selects and runs the detector with p over them.
// Both the API (Coordination) and `iograph coordination` run through it.
func (a *App) Detect(ctx context.Context, q store.SharesQuery, p coord.Params, flaggedOnly bool) (Detection, error) {
	t0 := time.Now()
	shares, source, err := a.store.Shares(ctx, q)
	if err != nil {
		return Detection{}, err
	}
	d := Detection{Source: source, Read: time.Since(t0)}
	if d.Result, err = coord.Detect(shares, p); err != nil {
		return Detection{}, err
	}
	d.Edges = d.Result.Edges
	if flaggedOnly {
		d.Edges = coord.AboveThresholdEdges(d.Edges)
	}
	return d, nil
}

// RequireDataset refuses a dataset name the graph does not know, which would
// otherwise give an empty network that looks like "no coordination".
func (a *App) RequireDataset(ctx context.Context, name string) error {
	names, err := a.store.DatasetNames(ctx)
	if err != nil {
		return err
	}
	if slices.Contains(names, name) {
		return nil
	}
	return fmt.Errorf("coordination: no dataset named %q (loaded: %s)", name, strings.Join(names, ", "))
}
