package store

import (
	"context"
	_ "embed"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed timeline.cypher
	timelineCypher string
	//go:embed creation_batches.cypher
	creationBatchesCypher string
	//go:embed clients.cypher
	clientsCypher string
	//go:embed hashtags.cypher
	hashtagsCypher string
	//go:embed domains.cypher
	domainsCypher string
)

// MaxBuckets bounds a timeline (a year of hours).
const MaxBuckets = 24 * 366

// Timeline counts posts per bucket of accounts and/or a hashtag.
func (s *Store) Timeline(ctx context.Context, accounts []string, hashtag *string, bucket model.Interval, since, until *time.Time) ([]model.TimeBucket, error) {
	size, offset := bucket.Millis()
	params := map[string]any{"accounts": nil, "tag": nil, "sizeMs": size, "offsetMs": offset, "maxBuckets": MaxBuckets + 1}
	params["sinceMs"], params["untilMs"] = windowMs(since, until)
	if accounts != nil {
		params["accounts"] = accounts
	}
	if hashtag != nil {
		params["tag"] = *hashtag
	}
	out, err := read(ctx, s, "timeline", timelineCypher, params, func(r *neo4j.Record) (model.TimeBucket, error) {
		m := r.AsMap()
		return model.TimeBucket{Start: *msTime(m["bucket"]), Posts: asInt(m["posts"])}, nil
	})
	if err == nil && len(out) > MaxBuckets {
		return nil, apperr.New(apperr.LimitExceeded, "the timeline has more than %d buckets; narrow since/until or use a larger bucket", MaxBuckets)
	}
	return out, err
}

// CreationBatches returns days on which at least minAccounts accounts were
// created, largest first, each with up to maxAccounts of its accounts.
func (s *Store) CreationBatches(ctx context.Context, dataset *string, minAccounts, limit, maxAccounts int) ([]model.CreationBatch, error) {
	return read(ctx, s, "creation batches", creationBatchesCypher,
		map[string]any{"dataset": deref(dataset), "minAccounts": minAccounts, "limit": limit, "maxAccounts": maxAccounts},
		func(r *neo4j.Record) (model.CreationBatch, error) {
			m := r.AsMap()
			b := model.CreationBatch{Date: model.Date(str(m["day"])), Count: asInt(m["count"])}
			for _, a := range m["accounts"].([]any) {
				b.Accounts = append(b.Accounts, accountFromNode(a.(neo4j.Node)))
			}
			return b, nil
		})
}

// Clients ranks client apps by the accounts that used them.
func (s *Store) Clients(ctx context.Context, dataset *string, limit int) ([]model.ClientCount, error) {
	return read(ctx, s, "clients", clientsCypher, map[string]any{"dataset": deref(dataset), "limit": limit},
		func(r *neo4j.Record) (model.ClientCount, error) {
			m := r.AsMap()
			return model.ClientCount{Name: str(m["name"]), Accounts: asInt(m["accounts"]), Posts: asInt(m["posts"])}, nil
		})
}

// Hashtags ranks hashtags by posts.
func (s *Store) Hashtags(ctx context.Context, dataset *string, limit int) ([]model.PivotCount, error) {
	return pivot(ctx, s, "hashtags", hashtagsCypher, "tag", dataset, limit)
}

// Domains ranks domains by posts that share them.
func (s *Store) Domains(ctx context.Context, dataset *string, limit int) ([]model.PivotCount, error) {
	return pivot(ctx, s, "domains", domainsCypher, "name", dataset, limit)
}

func pivot(ctx context.Context, s *Store, op, q, key string, dataset *string, limit int) ([]model.PivotCount, error) {
	return read(ctx, s, op, q, map[string]any{"dataset": deref(dataset), "limit": limit},
		func(r *neo4j.Record) (model.PivotCount, error) {
			m := r.AsMap()
			return model.PivotCount{Value: str(m[key]), Posts: asInt(m["posts"]), Accounts: optInt(m["accounts"])}, nil
		})
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
