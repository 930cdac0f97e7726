package export

import (
	"math"
	"time"

	"github.com/iograph/iograph/internal/model"
)

// testNetwork is small but has what exports get wrong: both edge kinds
// (including an AMPLIFIED and a COORDINATED edge between the same pair),
// unicode and XML-special labels, a formula-like label, nil and missing
// properties, a property that collides with a structural column, times as
// strings and as time.Time, a list, and a follower count beyond 32 bits.
func testNetwork() model.Network {
	tw, fb := model.PlatformTwitter, model.PlatformFacebook
	return model.Network{
		Nodes: []model.NetworkNode{
			{ID: "twitter:1", Kind: "Account", Label: `Tom & "Jerry" <b>'s</b>`, Platform: &tw, Properties: map[string]any{
				"kind": "account", "hop": 0, "seed": true, "hashed": false, "followers": int64(1200),
				"handle": "tom_jerry", "createdAt": "2019-04-01", "component": 0, "community": int64(2),
				"hashtags": []any{"#vote", "#ünïcode"},
			}},
			{ID: "twitter:2", Kind: "Account", Label: "=HYPERLINK(\"http://x\")", Properties: map[string]any{
				"kind": "account", "hop": 1, "seed": false, "hashed": true, "followers": nil,
				"component": 0, "community": 1, "label": "shadow label", "score": 0.25,
			}},
			{ID: "facebook:3", Kind: "Account", Label: "Ünïcødé Пётр 🚀 页面", Platform: &fb, Properties: map[string]any{
				"kind": "page", "hop": 1, "seed": false, "hashed": false, "followers": int64(5_000_000_000),
				"createdAt": nil, "component": 1, "community": 2, "score": 3,
			}},
			{ID: "twitter:4", Kind: "Account", Label: "@plain_handle"}, // no properties at all
		},
		Edges: []model.NetworkEdge{
			{ID: "AMPLIFIED:twitter:2->twitter:1", Source: "twitter:2", Target: "twitter:1", Kind: "AMPLIFIED", Weight: 7,
				Properties: map[string]any{"retweets": int64(4), "replies": 1, "quotes": 0, "mentions": int64(2),
					"firstAt": "2024-03-01T10:00:00.123Z", "lastAt": time.Date(2024, 3, 5, 12, 30, 0, 0, time.FixedZone("CET", 3600))}},
			{ID: "AMPLIFIED:facebook:3->twitter:1", Source: "facebook:3", Target: "twitter:1", Kind: "AMPLIFIED", Weight: 1,
				Properties: map[string]any{"retweets": int64(1), "replies": nil, "firstAt": nil}},
			{ID: "COORDINATED:twitter:1--twitter:2", Source: "twitter:1", Target: "twitter:2", Kind: "COORDINATED", Weight: 2.5,
				Properties: map[string]any{"pairs": 3, "avgTimeDeltaSeconds": 12.75, "symmetry": 0.5, "aboveThreshold": true,
					"fast": false, "objectCount": int64(9)}},
			{ID: "COORDINATED:facebook:3--twitter:4", Source: "facebook:3", Target: "twitter:4", Kind: "COORDINATED", Weight: 1,
				Properties: map[string]any{"pairs": 1, "avgTimeDeltaSeconds": 3, "symmetry": math.NaN(), "aboveThreshold": false,
					"fast": true, "objectCount": 1}},
		},
		Truncated: true,
	}
}

var testMeta = Meta{
	Title:       "Amplifiers of #vote & friends",
	Description: "Two-hop network <test>",
	Source:      "network(seed: twitter:1, hops: 2)",
	Created:     time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC),
}

// The expectations below are written out by hand rather than derived with
// the package's own helpers, so a bug in type inference or renaming cannot
// hide behind itself.

// wantNodeTypes is the declared type of every node column (generic names;
// GraphML spells integer as "int").
var wantNodeTypes = map[string]string{
	"kind": "string", "platform": "string",
	"prop_kind": "string", "prop_label": "string", "hop": "integer", "seed": "boolean", "hashed": "boolean",
	"followers": "long", "handle": "string", "createdAt": "string", "component": "integer",
	"community": "integer", "hashtags": "string", "score": "double",
}

var wantEdgeTypes = map[string]string{
	"retweets": "integer", "replies": "integer", "quotes": "integer", "mentions": "integer",
	"firstAt": "string", "lastAt": "string", "pairs": "integer", "avgTimeDeltaSeconds": "double",
	"symmetry": "double", "aboveThreshold": "boolean", "fast": "boolean", "objectCount": "integer",
}

// canonNode and canonEdge are what a reader of any format should recover;
// attribute values are text, and a missing value is an absent key.
type canonNode struct {
	ID, Label string
	Attrs     map[string]string
}

type canonEdge struct {
	ID, Source, Target, Kind string
	Weight                   float64
	Undirected               bool
	Attrs                    map[string]string
}

var wantNodes = []canonNode{
	{ID: "twitter:1", Label: `Tom & "Jerry" <b>'s</b>`, Attrs: map[string]string{
		"kind": "Account", "platform": "twitter", "prop_kind": "account", "hop": "0", "seed": "true", "hashed": "false",
		"followers": "1200", "handle": "tom_jerry", "createdAt": "2019-04-01", "component": "0", "community": "2",
		"hashtags": "#vote|#ünïcode"}},
	{ID: "twitter:2", Label: "=HYPERLINK(\"http://x\")", Attrs: map[string]string{
		"kind": "Account", "prop_kind": "account", "hop": "1", "seed": "false", "hashed": "true",
		"component": "0", "community": "1", "prop_label": "shadow label", "score": "0.25"}},
	{ID: "facebook:3", Label: "Ünïcødé Пётр 🚀 页面", Attrs: map[string]string{
		"kind": "Account", "platform": "facebook", "prop_kind": "page", "hop": "1", "seed": "false", "hashed": "false",
		"followers": "5000000000", "component": "1", "community": "2", "score": "3"}},
	{ID: "twitter:4", Label: "@plain_handle", Attrs: map[string]string{"kind": "Account"}},
}

var wantEdges = []canonEdge{
	{ID: "AMPLIFIED:twitter:2->twitter:1", Source: "twitter:2", Target: "twitter:1", Kind: "AMPLIFIED", Weight: 7, Attrs: map[string]string{
		"retweets": "4", "replies": "1", "quotes": "0", "mentions": "2",
		"firstAt": "2024-03-01T10:00:00.123Z", "lastAt": "2024-03-05T11:30:00Z"}},
	{ID: "AMPLIFIED:facebook:3->twitter:1", Source: "facebook:3", Target: "twitter:1", Kind: "AMPLIFIED", Weight: 1, Attrs: map[string]string{
		"retweets": "1"}},
	{ID: "COORDINATED:twitter:1--twitter:2", Source: "twitter:1", Target: "twitter:2", Kind: "COORDINATED", Weight: 2.5, Undirected: true,
		Attrs: map[string]string{"pairs": "3", "avgTimeDeltaSeconds": "12.75", "symmetry": "0.5", "aboveThreshold": "true",
			"fast": "false", "objectCount": "9"}},
	{ID: "COORDINATED:facebook:3--twitter:4", Source: "facebook:3", Target: "twitter:4", Kind: "COORDINATED", Weight: 1, Undirected: true,
		Attrs: map[string]string{"pairs": "1", "avgTimeDeltaSeconds": "3", "aboveThreshold": "false",
			"fast": "true", "objectCount": "1"}},
}

// wantSpans are the GEXF start/end of each edge ("" = none).
var wantSpans = map[string][2]string{
	"AMPLIFIED:twitter:2->twitter:1":    {"2024-03-01T10:00:00.123Z", "2024-03-05T11:30:00Z"},
	"AMPLIFIED:facebook:3->twitter:1":   {"", ""},
	"COORDINATED:twitter:1--twitter:2":  {"", ""},
	"COORDINATED:facebook:3--twitter:4": {"", ""},
}
