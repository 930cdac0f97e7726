package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/bulk"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/twitterio"
)

// ImportRequest is a bulk import: releases converted and written by
// neo4j-admin into a stopped, empty database (`iograph import`).
type ImportRequest struct {
	Files   []string
	Rejects string // the CSV every rejected row is written to; "" keeps only the first few
	// Work is where the CSV files and spill files go (default: a folder
	// under the data directory's import/); removed after a good import
	// unless Keep.
	Work    string
	Keep    bool
	Admin   bulk.Admin
	Options bulk.Options
}

// ImportReport is what an import came to.
type ImportReport struct {
	Convert *bulk.Result
	Rejects *loaders.Rejects
	Admin   time.Duration // neo4j-admin alone
	Took    time.Duration // conversion and neo4j-admin
}

// Check refuses a request Import would refuse before converting anything:
// no files, a missing file, a running or non-empty database.
func (r ImportRequest) Check() error {
	if len(r.Files) == 0 {
		return apperr.New(apperr.BadInput, "import: name at least one file")
	}
	for _, f := range r.Files {
		if _, err := os.Stat(f); err != nil {
			return apperr.Wrap(apperr.BadInput, err, "import: %v", err)
		}
	}
	return r.Admin.Check()
}

// Import converts the files (bulk.Convert) and runs neo4j-admin on them.
// The server is stopped meanwhile; FinishImport completes the import once
// it runs.
func Import(ctx context.Context, req ImportRequest) (*ImportReport, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	work := req.Work
	if work == "" {
		work = filepath.Join(req.Admin.DataDir, "import", fmt.Sprintf("iograph-bulk-%d", time.Now().UnixNano()))
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	rej, err := loaders.NewRejects(req.Rejects)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	rep := &ImportReport{Rejects: rej}
	res, err := bulk.Convert(ctx, req.Files, work, req.Options, rej)
	if cerr := rej.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return rep, err
	}
	rep.Convert = res
	t0 := time.Now()
	if err := req.Admin.Import(ctx, res); err != nil {
		return rep, err
	}
	rep.Admin = time.Since(t0)
	rep.Took = time.Since(start)
	if !req.Keep {
		os.RemoveAll(work)
	}
	return rep, nil
}

// ImportedLoads are the loads an import of files recorded (the same ids a
// load of them records), for FinishImport when the import ran earlier.
func ImportedLoads(files []string, dataset string) ([]*loaders.FileLoad, error) {
	jobs, err := twitterio.Jobs(files, dataset)
	if err != nil {
		return nil, apperr.Wrap(apperr.BadInput, err, "import: %v", err)
	}
	var out []*loaders.FileLoad
	for _, j := range jobs {
		out = append(out, &loaders.FileLoad{ID: loaders.LoadID(twitterio.Kind, j.Dataset, j.Entry), Kind: twitterio.Kind, Dataset: j.Dataset, Entry: j.Entry})
	}
	return out, nil
}

// FinishImport does, on the imported database once its server runs, what a
// load does after its files and the import cannot: the schema migrations
// (constraints and indexes, such as amplified_total), the record that the
// aggregates and share indexes the import wrote are current, and the links
// across platforms. After it, a load of the same files skips them as
// loaded, and a load of another release adds to them.
func FinishImport(ctx context.Context, db *graphdb.DB, files []*loaders.FileLoad, workers int, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	st := store.New(db)
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	sum := &loaders.Summary{Files: files}
	var done []string
	for _, f := range files {
		if !slices.Contains(done, f.Dataset) {
			done = append(done, f.Dataset)
			if err := twitterio.MarkDerived(ctx, db, f.Dataset); err != nil {
				return err
			}
		}
	}
	if err := links.AfterLoad(ctx, db, sum); err != nil {
		return err
	}
	// The import wrote the share indexes a load builds; once stamped with
	// the data version they are current, and the refresh below finds
	// nothing to build (it builds what an older import did not write).
	for _, ds := range done {
		if _, err := st.StampImportedShareIndexes(ctx, ds); err != nil {
			return err
		}
	}
	return refreshShareIndexes(ctx, st, sum, max(workers, 1), log)
}
