package bulk

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iograph/iograph/loaders"
)

// hostile holds, per format a loaders.Reader reads, a file with good rows
// and rows its loader rejects (with the field each reject names), and a
// header the loader refuses.
var hostile = []struct {
	format, name string
	rows         []string
	rejected     []string // the field of each rejected row, in order
	badHeader    string
}{
	{"shares", "coortweet.csv", []string{"object_id,account_id,content_id,timestamp_share",
		"o1,a1,c1,1623881091", "o1,a2,c2,1623881092", "o1,,c3,1623881093", "o1,a3,c4,soon", "o1,a4,c5\x01,1623881094"},
		[]string{"account_id", "timestamp_share", "content_id"}, "object,account,content,time"},
	{"shares", "multi.csv", []string{"account_id,post_id,url_id,hashtag_id,domain_id,phash_id,timestamp",
		"fb_1,p1,u1,h1,d1,i1,1629589836", "tw_2,p2,,h1,,i1,1629589837", "fb_3,,u1,,,,1629589838", "fb_4,p4,u1,,,,-5"},
		[]string{"post_id", "timestamp"}, "account_id,post_id,timestamp"},
	{"crowdtangle", "ct.csv", []string{`id,is_orig,expanded,date,account.url,account.name,account.handle,account.subscriberCount,account.id,account.platform,account.platformId,account.verified`,
		`1,TRUE,https://example.org/a,2017-01-13 21:41:10,https://www.facebook.com/groups/1,G,NA,10,11,Facebook,100,FALSE`,
		`2,TRUE,https://example.org/b,2017-01-13 21:42:10,https://www.facebook.com/p,P,pagehandle,NA,12,Facebook,101,TRUE`,
		`x3,TRUE,https://example.org/c,2017-01-13 21:43:10,https://www.facebook.com/p,P,pagehandle,NA,12,Facebook,101,TRUE`,
		`4,TRUE,https://example.org/d,yesterday,https://www.facebook.com/p,P,pagehandle,NA,12,Facebook,101,TRUE`,
		`5,TRUE,https://example.org/e,2017-01-13 21:43:10,https://www.facebook.com/p,P,pagehandle,many,12,Facebook,101,TRUE`},
		[]string{"id", "date", "account.subscribercount"}, "id,expanded,date"},
	{"assets", "list.csv", []string{"platform,kind,id,handle,name,url,followers,created,operation,notes,source,confidence",
		"twitter,account,,someone,,,,,Op,listed,,high", "facebook,page,,,Page,hxxps://www.facebook[.]com/apage,12,2019-08-19,Op,,,",
		"myspace,account,1,,,,,,,,,", "facebook,page,2,,,,lots,,,,,", "facebook,page,3,,,,,19/08/2019,,,,", "facebook,page,,,,,,,,,,"},
		[]string{"platform", "followers", "created", "id"}, "name,notes"},
	{"meta-cib", "Q1_2023__Q1_2023_Test_CIB_network.csv", []string{"Tactic,Technique,Procedure,Indicator,Notes",
		"0. Acquiring assets,0.9 Acquiring social media accounts,0.9.4 Acquiring X / Twitter accounts,hxxps://x[.]com/good_one,",
		"0. Acquiring assets,0.9 Acquiring social media accounts,0.9.1 Acquiring Facebook assets,12 Pages,",
		"0. Acquiring assets,0.9 Acquiring social media accounts,0.9.4 Acquiring X / Twitter accounts,https://x[.]com/too_many,extra,field"},
		[]string{""}, "a,b,c"},
}

func writeLines(t *testing.T, dir, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Each format's rows convert through its loader's parser: a row the
// loader rejects is reported as it reports it (file, line, field), every
// row is counted (rows = accepted + rejected + blank), and a header the
// loader refuses stops the conversion before any file of the import is
// written for neo4j-admin.
func TestConvertHostileInput(t *testing.T) {
	for _, tc := range hostile {
		t.Run(tc.format+"/"+tc.name, func(t *testing.T) {
			dir := t.TempDir()
			good := writeLines(t, dir, tc.name, tc.rows...)
			rej, err := loaders.NewRejects("")
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			res, err := ConvertInputs(context.Background(), []Input{{Format: tc.format, Files: []string{good}}}, out, Options{MemoryBytes: 1 << 16}, rej)
			if err != nil {
				t.Fatal(err)
			}
			f := res.Files[0]
			if f.Rows.Load() != f.Accepted.Load()+f.Rejected.Load()+f.Blank.Load() || f.Accepted.Load() == 0 {
				t.Errorf("%d rows, %d accepted, %d rejected, %d blank", f.Rows.Load(), f.Accepted.Load(), f.Rejected.Load(), f.Blank.Load())
			}
			got := rej.First()
			if len(got) != len(tc.rejected) {
				t.Fatalf("rejects %v, want %d naming %v", got, len(tc.rejected), tc.rejected)
			}
			for i, r := range got {
				if r.File != good || r.Line < 2 || r.Column != tc.rejected[i] || r.Reason == "" {
					t.Errorf("reject %d: %+v, want one of %s naming field %q", i, r, good, tc.rejected[i])
				}
			}

			bad := writeLines(t, dir, "bad_"+tc.name, tc.badHeader, "1,2,3")
			out = t.TempDir()
			_, err = ConvertInputs(context.Background(), []Input{{Format: tc.format, Files: []string{good, bad}}}, out, Options{}, rej)
			var herr *loaders.HeaderError
			if !errors.As(err, &herr) || herr.File != bad {
				t.Fatalf("a refused header: got %v, want a header error naming %s", err, bad)
			}
			if _, err := os.Stat(filepath.Join(out, manifestFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the conversion wrote its manifest after a refused header (%v)", err)
			}
		})
	}
}

// The formats' statements all have a conversion: a statement the converter
// does not know stops the conversion rather than leave out what it writes.
func TestEveryStatementConverts(t *testing.T) {
	f := &stepFacts{label: "test"}
	err := f.batch(loaders.Batch{Steps: []loaders.Step{{Query: "MERGE (n:Unknown {uid: $uid})"}}})
	if err == nil || !strings.Contains(err.Error(), "no conversion") {
		t.Fatalf("an unknown statement: got %v", err)
	}
	if len(statements) < len(conversions) {
		t.Fatalf("%d statements for %d conversions", len(statements), len(conversions))
	}
}

// Whatever bytes a file of a format holds, the conversion converts or
// refuses it without panicking, and counts every row it read as accepted,
// rejected or blank.
func FuzzConvertFormats(f *testing.F) {
	for i, tc := range hostile {
		f.Add(uint8(i), strings.Join(tc.rows, "\n"))
		f.Add(uint8(i), tc.badHeader+"\n"+strings.Join(tc.rows[1:], "\n"))
	}
	f.Fuzz(func(t *testing.T, which uint8, data string) {
		tc := hostile[int(which)%len(hostile)]
		dir := t.TempDir()
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		rej, err := loaders.NewRejects("")
		if err != nil {
			t.Fatal(err)
		}
		res, err := ConvertInputs(context.Background(), []Input{{Format: tc.format, Files: []string{p}}}, t.TempDir(), Options{MemoryBytes: 1 << 16}, rej)
		if err != nil {
			return
		}
		for _, f := range res.Files {
			if f.Rows.Load() != f.Accepted.Load()+f.Rejected.Load()+f.Blank.Load() {
				t.Fatalf("%d rows, %d accepted, %d rejected, %d blank", f.Rows.Load(), f.Accepted.Load(), f.Rejected.Load(), f.Blank.Load())
			}
		}
	})
}

// The field cap of the import (--max-field-bytes) is the parsers' own, as
// in a load: a field over it is a reject of its column, in every format.
func TestConvertHonoursTheFieldCap(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 9000)
	users := writeLines(t, dir, "cap_082019_1_users_csv_hashed.csv",
		"userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,account_language",
		"1,a,a,,short,,1,1,2019-01-01,en", "2,b,b,,"+long+",,1,1,2019-01-01,en")
	list := writeLines(t, dir, "cap.csv", "platform,kind,id,notes", "twitter,account,1,short", "twitter,account,2,"+long)
	rej, err := loaders.NewRejects("")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ConvertInputs(context.Background(), []Input{{Format: "twitter-io", Files: []string{users}}, {Format: "assets", Files: []string{list}}},
		t.TempDir(), Options{MaxFieldBytes: 8192}, rej)
	if err != nil {
		t.Fatal(err)
	}
	got := rej.First()
	if len(got) != 2 || got[0].Column != "user_profile_description" || got[1].Column != "notes" ||
		!strings.Contains(got[0].Reason+got[1].Reason, loaders.CodeFieldTooLarge) {
		t.Fatalf("rejects %v, want the two long fields as %q", got, loaders.CodeFieldTooLarge)
	}
}
