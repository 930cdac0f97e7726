package coord

// Prepare applies the preprocessing of CooRTweet's German-election example
// before detect_groups: it drops shares with an empty Object (R's
// !is.na(object_id)) and keeps the first of duplicate (Object, Account,
// Content, TimeMs) rows (R's unique(by = ...)), preserving input order —
// the order matters because rule 1's order breaks time ties.
func Prepare(shares []Share) []Share {
	seen := make(map[Share]struct{}, len(shares))
	out := make([]Share, 0, len(shares))
	for _, s := range shares {
		if s.Object == "" {
			continue
		}
		if _, ok := seen[s]; ok {
			continue
		}
		seen[s] = struct{}{}
		out = append(out, s)
	}
	return out
}
