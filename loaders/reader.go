package loaders

import "context"

// Reader is how a format that loads through LoadFiles reads its files:
// the dataset each entry goes into, the opener of its streams, and the
// .cypher files whose statements its batches run. The format's Load runs
// it, and the bulk import (loaders/bulk) runs the same reader and converts
// those statements into the facts they write, so an import reads a file
// exactly as a load does.
type Reader struct {
	Kind    string
	Dataset func(path string, e Entry) string
	Open    func(dataset string) Opener
	// Cypher holds the format's statement files by name ("shares/posts.cypher");
	// the import refuses a statement it has no conversion for.
	Cypher map[string]string
}

// Load loads paths with the reader (LoadFiles).
func (r Reader) Load(ctx context.Context, t Target, paths []string, opts Options, rej *Rejects) (*Summary, error) {
	return LoadFiles(ctx, t, r.Kind, paths, r.Dataset, opts, rej, r.Open)
}
