package coord

import "testing"

func TestNormalizeText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"RT @hkpolice: Rioters MUST stop!!! https://t.co/abc #HongKong", "rioters must stop hongkong"},
		{"rioters must stop   #hongkong", "rioters must stop hongkong"},
		{"@a @b Rioters, must; stop... HongKong www.example.com", "rioters must stop hongkong"},
		{"香港暴徒必須停止暴力行為，維護法治和社會秩序！", "香港暴徒必須停止暴力行為 維護法治和社會秩序"},
		{"lol", ""},
		{"RT @x: https://t.co/abc", ""},
		{"rt is not a prefix when it is not first: rt", "rt is not a prefix when it is not first rt"},
	} {
		if got := NormalizeText(c.in); got != c.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
