package store

import (
	"context"
	_ "embed"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed datasets.cypher
	datasetsCypher string
	//go:embed dataset_names.cypher
	datasetNamesCypher string
)

// DatasetNames lists the datasets' names alone: checking a command's
// dataset argument with Datasets cost a coordination run on a small dataset
// a third of its time, counting accounts it did not need.
func (s *Store) DatasetNames(ctx context.Context) ([]string, error) {
	return read(ctx, s, "dataset names", datasetNamesCypher, nil, func(r *neo4j.Record) (string, error) {
		return str(r.Values[0]), nil
	})
}

// Datasets lists every dataset with its loads.
func (s *Store) Datasets(ctx context.Context) ([]model.Dataset, error) {
	return read(ctx, s, "datasets", datasetsCypher, nil, func(r *neo4j.Record) (model.Dataset, error) {
		m := r.AsMap()
		d := model.Dataset{Name: str(m["name"]), Kind: str(m["kind"]), Synthetic: m["synthetic"] == true, Accounts: num(m["accounts"])}
		loads, _ := m["loads"].([]any)
		for _, x := range loads {
			l, _ := x.(map[string]any)
			d.Loads = append(d.Loads, model.Load{
				ID: str(l["id"]), Kind: str(l["kind"]), File: str(l["file"]), Entry: str(l["entry"]),
				SHA256: str(l["sha256"]), Status: str(l["status"]), Rows: num(l["rows"]),
				Accepted: num(l["accepted"]), Rejected: num(l["rejected"]), Blank: num(l["blank"]),
				StartedAt: timePtr(l["startedAt"]), FinishedAt: timePtr(l["finishedAt"]),
			})
		}
		return d, nil
	})
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	n, _ := v.(int64)
	return int(n)
}

func timePtr(v any) *time.Time {
	t, ok := v.(time.Time)
	if !ok {
		return nil
	}
	t = t.UTC()
	return &t
}
