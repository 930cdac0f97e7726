package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/store"
)

// datasetsLegend says where every row read went.
const datasetsLegend = `ROWS = ACCEPTED + REJECTED + BLANK. Accepted rows are in the graph (a row that repeats one
already loaded counts as accepted and adds nothing); rejected rows are listed, with file, line, column
and reason, in the load's --rejects report; blank rows hold no value (a disclosure's ",,," separators).`

func runDatasets(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("datasets", stderr)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := store.Open(ctx, n4j, newLogger(stderr, "text"))
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	ds, err := st.Datasets(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATASET\tKIND\tACCOUNTS\tFILE\tSTATUS\tROWS\tACCEPTED\tREJECTED\tBLANK\tLOAD")
	for _, d := range ds {
		name := d.Name
		if d.Synthetic {
			name += " (synthetic)"
		}
		if len(d.Loads) == 0 {
			fmt.Fprintf(tw, "%s\t%s\t%d\t-\t-\t-\t-\t-\t-\t-\n", name, d.Kind, d.Accounts)
		}
		for i, l := range d.Loads {
			if i > 0 {
				name = ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", name, d.Kind, d.Accounts, l.File, l.Status, l.Rows, l.Accepted, l.Rejected, l.Blank, l.ID)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, datasetsLegend)
	return err
}
