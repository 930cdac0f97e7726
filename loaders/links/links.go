// Package links holds the statements every format uses to attach a post to
// what it shares: hashtags, URLs and their domains, bare domains, images and
// the accounts it mentions. One definition, so a hashtag from a Twitter
// release and one from a CrowdTangle export meet on the same node.
package links

import (
	"context"
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/loaders"
)

var (
	//go:embed hashtags.cypher
	hashtagsCypher string
	//go:embed urls.cypher
	urlsCypher string
	//go:embed domains.cypher
	domainsCypher string
	//go:embed images.cypher
	imagesCypher string
	//go:embed memberships.cypher
	membershipsCypher string
	//go:embed same_handle.cypher
	sameHandleCypher string
	//go:embed handles.cypher
	handlesCypher string
	//go:embed resolve_handles.cypher
	resolveHandlesCypher string
	//go:embed unobserved_handles.cypher
	unobservedHandlesCypher string
	//go:embed dataset_resolved.cypher
	datasetResolvedCypher string
	//go:embed dataset_mark_resolved.cypher
	datasetMarkResolvedCypher string
	//go:embed current_handles.cypher
	currentHandlesCypher string
)

// Cypher holds the statement files the formats' batches run through this
// package (Rows, Memberships, Handles), by name, for the bulk import, which
// converts each into the facts it writes (loaders.Reader).
var Cypher = map[string]string{"links/hashtags.cypher": hashtagsCypher, "links/urls.cypher": urlsCypher,
	"links/domains.cypher": domainsCypher, "links/images.cypher": imagesCypher,
	"links/memberships.cypher": membershipsCypher, "links/handles.cypher": handlesCypher}

// Rows collects the link rows of one batch.
type Rows struct {
	Hashtags []map[string]any // {post, tag}
	URLs     []map[string]any // {post, url, domain}
	Domains  []map[string]any // {post, domain}: a domain shared without its URL
	Images   []map[string]any // {post, hash}
}

// Hashtag links post to a hashtag (lower-cased by the caller's choice of tag).
func (r *Rows) Hashtag(post, tag string) {
	r.Hashtags = append(r.Hashtags, map[string]any{"post": post, "tag": tag})
}

// URL links post to a URL and, when domain is not "", the URL to its domain.
func (r *Rows) URL(post, url, domain string) {
	r.URLs = append(r.URLs, map[string]any{"post": post, "url": url, "domain": domain})
}

// Domain links post directly to a domain whose URL is unknown.
func (r *Rows) Domain(post, domain string) {
	r.Domains = append(r.Domains, map[string]any{"post": post, "domain": domain})
}

// Image links post to an image by its (perceptual) hash.
func (r *Rows) Image(post, hash string) {
	r.Images = append(r.Images, map[string]any{"post": post, "hash": hash})
}

// Steps returns the statements for the collected rows; posts must already
// exist (an earlier step of the same transaction).
func (r *Rows) Steps(load string) []loaders.Step {
	var out []loaders.Step
	for _, s := range []struct {
		q    string
		rows []map[string]any
	}{{hashtagsCypher, r.Hashtags}, {urlsCypher, r.URLs}, {domainsCypher, r.Domains}, {imagesCypher, r.Images}} {
		if len(s.rows) > 0 {
			out = append(out, loaders.StepsOf(s.q, map[string]any{"rows": s.rows, "load": load})...)
		}
	}
	return out
}

// Memberships records that accounts belong to a dataset (the release or
// export that lists them): {uid}.
func Memberships(load, dataset string, uids []string) loaders.Step {
	return loaders.Step{Query: membershipsCypher, Params: map[string]any{"uids": uids, "load": load, "dataset": dataset}}
}

// HandleRow is one observation of a handle for Handles: a source says the
// account uid had handle on platform (on site, for the "other" platform),
// with what else it says (evidence) and the date it gives (asOf: "2019-08",
// "2023-Q1"; "" when it gives none). It is nil when there is no handle to
// record: an empty one, or a website's (domains are not handles).
func HandleRow(uid, platform, kind, site, handle, source, evidence, asOf string) map[string]any {
	key := keys.HandleKey(platform, kind, site, handle)
	if key == "" {
		return nil
	}
	return map[string]any{"uid": uid, "key": key, "platform": platform, "lower": keys.Handle(handle),
		"handle": strings.TrimSpace(handle), "source": source, "evidence": emptyNil(evidence), "asOf": emptyNil(asOf)}
}

// Handles records handle observations (rows from HandleRow; nil rows are
// skipped); the accounts must already exist (an earlier step of the same
// transaction). ResolveHandles, after the load, links the handle-only
// accounts among them to the accounts that held their handles.
func Handles(load, dataset string, rows []map[string]any) []loaders.Step {
	var kept []map[string]any
	for _, r := range rows {
		if r != nil {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return loaders.StepsOf(handlesCypher, map[string]any{"rows": kept, "load": load, "dataset": dataset})
}

func emptyNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// LinkSameHandles adds SAME_HANDLE links between the dataset's accounts and
// the accounts on other platforms observed with the same handle, recording
// load as their provenance. It returns how many links the dataset's
// accounts have.
func LinkSameHandles(ctx context.Context, t loaders.Target, dataset, load string) (int, error) {
	return linkDataset(ctx, t, "link same handles", sameHandleCypher, dataset, load, nil)
}

// ResolveHandles links the accounts known only by a handle among those the
// dataset's accounts hold to the accounts with ids that held the handle
// (SAME_AS, see resolve_handles.cypher), recording load as their
// provenance. It returns how many such links the handles have.
func ResolveHandles(ctx context.Context, t loaders.Target, dataset, load string) (int, error) {
	return linkDataset(ctx, t, "resolve handles", resolveHandlesCypher, dataset, load, nil)
}

// linkDataset runs a statement that links a dataset's accounts and returns
// its count of links; visible, when not nil, names the datasets whose
// observations count (AfterImport).
func linkDataset(ctx context.Context, t loaders.Target, op, q, dataset, load string, visible []string) (int, error) {
	res, err := run(ctx, t, q, map[string]any{"dataset": dataset, "load": load, "visible": visibleParam(visible)})
	if err != nil {
		return 0, fmt.Errorf("%s in %s: %w", op, dataset, err)
	}
	n, _, err := neo4j.GetRecordValue[int64](res.Records[0], "links")
	return int(n), err
}

// resolvedVersion is the identity resolution a dataset has been through:
// bump it when resolution changes, and the next load command naming the
// dataset (its files skipped as loaded) resolves it again.
const resolvedVersion = 1

// backfillBatch bounds the observations one backfill transaction writes.
const backfillBatch = 2000

// backfillHandles records, for a dataset loaded before iograph kept handle
// observations, the handle each of its accounts has now, as that dataset's
// observation. It is the best the graph still knows: a handle another load
// has overwritten since is lost.
func backfillHandles(ctx context.Context, t loaders.Target, dataset, load string) error {
	res, err := t.Query(ctx, unobservedHandlesCypher, map[string]any{"dataset": dataset}, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return fmt.Errorf("read unobserved handles of %s: %w", dataset, err)
	}
	var rows []map[string]any
	for _, r := range res.Records {
		m := r.AsMap()
		s := func(k string) string { v, _ := m[k].(string); return v }
		rows = append(rows, HandleRow(s("uid"), s("platform"), s("kind"), s("site"), s("handle"),
			s("kind_of_dataset")+" "+dataset, "the account's handle when iograph began keeping handle observations (the dataset was loaded before)", ""))
	}
	for len(rows) > 0 {
		n := min(len(rows), backfillBatch)
		for _, st := range Handles(load, dataset, rows[:n]) {
			if _, err := run(ctx, t, st.Query, st.Params); err != nil {
				return fmt.Errorf("backfill handles of %s: %w", dataset, err)
			}
		}
		rows = rows[n:]
	}
	return nil
}

// AfterLoad links the accounts of every dataset a load command changed: to
// accounts with the same handle on other platforms (LinkSameHandles), and
// handle-only accounts to the accounts that held their handles
// (ResolveHandles); and sets each account's handle to its latest dated
// observation (current_handles.cypher). It runs once per command, after all files, so accounts
// loaded by any file of the command can match. A dataset whose files were
// all skipped is resolved too when it never was at this version (loaded
// before, or the command that loaded it stopped before this step): its
// handles are then first recorded from the graph (backfillHandles).
func AfterLoad(ctx context.Context, t loaders.Target, sum *loaders.Summary) error {
	return afterLoad(ctx, t, sum, nil)
}

// AfterImport links as AfterLoad would after each of a sequence of load
// commands (sums, in order), on a graph into which all of them were
// imported at once (the bulk import): the links each makes see only the
// observations of the datasets of the commands up to it, so each link
// records the loads that made it in that sequence, not every load whose
// accounts it joins.
func AfterImport(ctx context.Context, t loaders.Target, sums []*loaders.Summary) error {
	visible := []string{}
	for _, sum := range sums {
		for _, f := range sum.Files {
			if !slices.Contains(visible, f.Dataset) {
				visible = append(visible, f.Dataset)
			}
		}
		if err := afterLoad(ctx, t, sum, slices.Clone(visible)); err != nil {
			return err
		}
	}
	return nil
}

// visibleParam is null when every dataset counts: a nil slice would reach
// Neo4j as an empty list, which names none.
func visibleParam(visible []string) any {
	if visible == nil {
		return nil
	}
	return visible
}

func afterLoad(ctx context.Context, t loaders.Target, sum *loaders.Summary, visible []string) error {
	changed := map[string]string{} // dataset: a load that changed it, "" when every file was skipped
	skipped := map[string]string{} // dataset: a load of it that was skipped
	var order []string
	for _, f := range sum.Files {
		if _, ok := changed[f.Dataset]; !ok {
			order = append(order, f.Dataset)
			changed[f.Dataset] = ""
		}
		switch {
		case !f.Skipped && changed[f.Dataset] == "":
			changed[f.Dataset] = f.ID
		case f.Skipped && skipped[f.Dataset] == "":
			skipped[f.Dataset] = f.ID
		}
	}
	for _, ds := range order {
		load := changed[ds]
		if load == "" {
			res, err := run(ctx, t, datasetResolvedCypher, map[string]any{"dataset": ds})
			if err != nil {
				return fmt.Errorf("read resolution of %s: %w", ds, err)
			}
			if v, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "version"); v >= resolvedVersion || skipped[ds] == "" {
				continue
			}
			load = skipped[ds]
			if err := backfillHandles(ctx, t, ds, load); err != nil {
				return err
			}
		}
		n, err := linkDataset(ctx, t, "link same handles", sameHandleCypher, ds, load, visible)
		if err != nil {
			return err
		}
		r, err := linkDataset(ctx, t, "resolve handles", resolveHandlesCypher, ds, load, visible)
		if err != nil {
			return err
		}
		if _, err := run(ctx, t, currentHandlesCypher, map[string]any{"dataset": ds, "visible": visibleParam(visible)}); err != nil {
			return fmt.Errorf("current handles of %s: %w", ds, err)
		}
		if _, err := run(ctx, t, datasetMarkResolvedCypher, map[string]any{"dataset": ds, "version": resolvedVersion}); err != nil {
			return fmt.Errorf("mark %s resolved: %w", ds, err)
		}
		if sum.Linked == nil {
			sum.Linked, sum.Resolved = map[string]int{}, map[string]int{}
		}
		sum.Linked[ds], sum.Resolved[ds] = n, r
	}
	return nil
}

// run runs one statement in its own write transaction.
func run(ctx context.Context, t loaders.Target, q string, params map[string]any) (*neo4j.EagerResult, error) {
	return t.Query(ctx, q, params, neo4j.ExecuteQueryWithWritersRouting())
}
