package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/iograph/iograph/loaders/gen"
)

const genUsage = `Usage:
  iograph gen twitter-io --tweets N --accounts M --out DIR [flags]

Writes a synthetic Twitter information-operations release (users and tweets
files in the real format, planted_groups.csv with the planted coordinated
groups, SYNTHETIC.md) for testing loads, queries and detectors at any scale.
The same flags and --seed give byte-identical files.

Run 'iograph gen twitter-io -h' for its flags.
`

// runGen dispatches on the format so that generators for other formats
// (CooRTweet shares, CrowdTangle) can join under the same command.
func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, genUsage)
		return fmt.Errorf("%w: gen: name a format: twitter-io", errUsage)
	}
	switch args[0] {
	case "twitter-io":
		return runGenTwitterIO(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, genUsage)
		return nil
	}
	fmt.Fprint(stderr, genUsage)
	return fmt.Errorf("%w: gen: unknown format %q (known: twitter-io)", errUsage, args[0])
}

func runGenTwitterIO(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen twitter-io", stderr)
	var o gen.Options
	fs.Int64Var(&o.Tweets, "tweets", 0, "tweets to write (required)")
	fs.IntVar(&o.Accounts, "accounts", 0, "accounts to write (required)")
	fs.StringVar(&o.OutDir, "out", "", "output directory, created if missing (required)")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed; the same flags and seed give byte-identical files")
	fs.StringVar(&o.Campaign, "campaign", gen.DefaultCampaign,
		"campaign name, completed to NAME_MMYYYY_1, or a full release prefix such as synthetic_hk_082019_1")
	fs.IntVar(&o.Groups, "groups", 5, "planted coordinated groups (0 for none)")
	fs.IntVar(&o.GroupSize, "group-size", gen.DefaultGroupSize, "accounts per planted group")
	fs.IntVar(&o.Seeds, "seed-accounts", 0, "core accounts posting the originals (default accounts/20, 1 to 1000)")
	start := fs.String("start", gen.DefaultStart.Format(time.DateOnly), "first day of activity, UTC (YYYY-MM-DD)")
	fs.DurationVar(&o.Span, "span", gen.DefaultSpan, "length of the activity")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	for _, req := range []struct {
		name string
		ok   bool
	}{{"--out", o.OutDir != ""}, {"--tweets", o.Tweets > 0}, {"--accounts", o.Accounts > 0}} {
		if !req.ok {
			return fmt.Errorf("%w: gen twitter-io: %s is required", errUsage, req.name)
		}
	}
	var err error
	if o.Start, err = time.Parse(time.DateOnly, *start); err != nil {
		return fmt.Errorf("%w: gen twitter-io: --start %q is not a date like 2019-06-01", errUsage, *start)
	}
	began := time.Now()
	sum, err := gen.TwitterIO(ctx, o)
	if errors.Is(err, gen.ErrInvalidOptions) {
		return fmt.Errorf("%w: gen twitter-io: %v", errUsage, err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s to %s: %d users, %d tweets (%d retweets, %d replies, %d quotes), %d planted groups of %d members, %.1f MB in %s\n",
		sum.Release, o.OutDir, sum.Users, sum.Tweets, sum.Retweets, sum.Replies, sum.Quotes, sum.Groups, sum.PlantedMembers,
		float64(sum.TweetsBytes)/1e6, time.Since(began).Round(time.Millisecond))
	return nil
}
