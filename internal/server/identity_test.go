package server_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/assets"
	"github.com/iograph/iograph/loaders/gen"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/metacib"
	"github.com/iograph/iograph/loaders/twitterio"
)

// The identity fixture (testdata/identity, hand-made): two Twitter releases,
// a Meta disclosure and an analyst's list.
//   - twitter:2001 is @NewsHK2019 in the 2019 release and @NewsHK2021 in the
//     2021 one; the list names twitter.com/NewsHK2019, Meta twitter.com/NewsHK2021.
//   - twitter:2002 is @ctccNews; the list names the handle.
//   - @SharedName was twitter:3001's in 2019 and twitter:3002's in 2021; Meta
//     names twitter.com/SharedName.
//   - facebook:@newshk2019 is listed by both Meta and the list.
const identityDir = "testdata/identity/"

var (
	release2019 = load{twitterio.Load, identityDir + "idtest_082019_1_users_csv_unhashed.csv"}
	release2021 = load{twitterio.Load, identityDir + "idtest_032021_1_users_csv_unhashed.csv"}
	disclosure  = load{metacib.Load, identityDir + "Q1_2023__Q1_2023_Idtest-based_CIB_network.csv"}
	list        = load{assets.Load, identityDir + "idtest_takedown_list.csv"}
)

// load is one `iograph load` command: a format and its file.
type load struct {
	fn   loaders.Func
	file string
}

// loadInOrder runs each load as its own command (with the linking after
// it, as `iograph load` does) and serves the graph.
func loadInOrder(t *testing.T, order ...load) (*httptest.Server, *store.Store) {
	t.Helper()
	st := neo4jtest.Fresh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tgt := neo4jtest.DB(t)
	for _, l := range order {
		rej, _ := loaders.NewRejects("")
		sum, err := l.fn(ctx, tgt, []string{l.file}, "", loaders.Options{}, rej)
		if err == nil {
			err = links.AfterLoad(ctx, tgt, sum)
		}
		if err != nil || rej.Count() != 0 {
			t.Fatalf("load %s: %v, %d rejects %v", l.file, err, rej.Count(), rej.First())
		}
	}
	srv := httptest.NewServer(signedIn(t, st, model.RoleAdmin))
	t.Cleanup(srv.Close)
	return srv, st
}

// gqlResponse is a decoded GraphQL answer.
type gqlResponse struct {
	Data   map[string]any
	Errors []struct {
		Message    string
		Extensions map[string]any
	}
}

func query(t *testing.T, srv *httptest.Server, q string, vars map[string]any) gqlResponse {
	t.Helper()
	var r gqlResponse
	if err := json.Unmarshal(gql(t, srv, q, vars), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

const identityQuery = `query($handle: String!, $platform: Platform) {
  account(handle: $handle, platform: $platform) {
    id handle
    aliases { account { id } handle confidence evidence source asOf observedAt
              observations { handle platform source dataset asOf loadedAt } }
    handleHistory { handle platform source dataset evidence asOf loadedAt }
  }
}`

// account is the part of identityQuery's answer the tests read.
type account struct {
	ID      string
	Handle  string
	Aliases []struct {
		Account      struct{ ID string }
		Handle       string
		Confidence   string
		Evidence     string
		Source       string
		ObservedAt   *string
		Observations []struct{ Handle, Source, Dataset, AsOf string }
	}
	HandleHistory []struct {
		Handle, Platform, Source, Dataset, AsOf string
		LoadedAt                                *string
	}
}

func lookUp(t *testing.T, srv *httptest.Server, handle string, platform any) account {
	t.Helper()
	r := query(t, srv, identityQuery, map[string]any{"handle": handle, "platform": platform})
	if len(r.Errors) > 0 {
		t.Fatalf("account(handle: %q, platform: %v): %s", handle, platform, r.Errors[0].Message)
	}
	var a account
	b, _ := json.Marshal(r.Data["account"])
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// Release then disclosure and list, and the reverse: a handle-only
// reference is the account that held the handle, with its evidence, in
// either order.
func TestHandleLookupResolvesReferencesInEitherOrder(t *testing.T) {
	orders := map[string][]load{
		"releases first": {release2019, release2021, disclosure, list},
		"releases last":  {list, disclosure, release2021, release2019},
	}
	answers := map[string]string{}
	for name, order := range orders {
		t.Run(name, func(t *testing.T) {
			srv, _ := loadInOrder(t, order...)

			// The list's twitter.com/NewsHK2019 and Meta's twitter.com/NewsHK2021
			// are twitter:2001, which held both handles.
			for _, h := range []string{"NewsHK2019", "@newshk2021", "NEWSHK2021"} {
				if a := lookUp(t, srv, h, "TWITTER"); a.ID != "twitter:2001" {
					t.Errorf("account(handle: %q, platform: TWITTER) = %s, want twitter:2001", h, a.ID)
				}
			}
			a := lookUp(t, srv, "NewsHK2019", "TWITTER")
			if a.Handle != "NewsHK2021" {
				t.Errorf("handle %q, want the later release's NewsHK2021 whatever the order", a.Handle)
			}
			if len(a.Aliases) != 2 || a.Aliases[0].Account.ID != "twitter:@newshk2019" || a.Aliases[1].Account.ID != "twitter:@newshk2021" {
				t.Fatalf("aliases %+v, want twitter:@newshk2019 and twitter:@newshk2021", a.Aliases)
			}
			for i, want := range []struct{ handle, source, dataset, asOf, evidence string }{
				{"NewsHK2019", "Twitter release idtest_082019_1", "idtest_082019_1", "2019-08", "twitter:2001 held the handle: @NewsHK2019 in Twitter release idtest_082019_1 (as of 2019-08)"},
				{"NewsHK2021", "Twitter release idtest_032021_1", "idtest_032021_1", "2021-03", "twitter:2001 held the handle: @NewsHK2021 in Twitter release idtest_032021_1 (as of 2021-03)"},
			} {
				al := a.Aliases[i]
				if al.Confidence != "high" || al.Evidence != want.evidence || al.Source != want.source || al.ObservedAt == nil ||
					len(al.Observations) != 1 || al.Observations[0].Handle != want.handle || al.Observations[0].Dataset != want.dataset ||
					al.Observations[0].AsOf != want.asOf {
					t.Errorf("alias %d = %+v, want %+v", i, al, want)
				}
			}
			// Both screen names are kept, oldest first.
			if len(a.HandleHistory) != 2 || a.HandleHistory[0].Handle != "NewsHK2019" || a.HandleHistory[0].AsOf != "2019-08" ||
				a.HandleHistory[1].Handle != "NewsHK2021" || a.HandleHistory[1].AsOf != "2021-03" ||
				a.HandleHistory[0].LoadedAt == nil || a.HandleHistory[0].Platform != "TWITTER" {
				t.Errorf("handle history %+v", a.HandleHistory)
			}

			c := lookUp(t, srv, "CTCCNEWS", "TWITTER")
			if c.ID != "twitter:2002" || len(c.Aliases) != 1 || c.Aliases[0].Account.ID != "twitter:@ctccnews" || c.Aliases[0].Confidence != "high" {
				t.Errorf("ctccNews: %+v", c)
			}
			// The record itself lists its evidence: the list that named it.
			r := query(t, srv, `{ account(id: "twitter:@ctccnews") { handleHistory { handle source evidence } sameAs { account { id } confidence } } }`, nil)
			rec, _ := json.Marshal(r.Data)
			if !strings.Contains(string(rec), `"source":"test list"`) || !strings.Contains(string(rec), `"account":{"id":"twitter:2002"},"confidence":"high"`) {
				t.Errorf("the record twitter:@ctccnews: %s", rec)
			}

			// Without platform the handle is held on two platforms.
			r = query(t, srv, identityQuery, map[string]any{"handle": "NewsHK2019"})
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_INPUT" ||
				!strings.Contains(r.Errors[0].Message, "matches 2 accounts (facebook:@newshk2019, twitter:2001); give platform") {
				t.Errorf("no platform: %+v", r.Errors)
			}

			answers[name] = string(withoutTimes(gql(t, srv, `{
  a: account(handle: "NewsHK2019", platform: TWITTER) { id handle aliases { account { id handle } handle confidence evidence source asOf
     observations { handle platform source dataset evidence asOf } } handleHistory { handle platform source dataset evidence asOf } }
  b: account(id: "twitter:@sharedname") { sameAs { account { id } handle confidence evidence source asOf } }
  r: relatedAssets(account: "twitter:2001") { asset { id handle } via evidence source confidence allEvidence { via evidence source confidence alias assetAlias operation { id } } }
  h: handleHolders(handle: "sharedname") { account { id } observations { handle source dataset asOf } aliases { id } }
}`, nil)))
		})
	}
	if a, b := answers["releases first"], answers["releases last"]; a != b {
		t.Errorf("the answers depend on the order of the loads:\nreleases first %s\nreleases last  %s", a, b)
	}
}

// withoutTimes drops when things were loaded, which differs between runs.
func withoutTimes(b []byte) []byte {
	return regexp.MustCompile(`"(loadedAt|observedAt)":("[^"]*"|null),?`).ReplaceAll(b, nil)
}

// A handle two accounts held at different times names neither alone: the
// error lists both with what supports each, and how to choose.
func TestHandleHeldByTwoAccountsIsAmbiguous(t *testing.T) {
	srv, _ := loadInOrder(t, release2019, disclosure, release2021)
	r := query(t, srv, identityQuery, map[string]any{"handle": "SharedName", "platform": "TWITTER"})
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_INPUT" {
		t.Fatalf("errors %+v, want one BAD_INPUT", r.Errors)
	}
	msg := r.Errors[0].Message
	for _, want := range []string{
		`handle "SharedName" on TWITTER was held by 2 accounts`,
		"twitter:3001 (@SharedName in Twitter release idtest_082019_1 as of 2019-08; 1 handle-only record(s) resolved to it)",
		"twitter:3002 (@sharedname in Twitter release idtest_032021_1 as of 2021-03; 1 handle-only record(s) resolved to it)",
		`account(id: "twitter:3001")`, `handleHolders(handle: "SharedName", platform: TWITTER)`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	// The record Meta listed resolves to both, contested.
	r = query(t, srv, `{ account(id: "twitter:@sharedname") { sameAs { account { id } confidence evidence } } }`, nil)
	b, _ := json.Marshal(r.Data)
	if got := string(b); !strings.Contains(got, `{"account":{"id":"twitter:3001"},"confidence":"contested","evidence":"twitter:3001 held the handle: @SharedName in Twitter release idtest_082019_1 (as of 2019-08); 1 other account(s) held it too"}`) ||
		!strings.Contains(got, `"twitter:3002"},"confidence":"contested"`) {
		t.Errorf("sameAs of the record: %s", got)
	}
	got := gql(t, srv, `{ handleHolders(handle: "@SHAREDNAME", platform: TWITTER) { account { id } observations { dataset } aliases { id } } }`, nil)
	if want := `{"data":{"handleHolders":[{"account":{"id":"twitter:3001"},"observations":[{"dataset":"idtest_082019_1"}],"aliases":[{"id":"twitter:@sharedname"}]},{"account":{"id":"twitter:3002"},"observations":[{"dataset":"idtest_032021_1"}],"aliases":[{"id":"twitter:@sharedname"}]}]}}`; string(got) != want {
		t.Errorf("handleHolders = %s\nwant %s", got, want)
	}
	// A contested record is an alias of each account, marked contested, and
	// not folded into either: its listings are not the account's, and it is
	// a related asset with the evidence.
	got = gql(t, srv, `{ account(id: "twitter:3001") { aliases { account { id } confidence } relatedAssets { asset { id } via confidence } } }`, nil)
	if want := `{"data":{"account":{"aliases":[{"account":{"id":"twitter:@sharedname"},"confidence":"contested"}],"relatedAssets":[{"asset":{"id":"twitter:@sharedname"},"via":"CONTESTED_ALIAS","confidence":"contested"}]}}}`; string(got) != want {
		t.Errorf("twitter:3001: %s\nwant %s", got, want)
	}
}

// relatedAssets lists each asset once, with every piece of evidence,
// strongest first; the account's aliases count as the account.
func TestRelatedAssetsOneEntryPerAsset(t *testing.T) {
	srv, _ := loadInOrder(t, release2019, release2021, disclosure, list)
	var resp struct {
		Data struct {
			RelatedAssets []struct {
				Asset       struct{ ID string }
				Via         string
				Confidence  string
				AllEvidence []struct {
					Via, Evidence, Source, Confidence string
					Alias, AssetAlias                 *string
				}
			}
		}
	}
	if err := json.Unmarshal(gql(t, srv, `{ relatedAssets(account: "twitter:2001") { asset { id } via confidence allEvidence { via evidence source confidence alias assetAlias } } }`, nil), &resp); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var page *struct {
		Via, Evidence, Source, Confidence string
		Alias, AssetAlias                 *string
	}
	var pieces int
	for _, l := range resp.Data.RelatedAssets {
		if seen[l.Asset.ID] {
			t.Errorf("%s is listed twice", l.Asset.ID)
		}
		seen[l.Asset.ID] = true
		if l.Asset.ID == "twitter:2001" || l.Asset.ID == "twitter:@newshk2019" || l.Asset.ID == "twitter:@newshk2021" {
			t.Errorf("the account or its alias %s is listed as related", l.Asset.ID)
		}
		if l.Asset.ID == "facebook:@newshk2019" {
			page = &l.AllEvidence[0]
			pieces = len(l.AllEvidence)
		}
		if e := l.AllEvidence; l.Asset.ID == "twitter:2002" && (len(e) != 1 || e[0].AssetAlias == nil || *e[0].AssetAlias != "twitter:@ctccnews" ||
			e[0].Evidence != "listed in Idtest campaign: Hand-made test row: the English outlet by handle (as twitter:@newshk2019) (through its record twitter:@ctccnews)") {
			t.Errorf("twitter:2002: %+v", e)
		}
		if len(l.AllEvidence) == 0 || l.AllEvidence[0].Via != l.Via || l.AllEvidence[0].Confidence != l.Confidence {
			t.Errorf("%s: via %s %s, evidence %+v", l.Asset.ID, l.Via, l.Confidence, l.AllEvidence)
		}
	}
	// The list's record twitter:@ctccnews is listed as twitter:2002, which
	// held the handle; the contested record twitter:@sharedname as itself.
	for _, want := range []string{"facebook:@newshk2019", "web:newshk-truth.example", "twitter:2002", "twitter:@sharedname"} {
		if !seen[want] {
			t.Errorf("%s is not related: %+v", want, resp.Data.RelatedAssets)
		}
	}
	if seen["twitter:@ctccnews"] {
		t.Error("the record twitter:@ctccnews is listed beside the account it resolves to")
	}
	// The page: Meta's listing (through the alias Meta named), the list's
	// (through the list's alias) and the shared moniker.
	if page == nil || pieces != 3 || page.Via != "SAME_OPERATION" || page.Confidence != "disclosed" || page.Alias == nil || *page.Alias != "twitter:@newshk2021" {
		t.Errorf("facebook:@newshk2019: %d pieces, strongest %+v", pieces, page)
	}
	if first := resp.Data.RelatedAssets[0]; first.Confidence != "disclosed" {
		t.Errorf("strongest evidence first: %+v", first)
	}
}

// The README's first example: with the demo's asset list and the generated
// Hong Kong-like release that `make run` loads, the seed's handle answers
// the release's account, in either order.
func TestDemoSeedHandleAnswersTheReleaseAccount(t *testing.T) {
	// The options of scripts/run.
	sum, err := gen.TwitterIO(context.Background(), gen.Options{Tweets: 30000, Accounts: 1500, Groups: 3, GroupSize: 8,
		Seed: 2019, Campaign: "synthetic_hk", OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	id := userIDOf(t, sum.UsersFile, "HKpoliticsnews")
	release := load{twitterio.Load, sum.UsersFile}
	demoList := load{assets.Load, "../../demo/hk_2019_takedown_assets.csv"}
	for name, order := range map[string][]load{"release first": {release, demoList}, "list first": {demoList, release}} {
		t.Run(name, func(t *testing.T) {
			srv, _ := loadInOrder(t, order...)
			a := lookUp(t, srv, "HKpoliticsnews", "TWITTER")
			if a.ID != "twitter:"+id || len(a.Aliases) != 1 || a.Aliases[0].Account.ID != "twitter:@hkpoliticsnews" ||
				a.Aliases[0].Confidence != "high" || !strings.Contains(a.Aliases[0].Evidence, "Twitter release synthetic_hk_082019_1 (as of 2019-08)") {
				t.Errorf("account(handle: HKpoliticsnews, platform: TWITTER) = %+v, want twitter:%s with the list's record as alias", a, id)
			}
			// The page of the same moniker is related once, with the list's
			// listing and the moniker as evidence.
			var resp struct {
				Data struct {
					RelatedAssets []struct {
						Asset       struct{ ID string }
						AllEvidence []struct{ Via string }
					}
				}
			}
			if err := json.Unmarshal(gql(t, srv, `query($a: ID!) { relatedAssets(account: $a) { asset { id } allEvidence { via } } }`,
				map[string]any{"a": "twitter:" + id}), &resp); err != nil {
				t.Fatal(err)
			}
			pages := 0
			for _, l := range resp.Data.RelatedAssets {
				if l.Asset.ID == "facebook:@hkpoliticsnews" {
					pages++
					if len(l.AllEvidence) != 2 {
						t.Errorf("the page's evidence: %+v", l.AllEvidence)
					}
				}
			}
			if pages != 1 {
				t.Errorf("facebook:@hkpoliticsnews listed %d times: %+v", pages, resp.Data.RelatedAssets)
			}
		})
	}
}

// The real 2019 China users file (read in place, never copied), and a list
// naming the real outlet @HKpoliticalnew by handle.
func TestRealReleaseHandleAnswersTheReleaseAccount(t *testing.T) {
	realFile := "../../../shared/datasets/twitter-io/china_082019_1_users_csv_hashed.csv"
	if _, err := os.Stat(realFile); err != nil {
		t.Skipf("the real users file is not beside the project (%v); it may not be copied into it", err)
	}
	id := userIDOf(t, realFile, "HKpoliticalnew")
	listFile := filepath.Join(t.TempDir(), "hk_list.csv")
	if err := os.WriteFile(listFile, []byte("platform,kind,handle,operation,notes,source\n"+
		"twitter,account,@hkpoliticalnew,HK 2019,Hand-made test row: the outlet MISSION.md names,test list\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, _ := loadInOrder(t, load{assets.Load, listFile}, load{assets.Load, "../../demo/hk_2019_takedown_assets.csv"}, load{twitterio.Load, realFile})
	a := lookUp(t, srv, "HKpoliticalnew", "TWITTER")
	if a.ID != "twitter:"+id || len(a.Aliases) != 1 || a.Aliases[0].Account.ID != "twitter:@hkpoliticalnew" ||
		!strings.Contains(a.Aliases[0].Evidence, "Twitter release china_082019_1 (as of 2019-08)") {
		t.Errorf("account(handle: HKpoliticalnew, platform: TWITTER) = %+v, want twitter:%s", a, id)
	}
	// The demo list's HKpoliticsnews is not in the real release: the
	// list's record is the only answer, not an ambiguity.
	if a := lookUp(t, srv, "HKpoliticsnews", "TWITTER"); a.ID != "twitter:@hkpoliticsnews" {
		t.Errorf("HKpoliticsnews = %s", a.ID)
	}
}

// userIDOf reads the userid of a screen name from a users file.
func userIDOf(t *testing.T, path, screenName string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, ",")
		if len(f) > 2 && strings.Trim(f[2], `"`) == screenName {
			return strings.Trim(f[0], `"`)
		}
	}
	t.Fatalf("%s: no user %s", path, screenName)
	return ""
}
