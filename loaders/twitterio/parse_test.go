package twitterio

import (
	"regexp"
	"slices"
	"testing"
)

func TestSnowflakeMs(t *testing.T) {
	for _, tc := range []struct {
		id   string
		ms   int64
		isSF bool
	}{
		{"1156867185038065664", 1564653605123, true}, // 2019-08-01 10:00:05.123 UTC
		{"20", 0, false},         // pre-snowflake sequential id
		{"4194303999", 0, false}, // just under 1000 << 22: too small to be a snowflake
		{"x", 0, false},
	} {
		ms, ok := SnowflakeMs(tc.id)
		if ok != tc.isSF || (ok && ms != tc.ms) {
			t.Errorf("SnowflakeMs(%s) = %d, %v; want %d, %v", tc.id, ms, ok, tc.ms, tc.isSF)
		}
	}
}

func TestParseList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"[]", nil, true},
		{"[HK, HongKong]", []string{"HK", "HongKong"}, true},
		{"['HK', 'Hong Kong']", []string{"HK", "Hong Kong"}, true},
		{`["a"]`, []string{"a"}, true},
		{"['https://x.org/a,b?c=1']", []string{"https://x.org/a,b?c=1"}, true},
		{"HK, HongKong", nil, false},
	} {
		got, ok := parseList(tc.in)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("parseList(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		null bool
		ok   bool
	}{
		{"", 0, true, true}, {"0", 0, false, true}, {"0.0", 0, false, true}, {"52000", 52000, false, true},
		{"3.0", 3, false, true}, {"3.5", 0, true, false}, {"-1", -1, false, true}, {"many", 0, true, false},
	} {
		got, ok := parseCount(tc.in)
		if ok != tc.ok || (got == nil) != tc.null || (got != nil && *got != tc.want) {
			t.Errorf("parseCount(%q) = %v, %v", tc.in, got, ok)
		}
	}
}

func TestCheckID(t *testing.T) {
	for _, tc := range []struct {
		v      string
		hashOK bool
		bad    bool
	}{
		{"1156867185038065664", false, false},
		{"vMm2zemFOF7kmXoDyX24Bo+TorqhNutpZlATYyxsE=", true, false},
		{"vMm2zemFOF7kmXoDyX24Bo+TorqhNutpZlATYyxsE=", false, true},
		{"9.06E+17", false, true},
		{"906000000000000000.0", false, true},
		{"", false, true},
		{"12a", false, true},
		{"12345678901234567890", false, false},
		{"123456789012345678901", false, true},
		{"-1", false, true},
		{" 1", false, true},
	} {
		if got := checkID("tweetid", tc.v, tc.hashOK) != ""; got != tc.bad {
			t.Errorf("checkID(%q, %v) bad = %v", tc.v, tc.hashOK, got)
		}
	}
}

func TestDatasetFromFile(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"china_082019_1_users_csv_hashed.csv", "china_082019_1"},
		{"china_082019_1_tweets_csv_hashed.csv", "china_082019_1"},
		{"china_082019_3_tweets_csv_hashed_part2.csv.gz", "china_082019_3"},
		{"china_082019_3_tweets_csv_unhashed_part_1.zip", "china_082019_3"},
		{"ira_tweets_csv_hashed.zip", "ira"},
		{"tweets.csv", ""},
	} {
		got, _ := DatasetFromFile(tc.file)
		if got != tc.want {
			t.Errorf("DatasetFromFile(%q) = %q, want %q", tc.file, got, tc.want)
		}
	}
}

func TestReleaseMonth(t *testing.T) {
	for in, want := range map[string]string{
		"china_082019_1":        "2019-08",
		"synthetic_hk_082019_1": "2019-08",
		"iran_012021_2":         "2021-01",
		"hk_test_082019_1":      "2019-08",
		"russian_coord_tweets":  "",
		"x_132019_1":            "",
		"synthetic":             "",
	} {
		if got := ReleaseMonth(in); got != want {
			t.Errorf("ReleaseMonth(%q) = %q, want %q", in, got, want)
		}
	}
}

// isHashID accepts what the expression it replaced accepted, and nothing
// else.
func TestIsHashIDMatchesItsExpression(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9+/]{8,}={0,2}$`)
	for _, v := range []string{"", "abc", "abcdefg", "abcdefgh", "F8ywQqoxO0fTcnj5V//PfHtYjDX/xKv+JJxpTUPVoc=",
		"abcdefgh==", "abcdefgh===", "abcdefgh=a", "abcd=efgh", "=abcdefgh", "abcdefgh\n", "abcdefg-h",
		"abcdéfgh", "12345678", "abcdefgh= ", "ABCDEFGH=", "a+b/c+d/", "abcdefgh\x00"} {
		if got, want := isHashID(v), re.MatchString(v); got != want {
			t.Errorf("isHashID(%q) = %v, the expression says %v", v, got, want)
		}
	}
}

func FuzzIsHashID(f *testing.F) {
	re := regexp.MustCompile(`^[A-Za-z0-9+/]{8,}={0,2}$`)
	f.Add("F8ywQqoxO0fTcnj5V//PfHtYjDX/xKv+JJxpTUPVoc=")
	f.Add("abcdefgh=a")
	f.Fuzz(func(t *testing.T, v string) {
		if got, want := isHashID(v), re.MatchString(v); got != want {
			t.Errorf("isHashID(%q) = %v, the expression says %v", v, got, want)
		}
	})
}
