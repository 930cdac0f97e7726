package app_test

import (
	"context"
	"fmt"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/bulk"
	"github.com/iograph/iograph/loaders/gen"
)

// importServer is a Neo4j of its own for an import (the test database of
// neo4jtest is running, and an import writes into a stopped one), started
// and stopped with scripts/neo4j on free ports.
type importServer struct {
	dir        string
	bolt, http int
	rejects    string // the report of the rows the import rejected
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func newImportServer(t *testing.T) *importServer {
	return &importServer{dir: filepath.Join(t.TempDir(), "neo4j"), bolt: freePort(t), http: freePort(t)}
}

func (s *importServer) script(t *testing.T, cmd string) {
	t.Helper()
	c := exec.Command("../../scripts/neo4j", cmd)
	c.Env = append(os.Environ(), "NEO4J_DATA_DIR="+s.dir, fmt.Sprintf("NEO4J_BOLT_PORT=%d", s.bolt),
		fmt.Sprintf("NEO4J_HTTP_PORT=%d", s.http), "NEO4J_HEAP_SIZE=512m", "NEO4J_PAGECACHE_SIZE=256m",
		"NEO4J_PASSWORD="+config.DevPassword)
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("scripts/neo4j %s: %v\n%s", cmd, err, out)
	}
}

// start starts the server on the imported database and connects to it.
func (s *importServer) start(t *testing.T) *graphdb.DB {
	t.Helper()
	s.script(t, "start")
	t.Cleanup(func() { s.script(t, "stop") })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := graphdb.Open(ctx, config.Neo4j{URI: fmt.Sprintf("neo4j://127.0.0.1:%d", s.bolt), User: "neo4j",
		Password: config.DevPassword, Database: "neo4j", ConnectTimeout: 30 * time.Second, QueryTimeout: 5 * time.Minute}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	return db
}

func (s *importServer) admin(t *testing.T) bulk.Admin {
	t.Helper()
	home, err := bulk.FindHome()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skipf("no Neo4j distribution for neo4j-admin: %v", err)
	}
	return bulk.Admin{Home: home, DataDir: s.dir, Heap: "512m", Threads: 2}
}

// importFiles imports twitter-io files into s, starts it and finishes the
// import; it returns the database and the rejects the conversion reported.
func (s *importServer) importFiles(t *testing.T, files []string) (*graphdb.DB, []loaders.Reject) {
	t.Helper()
	return s.importInputs(t, twitterIO(files))
}

func twitterIO(files []string) []bulk.Input {
	return []bulk.Input{{Format: "twitter-io", Files: files}}
}

// importInputs is importFiles for files of any format.
func (s *importServer) importInputs(t *testing.T, inputs []bulk.Input) (*graphdb.DB, []loaders.Reject) {
	t.Helper()
	ctx := context.Background()
	s.rejects = filepath.Join(t.TempDir(), "rejects.csv")
	req := app.ImportRequest{Inputs: inputs, Rejects: s.rejects, Admin: s.admin(t), Work: filepath.Join(t.TempDir(), "work"),
		Options: bulk.Options{MemoryBytes: 1 << 20}} // a small budget: facts spill to several runs
	rep, err := app.Import(ctx, req)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	db := s.start(t)
	loads, err := app.ImportedLoads(inputs, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := app.FinishImport(ctx, db, loads, 2, nil); err != nil {
		t.Fatalf("finish import: %v", err)
	}
	return db, rep.Rejects.First()
}

func canonical(t *testing.T, db *graphdb.DB) []string {
	t.Helper()
	return canonicalIgnoring(t, db, neo4jtest.WhenItRan)
}

func canonicalIgnoring(t *testing.T, db *graphdb.DB, ignore neo4jtest.Ignored) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	lines, err := neo4jtest.Canonical(ctx, db, ignore)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func onlineLoad(t *testing.T, db *graphdb.DB, files []string) []loaders.Reject {
	t.Helper()
	rep, err := app.Load(context.Background(), db, app.LoadRequest{Format: "twitter-io", Files: files})
	if err != nil {
		t.Fatalf("load %v: %v", files, err)
	}
	return rep.Rejects.First()
}

// The graph after `iograph import` equals the graph after `iograph load`
// of the same files, property for property (every value with its type),
// load records, provenance and aggregates included, but for when things
// ran (neo4jtest.WhenItRan); rejects are the same rows for the same
// reasons; and an online load of another release on top of an import gives
// the graph the two online loads give.
func TestImportEqualsOnlineLoad(t *testing.T) {
	dir := t.TempDir()
	a := []string{"../../loaders/twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv",
		"../../loaders/twitterio/testdata/hk_test_082019_1_tweets_csv_hashed.csv"}
	// a part with bad rows next to a good one, rejected as a load rejects them
	bad := filepath.Join(dir, "hk_test_082019_1_tweets_csv_hashed_part2.csv")
	head, err := os.ReadFile(a[1])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(head), "\n", 2)
	good := "1156867185038099999,1001,香港政治新闻,HKpoliticalnew,Hong Kong,desc,https://example.org/hk,52000,10,2019-06-01,zh-CN,zh,second part,2019-08-01 10:00,Twitter Web App,,,,False,,,absent,absent,0,0,1.0,0,[hk],[https://example.org/a],[],\n"
	rounded := strings.Replace(good, "1156867185038099999", "1.15686718503809E+18", 1)
	badTime := strings.Replace(good, "2019-08-01 10:00", "yesterday", 1)
	if err := os.WriteFile(bad, []byte(lines[0]+"\n"+good+rounded+badTime), 0o644); err != nil {
		t.Fatal(err)
	}
	a = append(a, bad)
	g, err := gen.TwitterIO(context.Background(), gen.Options{Tweets: 3000, Accounts: 200, Seeds: 3, Groups: 1, GroupSize: 5,
		OutDir: filepath.Join(dir, "gen"), Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	b := []string{g.UsersFile, g.TweetsFile}

	st := neo4jtest.Fresh(t)
	online := neo4jtest.DB(t)
	rejA := onlineLoad(t, online, a)
	if len(rejA) != 2 {
		t.Fatalf("the bad part should reject 2 rows online, got %v", rejA)
	}
	onlineA := canonical(t, online)
	// a Load counts the commands that named its file (attempts)
	again := maps.Clone(neo4jtest.WhenItRan)
	again["Load"] = append(slices.Clone(again["Load"]), "attempts")
	onlineAOnce := canonicalIgnoring(t, online, again)
	onlineLoad(t, online, b)
	onlineAB := canonical(t, online)
	_ = st

	for _, tc := range []struct {
		name  string
		then  []string // loaded online after the import
		want  []string
		files []string
	}{
		{"import of a release equals its load", nil, onlineA, a},
		{"import then an online load of another release equals the two loads", b, onlineAB, a},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newImportServer(t)
			db, rej := s.importFiles(t, tc.files)
			if !slices.Equal(rej, rejA) {
				t.Errorf("import rejects %v, the load rejects %v", rej, rejA)
			}
			if tc.then != nil {
				onlineLoad(t, db, tc.then)
			}
			got := canonical(t, db)
			if len(got) < 50 {
				t.Fatalf("the imported graph has %d nodes and relationships", len(got))
			}
			if d := neo4jtest.DiffLines(tc.want, got); d != "" {
				t.Fatalf("the imported graph differs from the loaded one (- load, + import):\n%s", d)
			}
			if tc.then == nil {
				// the finish kept the share indexes the import wrote (their
				// build is the converter's) rather than building them again
				indexes := 0
				for _, l := range canonicalIgnoring(t, db, neo4jtest.Ignored{}) {
					if strings.Contains(l, `"ShareIndex"`) {
						indexes++
						if !strings.Contains(l, `"build":"string:import:`) {
							t.Errorf("a share index the finish built again: %s", l)
						}
					}
				}
				if indexes == 0 {
					t.Error("no share index after the finish")
				}
				// the online loader treats the imported files as loaded
				rep, err := app.Load(context.Background(), db, app.LoadRequest{Format: "twitter-io", Files: tc.files})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range rep.Files {
					if app.StateOf(f) != app.FileSkipped {
						t.Errorf("%s: loading an imported file again was not skipped (state %d)", f.Entry.Label(), app.StateOf(f))
					}
				}
				if d := neo4jtest.DiffLines(onlineAOnce, canonicalIgnoring(t, db, again)); d != "" {
					t.Fatalf("loading the imported files again changed the graph (- load, + import and load again):\n%s", d)
				}
			}
			// the running database is refused
			check := app.ImportRequest{Inputs: twitterIO(tc.files), Admin: s.admin(t)}
			if err := check.Check(); apperr.KindOf(err) != apperr.BadInput || !strings.Contains(fmt.Sprint(err), "is running") {
				t.Errorf("an import into the running server: got %v, want a BAD_INPUT saying it is running", err)
			}
		})
	}
}

// An import refuses a data directory that already holds a database.
func TestImportRefusesADatabaseThatExists(t *testing.T) {
	s := newImportServer(t)
	if err := os.MkdirAll(filepath.Join(s.dir, "data", "databases", "neo4j"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "data", "databases", "neo4j", "neostore"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	req := app.ImportRequest{Inputs: twitterIO([]string{"../../loaders/twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv"}), Admin: s.admin(t)}
	_, err := app.Import(context.Background(), req)
	if apperr.KindOf(err) != apperr.BadInput || !strings.Contains(fmt.Sprint(err), "already holds a database") {
		t.Fatalf("got %v, want a BAD_INPUT saying the directory already holds a database", err)
	}
}

// A field longer than neo4j-admin's default read buffer (4 MiB) imports:
// an account's description of 5 MiB of quotes, under a raised
// --max-field-bytes, is a 10 MiB field once its quotes are doubled. Before
// the converter sized the buffer by its longest line, neo4j-admin failed
// the whole import on it ("Tried to read a field larger than buffer size"),
// as it did on the share chunks (up to 10 MB a line) of a 1 M-tweet release
// of 5,000 accounts.
func TestImportFieldLongerThanTheReadBuffer(t *testing.T) {
	dir := t.TempDir()
	desc := strings.Repeat(`"`, 5<<20) // 5 MiB
	users := filepath.Join(dir, "big_082019_1_users_csv_hashed.csv")
	row := `"1001","name","screen","Hong Kong","` + strings.ReplaceAll(desc, `"`, `""`) + `","","1","2","2019-01-01","en"` + "\n"
	head := `"userid","user_display_name","user_screen_name","user_reported_location","user_profile_description","user_profile_url","follower_count","following_count","account_creation_date","account_language"` + "\n"
	if err := os.WriteFile(users, []byte(head+row), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newImportServer(t)
	req := app.ImportRequest{Inputs: twitterIO([]string{users}), Admin: s.admin(t), Work: filepath.Join(dir, "work"), Keep: true,
		Options: bulk.Options{MaxFieldBytes: 6 << 20}}
	rep, err := app.Import(context.Background(), req)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if n := rep.Rejects.Count(); n != 0 {
		t.Fatalf("%d rows rejected: %v", n, rep.Rejects.First())
	}
	var longest int64
	for _, f := range rep.Convert.Nodes {
		longest = max(longest, f.Longest)
	}
	if longest <= 4<<20 {
		t.Fatalf("the longest line is %d bytes: the case does not pass neo4j-admin's default buffer", longest)
	}
	db := s.start(t)
	res, err := db.Query(context.Background(), "MATCH (a:Account {uid: 'twitter:1001'}) RETURN a.description AS d", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 1 {
		t.Fatalf("%d accounts twitter:1001", len(res.Records))
	}
	if got, _ := res.Records[0].Get("d"); got != desc {
		t.Fatalf("the description came back as %d bytes, want the %d quotes written", len(fmt.Sprint(got)), len(desc))
	}
}
