package store

import (
	"context"
	_ "embed"
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
func (s *Store) SaveCoordination(ctx context.Context, saved model.SavedCoordination, dataset string) (model.SavedCoordination, error) {
	saved.ID = newID("coordination")
	saved.SavedAt = time.Now().UTC().Truncate(time.Millisecond)
	enc := func(v any) (string, error) {
		j, err := json.Marshal(v)
		return string(j), err
	}
	input, err := enc(saved.Input)
	if err != nil {
		return saved, fmt.Errorf("save coordination: input: %w", err)
	}
	version, err := enc(saved.Version)
	if err != nil {
		return saved, fmt.Errorf("save coordination: data version: %w", err)
	}
	result, err := enc(saved.Result)
	if err != nil {
		return saved, fmt.Errorf("save coordination: result: %w", err)
	}
	var ds any
	if dataset != "" {
		ds = dataset
	}
	signal, _ := saved.Input["signal"].(string)
	_, err = write(ctx, s, "save coordination", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := run(ctx, tx, coordinationRunSaveCypher, map[string]any{
			"id": saved.ID, "name": saved.Name, "savedAt": saved.SavedAt.Format(time.RFC3339Nano), "signal": signal,
			"input": input, "version": version, "result": result, "dataset": ds,
			"accounts": coord.Nodes(saved.Result.Edges),
		})
		return struct{}{}, err
	})
	return saved, err
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
