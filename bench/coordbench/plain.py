#!/usr/bin/env python3
"""A plain, single-threaded implementation of CooRTweet 2.1.3's coordinated
sharing rules (detect_groups + generate_coordinated_network's weight), the
baseline coordbench compares iograph with.

Standard library only, written the obvious way: read every row, group rows by
object, sort each object's rows by time and walk every pair inside the window,
keep the pairs in a list, filter, count pairs per account pair.

    python3 plain.py --window 60 --min-participation 2 shares.csv edges.csv

shares.csv has a header and the columns object,account,content,time_ms
(time in Unix milliseconds; CooRTweet's seconds * 1000). edges.csv gets
account_a,account_b,weight with account_a < account_b, rows sorted: the same
bytes `iograph coordination --out` writes.

The rules (internal/coord/doc.go):
  1. drop accounts with fewer than min_participation rows;
  2. within each object, every unordered pair of rows at most window apart
     (inclusive) is a candidate;
  3. remove_loops: drop a pair when the object equals either content id, both
     content ids are equal, or both accounts are equal;
  4. C = content ids on surviving pairs; count the rule-1 rows whose content
     id is in C per account; K = content ids of such rows of accounts with at
     least min_participation of them; keep a pair if either content id is in K;
  5. (orientation does not change the weight, so it is not needed here.)
The weight of an account pair is its number of kept pairs.
"""

import argparse
import csv
import sys


def detect(rows, window_ms, min_participation):
    # Rule 1: rows per account.
    per_account = {}
    for obj, acc, con, t in rows:
        per_account[acc] = per_account.get(acc, 0) + 1
    kept = [r for r in rows if per_account[r[1]] >= min_participation]

    # Rules 2 and 3: pairs within the window, object by object.
    by_object = {}
    for r in kept:
        by_object.setdefault(r[0], []).append(r)
    pairs = []
    on_pair = set()
    for obj, shares in by_object.items():
        shares.sort(key=lambda r: r[3])
        n = len(shares)
        for i in range(n):
            _, acc_i, con_i, t_i = shares[i]
            j = i + 1
            while j < n and shares[j][3] - t_i <= window_ms:
                _, acc_j, con_j, _ = shares[j]
                j += 1
                if obj == con_i or obj == con_j or con_i == con_j or acc_i == acc_j:
                    continue
                pairs.append((acc_i, acc_j, con_i, con_j))
                on_pair.add(con_i)
                on_pair.add(con_j)

    # Rule 4: participation again, over the rows whose content is on a pair.
    again = {}
    for obj, acc, con, t in kept:
        if con in on_pair:
            again[acc] = again.get(acc, 0) + 1
    good = set()
    for obj, acc, con, t in kept:
        if con in on_pair and again[acc] >= min_participation:
            good.add(con)

    # The network: kept pairs per unordered account pair.
    weights = {}
    for acc_i, acc_j, con_i, con_j in pairs:
        if con_i in good or con_j in good:
            key = (acc_i, acc_j) if acc_i < acc_j else (acc_j, acc_i)
            weights[key] = weights.get(key, 0) + 1
    return weights


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--window", type=int, default=60, help="seconds (CooRTweet's time_window)")
    ap.add_argument("--min-participation", type=int, default=2)
    ap.add_argument("shares")
    ap.add_argument("edges")
    a = ap.parse_args()

    rows = []
    with open(a.shares, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        if header != ["object", "account", "content", "time_ms"]:
            sys.exit("plain.py: unexpected header %r" % header)
        for obj, acc, con, t in r:
            rows.append((obj, acc, con, int(t)))

    weights = detect(rows, a.window * 1000, a.min_participation)

    with open(a.edges, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["account_a", "account_b", "weight"])
        for (x, y), n in sorted(weights.items()):
            w.writerow([x, y, n])
    print("plain.py: %d shares, %d edges" % (len(rows), len(weights)), file=sys.stderr)


if __name__ == "__main__":
    main()
