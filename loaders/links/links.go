// Package links holds the statements every format uses to attach a post to
// what it shares: hashtags, URLs and their domains, bare domains, images and
// the accounts it mentions. One definition, so a hashtag from a Twitter
// release and one from a CrowdTangle export meet on the same node.
package links

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

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
)

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

// LinkSameHandles adds SAME_HANDLE links between the dataset's accounts and
// every other account with the same handle, recording load as their
// provenance. It returns how many links the dataset's accounts have.
func LinkSameHandles(ctx context.Context, t loaders.Target, dataset, load string) (int, error) {
	res, err := neo4j.ExecuteQuery(ctx, t.Driver, sameHandleCypher, map[string]any{"dataset": dataset, "load": load},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(t.Database), neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return 0, fmt.Errorf("link same handles in %s: %w", dataset, err)
	}
	n, _, err := neo4j.GetRecordValue[int64](res.Records[0], "links")
	return int(n), err
}

// AfterLoad links the handles of every dataset a load command changed. It
// runs once per command, after all files, so accounts loaded by any file of
// the command can match.
func AfterLoad(ctx context.Context, t loaders.Target, sum *loaders.Summary) error {
	done := map[string]bool{}
	for _, f := range sum.Files {
		if f.Skipped || done[f.Dataset] {
			continue
		}
		done[f.Dataset] = true
		n, err := LinkSameHandles(ctx, t, f.Dataset, f.ID)
		if err != nil {
			return err
		}
		if sum.Linked == nil {
			sum.Linked = map[string]int{}
		}
		sum.Linked[f.Dataset] = n
	}
	return nil
}
