// Package coord detects coordinated sharing: accounts that repeatedly share
// the same object (a retweeted tweet, a URL, a hashtag, an image hash) within
// a short time of each other. It is a streaming Go re-implementation of the
// R package CooRTweet 2.1.3 (detect_groups, flag_speed_share,
// generate_coordinated_network, account_stats), so that an investigator can
// reproduce a published CooRTweet network from the same rows, and so that the
// same analysis runs on graphs far larger than an in-memory self-join allows.
//
// # Input and the five rules (ModeCoorTweet)
//
// A Share is one row: the object shared, the account, the content (the share
// itself, e.g. the retweet's id) and the time in milliseconds. CooRTweet works
// in seconds; pass seconds*1000. Windows are time.Durations and are compared
// inclusively in whole milliseconds (a sub-millisecond remainder is dropped,
// which is exact because times are whole milliseconds).
//
//  1. Accounts with fewer than MinParticipation input rows are dropped (a plain
//     row count; duplicate rows count).
//  2. Within each object, every unordered pair of rows at most Window apart
//     is a candidate.
//  3. With RemoveLoops a pair is dropped when the object id equals either
//     content id, when both content ids are equal, or when both accounts are
//     equal.
//  4. The content ids on either side of a surviving pair form a set C. Among
//     the rows kept by rule 1 whose content id is in C (every such row, also
//     rows of other objects and duplicates), rows are counted per account; the
//     content ids of the rows of accounts reaching MinParticipation form K. A
//     pair is kept when either of its content ids is in K.
//  5. Each pair is oriented from the older share to the newer one.
//
// The network has one edge per unordered account pair: Weight is the number
// of kept pair rows, AvgTimeDeltaSeconds their mean absolute time difference,
// NContent and NContentY the distinct older-side and newer-side content ids,
// Symmetry min/max of those two, AboveThreshold is Weight > the type-7
// quantile (R's default) of all edge weights at EdgeWeight. Nodes are the
// accounts with at least one edge. With FastWindow > 0, flag_speed_share is
// applied: kept pairs at most FastWindow apart go through rule 4 again and
// the surviving pairs are "fast"; the Fast* edge attributes aggregate them.
//
// # Streaming
//
// Rows are sorted by (object, time, rule-1 order) and pairs are enumerated
// with a sliding window, never stored: one pass marks the content ids of rule
// 4, one (with FastWindow) marks them again for the fast pairs, one
// aggregates kept pairs forwards (weight, time, older-side content ids) and
// one backwards (newer-side content ids). Memory is O(rows + edges + distinct
// (edge, content id) combinations of content ids that occur on several rows),
// so a viral object with 100,000 shares and a short window costs the pairs
// inside the window in time, not 10^10 pairs in memory. Distinct counts use
// a per-edge "last row" stamp: all pairs of one row as the older (newer) side
// are enumerated consecutively by the forward (backward) pass, so a content id
// that occurs on a single row needs no set; content ids on several rows (a post
// with several URLs) are deduplicated through a hash set.
//
// # Where CooRTweet's R code differs from a plain reading of the rules
//
// The R code is the reference; these details follow it and are easy to get
// wrong:
//
//   - Tie order. do_detect_groups pre-filters with
//     x[, if (.N >= min_participation) .SD, by = account_id], which regroups the
//     rows account by account (accounts in order of first appearance, rows of an
//     account in input order). calc_group_combinations self-joins on row index
//     within that order and only swaps when the earlier row is strictly newer, so
//     on equal timestamps the "older" side is the row of the account that first
//     appeared earlier in the input (then the earlier input row) — not simply the
//     earlier input row.
//   - Account order of an edge. generate_coordinated_network orders the two
//     accounts with pmin/pmax, i.e. R's locale collation, and does not swap the
//     content columns. Edge.A < Edge.B here is byte order; no attribute depends
//     on it because NContent stays the older side's count whichever account
//     sorts first.
//   - igraph. Version 2.x aggregates with data.table by account pair and builds
//     the graph from the aggregated table (graph_from_data_frame), so there are
//     no multi-edges for igraph to simplify; nodes are exactly the accounts that
//     appear on an edge.
//   - Quantile. The threshold is quantile(E(g)$weight, edge_weight, na.rm=TRUE),
//     one value per edge (not per pair row), type 7, computed as R does:
//     h = 1+(n-1)p, q = (1-(h-lo))*x[lo] + (h-lo)*x[hi]. The fast threshold is the
//     same over the edges that have fast pairs (R's weight_fast is NA elsewhere).
//   - Mean. R's mean sums in long double; here the exact integer sum of
//     milliseconds is divided once in float64 (correctly rounded). Both agree for
//     all practical inputs; a last-bit difference is possible only for edges with
//     thousands of pair rows.
//   - flag_speed_share marks a kept pair by joining on (content_id, content_id_y),
//     not on the pair itself: a pair is fast when any kept pair with the same
//     oriented content ids anywhere in the data is within FastWindow and passes
//     rule 4 again. This differs from "the pair is within FastWindow" only when a
//     content id occurs with different timestamps; such content ids are tracked
//     and the join is reproduced exactly through a set of their fast content pairs.
//     flag_speed_share re-applies rule 4 to the caller's full data rather than the
//     rule-1 rows; the outcome is the same because an account under
//     MinParticipation rows cannot reach MinParticipation in a subset.
//   - min_participation 0: R skips rule 4; that is the same as 1, and is allowed.
//   - remove_loops = FALSE keeps same-account pairs, which become self-loop edges
//     (A == B), as in R.
//   - account_stats (the version taking result, CooRTweet >= 2.0.1) stacks each
//     edge's (account, avg_time_delta, edge_symmetry_score) for both endpoints,
//     drops duplicate rows with unique(), then averages per account: an account
//     whose edges share the same (avg_time_delta, edge_symmetry_score) counts that
//     combination once. unique_shares_count is the number of distinct content ids
//     of the account over all kept pairs, whatever the threshold. AccountStat
//     reproduces weight_threshold = "none" (Avg*) and "full" (Flagged*); R drops
//     accounts without a flagged edge from the "full" table, here their Flagged*
//     fields are zero.
//   - Combined networks. CooRTweet's German-election example runs detect_groups
//     separately per object type (URLs, domains, hashtags, images; rule 1 and rule
//     4 per type) and rbinds the results before generate_coordinated_network;
//     DetectGroups does exactly that. The example deduplicates each type by
//     (object, account, content, timestamp), drops empty objects and prefixes
//     object ids ("url_", "hashtag_", "hash_"; domains reuse "url_"); the prefix
//     matters because rule 3 compares object ids with content ids. See Prepare.
//
// # ModeNative
//
// ModeNative keeps rules 1-5 and every attribute above, and differs only in
// what an edge's strength counts:
//
//   - Weight is the number of distinct objects on which the two accounts have a
//     kept pair, not the number of pair rows (CooRTweet counts an account that
//     shares the same object three times in a burst three times);
//   - FastWeight is the number of distinct objects with a fast pair;
//   - the thresholds (type-7 quantiles) are therefore taken over these weights.
//
// NObjects carries the native weight in both modes, and Pairs the CooRTweet
// weight, so either can be read from any Result.
package coord
