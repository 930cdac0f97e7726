package metacib

import (
	"errors"
	"fmt"
	"io"

	"github.com/iograph/iograph/loaders"
)

// KillChainFormat names the reference list in header errors.
const KillChainFormat = "meta-killchain"

// ParseKillChain reads Online_Operations_Killchain-TTPs.csv, Meta's list of
// tactics, techniques and procedures, so the writer can name TTP nodes
// canonically: the network files spell the same procedure several ways, and
// TTPRef.Code joins them to this list. Blank rows are skipped.
func ParseKillChain(r io.Reader, file string, reject func(loaders.Reject) error) ([]TTPRef, error) {
	c, err := loaders.NewCSV(r, file, KillChainFormat, killChainColumns)
	if err != nil {
		return nil, err
	}
	if c.Has("indicator") {
		return nil, fmt.Errorf("%s: a network file (it has an Indicator column), not the kill-chain list; use Parse", file)
	}
	var out []TTPRef
	for {
		rej, err := c.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if rej != nil {
			if reject != nil {
				if err := reject(*rej); err != nil {
					return out, err
				}
			}
			continue
		}
		ref := TTPRef{Tactic: cleanCell(c.Get("tactic")), Technique: cleanCell(c.Get("technique")), Procedure: cleanCell(c.Get("procedure"))}
		if ref.Tactic == "" && ref.Technique == "" && ref.Procedure == "" {
			continue
		}
		ref.Code = ttpCode(ref.Procedure)
		if ref.Code == "" {
			ref.Code = ttpCode(ref.Technique)
		}
		out = append(out, ref)
	}
}
