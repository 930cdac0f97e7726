package store

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/coord"
	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed coordination_run_save.cypher
	coordinationRunSaveCypher string
	//go:embed coordination_run_get.cypher
	coordinationRunGetCypher string
	//go:embed coordination_runs.cypher
	coordinationRunsCypher string
)

// SaveCoordination stores a run in one write transaction (all of it or
// nothing) and returns it with its new id.
func (s *Store) SaveCoordination(ctx context.Context, run model.SavedCoordination, dataset string) (model.SavedCoordination, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return run, fmt.Errorf("save coordination: id: %w", err)
	}
	run.ID = "coordination:" + hex.EncodeToString(b[:])
	run.SavedAt = time.Now().UTC().Truncate(time.Millisecond)
	enc := func(v any) (string, error) {
		j, err := json.Marshal(v)
		return string(j), err
	}
	input, err := enc(run.Input)
	if err != nil {
		return run, fmt.Errorf("save coordination: input: %w", err)
	}
	version, err := enc(run.Version)
	if err != nil {
		return run, fmt.Errorf("save coordination: data version: %w", err)
	}
	result, err := enc(run.Result)
	if err != nil {
		return run, fmt.Errorf("save coordination: result: %w", err)
	}
	var ds any
	if dataset != "" {
		ds = dataset
	}
	signal, _ := run.Input["signal"].(string)
	s.queries.Add(1)
	_, err = neo4j.ExecuteQuery(ctx, s.driver, coordinationRunSaveCypher, map[string]any{
		"id": run.ID, "name": run.Name, "savedAt": run.SavedAt.Format(time.RFC3339Nano), "signal": signal,
		"input": input, "version": version, "result": result, "dataset": ds,
		"accounts": coord.Nodes(run.Result.Edges),
	}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithWritersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.cfg.QueryTimeout)))
	if err != nil {
		return run, classify("save coordination", err)
	}
	return run, nil
}

// SavedCoordination returns a saved run with its result, or NOT_FOUND.
func (s *Store) SavedCoordination(ctx context.Context, id string) (*model.SavedCoordination, error) {
	runs, err := read(ctx, s, "saved coordination", coordinationRunGetCypher, map[string]any{"id": id}, savedCoordinationRecord)
	if err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		return nil, apperr.New(apperr.NotFound, "no saved coordination run with id %q", id)
	}
	return &runs[0], nil
}

// SavedCoordinations lists saved runs, newest first, without results.
func (s *Store) SavedCoordinations(ctx context.Context, limit int) ([]model.SavedCoordination, error) {
	return read(ctx, s, "saved coordinations", coordinationRunsCypher, map[string]any{"limit": limit}, savedCoordinationRecord)
}

func savedCoordinationRecord(r *neo4j.Record) (model.SavedCoordination, error) {
	m := r.AsMap()
	run := model.SavedCoordination{ID: str(m["id"]), Name: str(m["name"])}
	if t, ok := m["savedAt"].(time.Time); ok {
		run.SavedAt = t.UTC()
	}
	if err := json.Unmarshal([]byte(str(m["input"])), &run.Input); err != nil {
		return run, fmt.Errorf("run %s input: %w", run.ID, err)
	}
	if err := json.Unmarshal([]byte(str(m["version"])), &run.Version); err != nil {
		return run, fmt.Errorf("run %s data version: %w", run.ID, err)
	}
	if res := str(m["result"]); res != "" {
		run.Result = new(model.Coordination)
		if err := json.Unmarshal([]byte(res), run.Result); err != nil {
			return run, fmt.Errorf("run %s result: %w", run.ID, err)
		}
	}
	return run, nil
}
