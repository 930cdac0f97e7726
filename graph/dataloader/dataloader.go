// Package dataloader batches the per-account reads of one GraphQL request:
// a query that asks for the clients of 100 amplifiers runs one Cypher query,
// not 100. Loaders live for one request (they cache), created by Middleware.
package dataloader

import (
	"context"
	"net/http"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

type ctxKey struct{}

// amplKey asks for the top amplification of one account.
type amplKey struct {
	UID      string
	Limit    int
	Outbound bool
}

// postsKey asks for one page of one account's posts.
type postsKey struct {
	UID                string
	SinceMs, UntilMs   int64
	Skip, Limit        int
	HasSince, HasUntil bool
}

// Loaders are one request's batching loaders.
type Loaders struct {
	posts         *dataloadgen.Loader[postsKey, store.PostsPage]
	hashtags      *dataloadgen.Loader[amplKey, []model.TagCount]
	datasets      *dataloadgen.Loader[string, []string]
	clients       *dataloadgen.Loader[string, []model.ClientUse]
	amplification *dataloadgen.Loader[amplKey, []model.Amplifier]
	related       *dataloadgen.Loader[string, []model.AssetLink]
	accounts      *dataloadgen.Loader[string, model.Account]
	identity      *dataloadgen.Loader[string, model.AccountIdentity]
}

// wait is how long a loader collects keys before it runs its batch: the
// resolvers of one list level (100s of goroutines) start well within it on a
// busy 2-core machine, and it adds at most this much latency per level.
const wait = 16 * time.Millisecond

// New returns fresh loaders over st.
func New(st *store.Store) *Loaders {
	return &Loaders{
		posts: dataloadgen.NewMappedLoader(func(ctx context.Context, keys []postsKey) (map[postsKey]store.PostsPage, error) {
			out := make(map[postsKey]store.PostsPage, len(keys))
			for g, uids := range groupBy(keys, func(k postsKey) (postsKey, string) { u := k.UID; k.UID = ""; return k, u }) {
				var since, until *time.Time
				if g.HasSince {
					t := time.UnixMilli(g.SinceMs)
					since = &t
				}
				if g.HasUntil {
					t := time.UnixMilli(g.UntilMs)
					until = &t
				}
				res, err := st.PostsOf(ctx, uids, since, until, g.Skip, g.Limit)
				if err != nil {
					return nil, err
				}
				for _, uid := range uids {
					k := g
					k.UID = uid
					out[k] = res[uid]
				}
			}
			return out, nil
		}, dataloadgen.WithWait(wait)),
		hashtags: dataloadgen.NewMappedLoader(func(ctx context.Context, keys []amplKey) (map[amplKey][]model.TagCount, error) {
			out := make(map[amplKey][]model.TagCount, len(keys))
			for g, uids := range groupBy(keys, func(k amplKey) (amplKey, string) { u := k.UID; k.UID = ""; return k, u }) {
				res, err := st.HashtagsOf(ctx, uids, g.Limit)
				if err != nil {
					return nil, err
				}
				for _, uid := range uids {
					out[amplKey{UID: uid, Limit: g.Limit}] = res[uid]
				}
			}
			return out, nil
		}, dataloadgen.WithWait(wait)),
		datasets: dataloadgen.NewMappedLoader(func(ctx context.Context, uids []string) (map[string][]string, error) {
			return withEmpty(st.DatasetsOf(ctx, uids))(uids)
		}, dataloadgen.WithWait(wait)),
		clients: dataloadgen.NewMappedLoader(func(ctx context.Context, uids []string) (map[string][]model.ClientUse, error) {
			return withEmpty(st.ClientsOf(ctx, uids))(uids)
		}, dataloadgen.WithWait(wait)),
		accounts: dataloadgen.NewMappedLoader(func(ctx context.Context, uids []string) (map[string]model.Account, error) {
			m, err := st.AccountsOf(ctx, uids)
			if err != nil {
				return nil, err
			}
			for _, uid := range uids {
				if _, ok := m[uid]; !ok {
					// an id the graph no longer has still names an account
					m[uid] = model.Account{ID: uid, Platform: model.PlatformOf(uid), Kind: model.KindAccount}
				}
			}
			return m, nil
		}, dataloadgen.WithWait(wait)),
		related: dataloadgen.NewMappedLoader(func(ctx context.Context, uids []string) (map[string][]model.AssetLink, error) {
			return withEmpty(st.RelatedAssetsOf(ctx, uids))(uids)
		}, dataloadgen.WithWait(wait)),
		identity: dataloadgen.NewMappedLoader(func(ctx context.Context, uids []string) (map[string]model.AccountIdentity, error) {
			m, err := st.IdentityOf(ctx, uids)
			if err != nil {
				return nil, err
			}
			for _, uid := range uids {
				if _, ok := m[uid]; !ok {
					m[uid] = model.AccountIdentity{Aliases: []model.IdentityLink{}, SameAs: []model.IdentityLink{},
						HandleHistory: []model.HandleObservation{}}
				}
			}
			return m, nil
		}, dataloadgen.WithWait(wait)),
		amplification: dataloadgen.NewMappedLoader(func(ctx context.Context, keys []amplKey) (map[amplKey][]model.Amplifier, error) {
			// one query per (limit, direction) group; a request rarely has more than one
			groups := map[[2]int][]string{}
			for _, k := range keys {
				g := [2]int{k.Limit, boolInt(k.Outbound)}
				groups[g] = append(groups[g], k.UID)
			}
			out := make(map[amplKey][]model.Amplifier, len(keys))
			for g, uids := range groups {
				res, err := st.AmplifiedByOf(ctx, uids, g[0], g[1] == 1)
				if err != nil {
					return nil, err
				}
				for _, uid := range uids {
					out[amplKey{uid, g[0], g[1] == 1}] = res[uid]
				}
			}
			return out, nil
		}, dataloadgen.WithWait(wait)),
	}
}

// withEmpty gives every requested key a value, so an account with none is
// an empty list rather than a "not found" error.
func withEmpty[V any](m map[string][]V, err error) func([]string) (map[string][]V, error) {
	return func(keys []string) (map[string][]V, error) {
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				m[k] = []V{}
			}
		}
		return m, nil
	}
}

// groupBy splits keys by everything but the account, so each group of
// accounts asking the same question is one query.
func groupBy[K comparable](keys []K, split func(K) (K, string)) map[K][]string {
	groups := map[K][]string{}
	for _, k := range keys {
		g, uid := split(k)
		groups[g] = append(groups[g], uid)
	}
	return groups
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Middleware gives every request its own loaders.
func Middleware(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, New(st))))
	})
}

// Carry puts src's loaders into dst, or fresh ones over st when src has
// none (a saved query run from the command line).
func Carry(src, dst context.Context, st *store.Store) context.Context {
	l := from(src)
	if l == nil {
		l = New(st)
	}
	return context.WithValue(dst, ctxKey{}, l)
}

func from(ctx context.Context) *Loaders {
	l, _ := ctx.Value(ctxKey{}).(*Loaders)
	return l
}

// Datasets returns the dataset names of an account.
func Datasets(ctx context.Context, uid string) ([]string, error) {
	return from(ctx).datasets.Load(ctx, uid)
}

// Clients returns the client apps of an account.
func Clients(ctx context.Context, uid string) ([]model.ClientUse, error) {
	return from(ctx).clients.Load(ctx, uid)
}

// Amplification returns an account's top amplifiers, or with outbound the
// accounts it amplified most.
func Amplification(ctx context.Context, uid string, limit int, outbound bool) ([]model.Amplifier, error) {
	return from(ctx).amplification.Load(ctx, amplKey{uid, limit, outbound})
}

// Posts returns one page of an account's posts.
func Posts(ctx context.Context, uid string, since, until *time.Time, skip, limit int) (store.PostsPage, error) {
	k := postsKey{UID: uid, Skip: skip, Limit: limit}
	if since != nil {
		k.SinceMs, k.HasSince = since.UnixMilli(), true
	}
	if until != nil {
		k.UntilMs, k.HasUntil = until.UnixMilli(), true
	}
	return from(ctx).posts.Load(ctx, k)
}

// Hashtags returns an account's most used hashtags.
func Hashtags(ctx context.Context, uid string, limit int) ([]model.TagCount, error) {
	return from(ctx).hashtags.Load(ctx, amplKey{UID: uid, Limit: limit})
}

// RelatedAssets returns the assets of the same operation as an account.
func RelatedAssets(ctx context.Context, uid string) ([]model.AssetLink, error) {
	return from(ctx).related.Load(ctx, uid)
}

// Identity returns an account's handle observations, the handle-only
// records resolved to it and the accounts it resolves to.
func Identity(ctx context.Context, uid string) (model.AccountIdentity, error) {
	return from(ctx).identity.Load(ctx, uid)
}

// Account returns an account by its key; one the graph does not hold comes
// back with its id alone, as a coordination edge may name one.
func Account(ctx context.Context, uid string) (model.Account, error) {
	return from(ctx).accounts.Load(ctx, uid)
}
