package metacib

import (
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// Operation is the network a file discloses. Meta publishes one file per
// network from 2023 on; the 2022 files are whole quarterly reports (their
// comment column names the cluster of each row, kept as Cluster on the
// records), but they are still one file, one operation here, because the
// file is the unit Meta released and re-releases.
type Operation struct {
	// ID is "meta:" + a slug of Name: stable across re-loads and moves of the
	// same file, and unique across Meta's releases (tested on all of them).
	ID        string
	Name      string // "Q1 2023 China-based CIB network 1"
	Source    string // "Meta"
	Period    string // "2023-Q1", "2025-Q2-Q3", "2026-H1", "2022"; "" when the name has none
	Published string // "2022-04" from a 2022 file name, or the ds date of its rows
	File      string // the label the file was read under
	Schema    Schema
}

// Schema is the layout of a file.
type Schema string

const (
	// SchemaIndicators is the 2022 layout: indicator_type,indicator_value,comment,ds.
	SchemaIndicators Schema = "indicators"
	// SchemaTTP is the 2023+ layout: Tactic,Technique,Procedure,Indicator[,Notes].
	SchemaTTP Schema = "ttp"
)

var (
	reFolder   = regexp.MustCompile(`^Q\d(?:-\d)?_\d{4}_?$`)
	reGithub   = regexp.MustCompile(`(?i)^\S+ \d{4} GithubIOCs - `)
	reDated    = regexp.MustCompile(`^(\d{4})_(\d{2})_(.+)$`)
	reQuarter  = regexp.MustCompile(`(?i)^Q([1-4])(?:-([1-4]))? (\d{4})\b`)
	reHalf     = regexp.MustCompile(`(?i)^H([12]) (\d{4})\b`)
	reQInWords = regexp.MustCompile(`(?i)\bq([1-4])\b`)
)

// acronyms keep their capitals when a shouting file name is tamed.
var acronyms = map[string]string{
	"cib": "CIB", "us": "US", "uk": "UK", "eu": "EU", "apt": "APT", "ib": "IB", "uae": "UAE", "usa": "USA",
}

// lowerWords read as lower case in Meta's own titles ("China-based CIB network").
var lowerWords = map[string]bool{
	"based": true, "network": true, "targeting": true, "cluster": true, "recidivist": true,
	"and": true, "from": true, "of": true, "the": true, "in": true,
}

// OperationFor derives the operation from a file name. The flattened names
// of the shared dataset ("Q1_2023__Q1_2023_China-based_CIB_network_1.csv")
// and Meta's own ("Q1_2023/Q1_2023 China-based_CIB network_1.csv") give the
// same operation.
func OperationFor(file string) Operation {
	base := filepath.Base(file)
	if i := strings.LastIndex(base, ".zip:"); i >= 0 {
		base = filepath.Base(base[i+len(".zip:"):])
	}
	for _, ext := range []string{".gz", ".csv"} {
		if strings.HasSuffix(strings.ToLower(base), ext) {
			base = base[:len(base)-len(ext)]
		}
	}
	op := Operation{Source: "Meta", File: file}

	if i := strings.Index(base, "__"); i >= 0 && reFolder.MatchString(base[:i]) {
		base = base[i+2:] // the folder repeats the period the file name states
	}
	if m := reDated.FindStringSubmatch(base); m != nil {
		// 2022_04_metas_adversarial_threat_report_q1
		op.Published = m[1] + "-" + m[2]
		op.Period = m[1]
		if q := reQInWords.FindStringSubmatch(words(m[3])); q != nil {
			op.Period = m[1] + "-Q" + q[1]
		}
		op.Name = m[1] + "-" + m[2] + " " + tidy(words(m[3]))
	} else {
		name := words(base)
		name = reGithub.ReplaceAllString(name, "")
		op.Name = tidy(name)
		if m := reQuarter.FindStringSubmatch(op.Name); m != nil {
			op.Period = m[3] + "-Q" + m[1]
			if m[2] != "" {
				op.Period += "-Q" + m[2]
			}
		} else if m := reHalf.FindStringSubmatch(op.Name); m != nil {
			op.Period = m[2] + "-H" + m[1]
		}
	}
	op.ID = "meta:" + slug(op.Name)
	return op
}

// words undoes the flattening: "_" was a space, and " _ " (three
// underscores) stood for a "/" no file name may hold ("Togo / Burkina Faso").
func words(s string) string {
	s = strings.ReplaceAll(s, "___", " / ")
	s = strings.ReplaceAll(s, "_", " ")
	f := strings.Fields(s)
	// "updated" marks a re-release of the same network, not another one.
	if n := len(f); n > 0 && strings.EqualFold(f[n-1], "updated") {
		f = f[:n-1]
	}
	return strings.Join(f, " ")
}

// tidy rewrites shouting or inconsistent capitals to Meta's usual title
// style: "Q1 2024 CHINA BASED CIB NETWORK" -> "Q1 2024 China based CIB network".
func tidy(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		parts := strings.Split(w, "-")
		for j, p := range parts {
			lp := strings.ToLower(p)
			switch {
			case acronyms[lp] != "":
				parts[j] = acronyms[lp]
			case lowerWords[lp] && (i > 0 || j > 0):
				parts[j] = lp
			case reQInWords.MatchString(p) || strings.IndexFunc(p, unicode.IsDigit) >= 0:
				parts[j] = strings.ToUpper(p[:1]) + p[1:]
			case isUpper(p) && len([]rune(p)) > 1:
				r := []rune(lp)
				r[0] = unicode.ToUpper(r[0])
				parts[j] = string(r)
			case i == 0 && j == 0:
				r := []rune(p)
				r[0] = unicode.ToUpper(r[0])
				parts[j] = string(r)
			}
		}
		f[i] = strings.Join(parts, "-")
	}
	return strings.Join(f, " ")
}

func isUpper(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters
}

// fold maps the accented letters of names in this dataset (Türkiye) and
// their neighbours to ASCII so ids stay plain.
var fold = strings.NewReplacer(
	"ü", "u", "ö", "o", "ä", "a", "ç", "c", "ş", "s", "ğ", "g", "ı", "i", "é", "e", "è", "e",
	"ê", "e", "á", "a", "à", "a", "â", "a", "í", "i", "ó", "o", "ô", "o", "ú", "u", "ñ", "n", "ã", "a", "õ", "o",
)

// slug lower-cases and keeps letters and digits, joining runs of anything
// else with one hyphen.
func slug(s string) string {
	s = fold.Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}
