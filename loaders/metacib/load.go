package metacib

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/links"
)

var (
	//go:embed write_operation.cypher
	operationCypher string
	//go:embed write_assets.cypher
	assetsCypher string
)

// maxFileBytes bounds what is buffered: disclosures are kilobytes, so a
// larger file is not one.
const maxFileBytes = 64 << 20

// Load loads Meta CIB indicator files, one operation each. The dataset of
// each file is its operation id unless dataset names one for all.
func Load(ctx context.Context, t loaders.Target, paths []string, dataset string, opts loaders.Options, rej *loaders.Rejects) (*loaders.Summary, error) {
	return Reader(dataset).Load(ctx, t, paths, opts, rej)
}

// Reader reads Meta CIB indicator files into dataset, or else each file's
// operation (Load, and the bulk import).
func Reader(dataset string) loaders.Reader {
	return loaders.Reader{Kind: Format, Dataset: func(_ string, e loaders.Entry) string {
		if dataset != "" {
			return dataset
		}
		return OperationFor(e.Label()).ID
	}, Open: func(string) loaders.Opener { return opener },
		Cypher: map[string]string{"meta-cib/write_operation.cypher": operationCypher, "meta-cib/write_assets.cypher": assetsCypher}}
}

// opener parses the (small) file once to refuse a wrong header before
// anything is written, then again while loading, with rejects reported.
func opener(r io.Reader, label string) (func(*loaders.Out) error, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", label, err)
	}
	if len(raw) > maxFileBytes {
		return nil, fmt.Errorf("load %s: over %d MiB, not a Meta CIB indicator file", label, maxFileBytes>>20)
	}
	maxField := loaders.FieldLimit(r)
	if _, err := Parse(loaders.Limit(bytes.NewReader(raw), maxField), label, func(loaders.Reject) error { return nil }); err != nil {
		return nil, err
	}
	return func(out *loaders.Out) error {
		f, err := Parse(loaders.Limit(bytes.NewReader(raw), maxField), label, func(r loaders.Reject) error {
			out.Row() // rejected rows are rows too
			return out.Reject(&r)
		})
		if err != nil {
			return err
		}
		for i := 0; i < f.Rows-f.Rejects; i++ {
			out.Row()
		}
		out.Blank(f.Blank)
		return write(out, f)
	}, nil
}

func write(out *loaders.Out, f *File) error {
	// A disclosure may list one asset several times (a domain under two
	// procedures, several posts of one author). The first listing describes
	// it and the others add their lines, so the result does not depend on
	// which batch commits first.
	rows := make([]map[string]any, 0, len(f.Assets))
	byKey := map[string]map[string]any{}
	handles := map[string]map[string]any{} // the first listing's handle observation, by asset key
	asOf := f.Operation.Published
	if asOf == "" {
		asOf = f.Operation.Period
	}
	for _, a := range f.Assets {
		if r, ok := byKey[a.Key]; ok {
			r["lines"] = append(r["lines"].([]int), a.Line)
			continue
		}
		r := assetRow(a)
		r["lines"] = []int{a.Line}
		byKey[a.Key] = r
		rows = append(rows, r)
		if a.Platform != model.PlatformWeb {
			handles[a.Key] = links.HandleRow(a.Key, string(a.Platform), string(a.Kind), a.Site, a.Handle,
				f.Operation.Source, a.Evidence, asOf)
		}
	}
	// The first batch carries the operation and the rows that are not assets
	// (counts, facts, indicators, tactics); later ones carry assets only.
	steps := []loaders.Step{{Query: operationCypher, Params: map[string]any{
		"op": operationProps(f), "load": out.LoadID(), "dataset": out.Dataset()}}}
	accepted := f.Rows - f.Rejects - f.Blank - len(rows)
	for start := 0; ; start += out.BatchSize {
		chunk := rows[min(start, len(rows)):min(start+out.BatchSize, len(rows))]
		if len(chunk) > 0 {
			uids := make([]string, len(chunk))
			hs := make([]map[string]any, len(chunk))
			for i, r := range chunk {
				uids[i] = r["uid"].(string)
				hs[i] = handles[uids[i]]
			}
			steps = append(steps, loaders.StepsOf(assetsCypher, map[string]any{
				"rows": chunk, "operation": f.Operation.ID, "source": f.Operation.Source, "load": out.LoadID()})...)
			steps = append(steps, links.Memberships(out.LoadID(), out.Dataset(), uids))
			steps = append(steps, links.Handles(out.LoadID(), out.Dataset(), hs)...)
		}
		if err := out.Emit(accepted+len(chunk), steps); err != nil {
			return err
		}
		steps, accepted = nil, 0
		if start+out.BatchSize >= len(rows) {
			return nil
		}
	}
}

func assetRow(a Asset) map[string]any {
	props := map[string]any{"platform": string(a.Platform), "kind": string(a.Kind)}
	if a.NativeID != "" {
		props["id"] = a.NativeID
	}
	if a.Handle != "" {
		props["handle"] = a.Handle
		props["handleLower"] = keys.Handle(a.Handle)
	}
	if a.URL != "" {
		props["profileUrl"] = a.URL
	}
	if a.Site != "" {
		props["site"] = a.Site
	}
	if a.Platform == model.PlatformWeb && a.Domain != "" {
		props["handle"] = a.Domain
		props["name"] = a.Domain
	}
	domain := ""
	if a.Platform == model.PlatformWeb {
		domain = a.Domain
	}
	return map[string]any{"uid": a.Key, "props": props, "evidence": a.Evidence, "line": a.Line,
		"ttp": a.TTP.Code, "viaPost": a.ViaPost, "url": a.URL, "domain": domain}
}

// operationProps flattens what the disclosure says into properties.
func operationProps(f *File) map[string]any {
	o := f.Operation
	p := map[string]any{"uid": o.ID, "name": o.Name, "source": o.Source, "period": o.Period,
		"published": o.Published, "file": o.File, "schema": string(o.Schema)}
	var cp, ck, ct []string
	var cn []int64
	for _, c := range f.Counts {
		cp, ck, cn, ct = append(cp, string(c.Platform)), append(ck, string(c.Kind)), append(cn, int64(c.N)), append(ct, c.Text)
	}
	p["countPlatforms"], p["countKinds"], p["countValues"], p["countTexts"] = cp, ck, cn, ct
	var fk, fp, ftext []string
	var fv []int64
	for _, x := range f.Facts {
		v := int64(-1) // -1: the disclosure gives no number ("Around $xx")
		if x.Value != nil {
			v = *x.Value
		}
		fk, fp, fv, ftext = append(fk, string(x.Kind)), append(fp, string(x.Platform)), append(fv, v), append(ftext, x.Text)
	}
	p["factKinds"], p["factPlatforms"], p["factValues"], p["factTexts"] = fk, fp, fv, ftext
	var it, iv []string
	for _, x := range f.Indicators {
		it, iv = append(it, x.Type), append(iv, x.Value)
	}
	p["indicatorTypes"], p["indicatorValues"] = it, iv
	var ttps []string
	for _, x := range f.TTPs {
		s := strings.TrimSpace(x.Code + " " + x.Procedure)
		if x.Indicator != "" {
			s += ": " + x.Indicator
		}
		ttps = append(ttps, s)
	}
	p["ttps"] = ttps
	return p
}
