package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/bulk"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/twitterio"
)

// ImportRequest is a bulk import: files of any format the online loader
// reads, converted and written by neo4j-admin into a stopped, empty
// database (`iograph import`).
type ImportRequest struct {
	Inputs  []bulk.Input // in the order a load of each would run
	Rejects string       // the CSV every rejected row is written to; "" keeps only the first few
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
// no files, an unknown format, a missing file, a running or non-empty
// database.
func (r ImportRequest) Check() error {
	n := 0
	for _, in := range r.Inputs {
		if loadFormats[in.Format] == nil {
			return apperr.New(apperr.BadInput, "import: unknown format %q (formats: %s)", in.Format, strings.Join(LoadFormats(), ", "))
		}
		for _, f := range in.Files {
			if _, err := os.Stat(f); err != nil {
				return apperr.Wrap(apperr.BadInput, err, "import: %v", err)
			}
			n++
		}
	}
	if n == 0 {
		return apperr.New(apperr.BadInput, "import: name at least one file")
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
	res, err := bulk.ConvertInputs(ctx, req.Inputs, work, req.Options, rej)
	if cerr := rej.Close(); err == nil {
		err = cerr
	}
	var herr *loaders.HeaderError
	if errors.As(err, &herr) {
		err = apperr.Wrap(apperr.BadInput, err, "import: %v", err)
	}
	if err != nil {
		return rep, err
	}
	rep.Convert = res
	req.Options.Progress.Hand()
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

// ImportedLoads are the loads an import of inputs recorded (the same ids a
// load of them records), one list per input, for FinishImport.
func ImportedLoads(inputs []bulk.Input, dataset string) ([][]*loaders.FileLoad, error) {
	var out [][]*loaders.FileLoad
	for _, in := range inputs {
		jobs, err := bulk.Jobs([]bulk.Input{in}, dataset)
		if err != nil {
			return nil, apperr.Wrap(apperr.BadInput, err, "import: %v", err)
		}
		var loads []*loaders.FileLoad
		for _, j := range jobs {
			loads = append(loads, &loaders.FileLoad{ID: loaders.LoadID(j.Kind, j.Dataset, j.Entry), Kind: j.Kind, Dataset: j.Dataset, Entry: j.Entry})
		}
		out = append(out, loads)
	}
	return out, nil
}

// FinishImport does, on the imported database once its server runs, what a
// load does after its files and the import cannot: the schema migrations
// (constraints and indexes, such as amplified_total), the lists neo4j-admin
// cannot write, the record that the aggregates and share indexes the
// import wrote are current, the links across platforms and the share
// indexes of the other formats' datasets. The links are made input by
// input (loads, from ImportedLoads), as the load commands of the inputs,
// one after the other, make them. After it, a load of the same files skips
// them as loaded, and a load of another release adds to them.
func FinishImport(ctx context.Context, db *graphdb.DB, loads [][]*loaders.FileLoad, workers int, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	st := store.New(db)
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	if _, err := bulk.RestoreLists(ctx, db); err != nil {
		return err
	}
	var files []*loaders.FileLoad
	var sums []*loaders.Summary
	for _, l := range loads {
		files = append(files, l...)
		sums = append(sums, &loaders.Summary{Files: l})
	}
	sum := &loaders.Summary{Files: files}
	var done []string
	for _, f := range files {
		// a load derives the datasets its twitter-io files name
		if f.Kind == twitterio.Kind && !slices.Contains(done, f.Dataset) {
			done = append(done, f.Dataset)
			if err := twitterio.MarkDerived(ctx, db, f.Dataset); err != nil {
				return err
			}
		}
	}
	if err := links.AfterImport(ctx, db, sums); err != nil {
		return err
	}
	// The import wrote the share indexes a load builds of the datasets of
	// twitter-io files; once stamped with the data version they are
	// current, and the refresh below finds nothing to build (it builds
	// what an older import did not write, and the other formats' indexes).
	for _, ds := range done {
		if _, err := st.StampImportedShareIndexes(ctx, ds); err != nil {
			return err
		}
	}
	return refreshShareIndexes(ctx, st, sum, max(workers, 1), log)
}
