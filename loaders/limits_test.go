package loaders_test

import (
	"context"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
)

// MaxIndexedBytes is Neo4j's own limit: a string of that many bytes (of
// 4-byte characters, and of 1-byte ones) is accepted by every index and
// uniqueness constraint the loaders write to, and one byte more is refused.
// When Neo4j changes the limit, this fails rather than the loads.
func TestMaxIndexedBytesIsNeo4js(t *testing.T) {
	neo4jtest.Fresh(t)
	ctx := context.Background()
	for _, target := range []string{"Account.uid", "Account.handleLower", "Post.uid", "Tweet.id", "Hashtag.tag", "Url.url",
		"Domain.name", "Image.hash", "Client.name", "Operation.uid", "Dataset.name"} {
		label, prop, _ := strings.Cut(target, ".")
		q := "CREATE (n:" + label + ") SET n." + prop + " = $v"
		for _, v := range []string{
			strings.Repeat("🔥", loaders.MaxIndexedBytes/4), strings.Repeat("a", loaders.MaxIndexedBytes),
			strings.Repeat("a", loaders.MaxIndexedBytes+1),
		} {
			_, err := neo4jtest.DB(t).Query(ctx, q, map[string]any{"v": v})
			if over := len(v) > loaders.MaxIndexedBytes; over != (err != nil) || over && !strings.Contains(err.Error(), "too large to index") {
				t.Errorf("%s with %d bytes: err = %.200v", target, len(v), err)
			}
		}
	}
}
