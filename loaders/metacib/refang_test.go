package metacib

import "testing"

// Every defanging form that occurs in Meta's files, and the usual variants.
func TestRefang(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"twitter[.]com/SaraSil39636921", "twitter.com/SaraSil39636921"},
		{"https://www[.]youtube[.]com/@DhakaTelevision", "https://www.youtube.com/@DhakaTelevision"},
		{"hxxps://t[.]me/AlloAfrique", "https://t.me/AlloAfrique"},
		{"hxxp://x[.]com/jabkowojciech", "http://x.com/jabkowojciech"},
		{"hXXps://example[.]org", "https://example.org"},
		{"https[:]//t[.]me/newstopafrique", "https://t.me/newstopafrique"},
		{"http[:]//t[.]me/rakhinedailynews", "http://t.me/rakhinedailynews"},
		{"https{:}//t[.]me/kothetjournalist", "https://t.me/kothetjournalist"},
		{"info[at]holysouls[.]cc", "info@holysouls.cc"},
		{"neweuropeobservation[at]outlook.com", "neweuropeobservation@outlook.com"},
		{"45[.]141[.]152[.]19", "45.141.152.19"},
		{"7sabah[.]com[.]tr", "7sabah.com.tr"},
		{"www[.]iol.co.za/sundayindependent", "www.iol.co.za/sundayindependent"},
		{"example(.)com", "example.com"},
		{"example[dot]com", "example.com"},
		{"example{.}com", "example.com"},
		{"hxxps[://]example[.]com", "https://example.com"},
		{"t[.]/RGUD_bot", "t./RGUD_bot"}, // refanged but still broken; the parser rejects it
		{"Sharing on Twitter", "Sharing on Twitter"},
	} {
		if got := Refang(tc.in); got != tc.want {
			t.Errorf("Refang(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClassifyToken(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want tokenKind
	}{
		{"twitter.com/x", tokURL},
		{"https://t.me/x", tokURL},
		{"gagauzia24.info", tokURL},
		{"newsbangladesh.org.bd", tokURL},
		{"45.141.152.19", tokIP},
		{"info@holysouls.cc", tokEmail},
		{"#peoplesay", tokHashtag},
		{"43535540e94b39279af925e9548dce7f", tokMD5},
		{"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", tokSHA256},
		{"Hondurasleaks", tokText},
		{"7Sabah", tokText},
		{"Newstop:Afrique", tokText},
		{"t./RGUD_bot", tokText},
		{"1.2", tokText},
	} {
		if got := classifyToken(tc.in); got != tc.want {
			t.Errorf("classifyToken(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
