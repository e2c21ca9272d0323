package vcf

import (
	"fmt"
	"testing"
)

func TestParseGenotype(t *testing.T) {
	cases := []struct {
		in, want string // want: alleles, phase, or "error"
	}{
		{"0/1", "[0 1] false"}, {"1|1", "[1 1] true"}, {"./.", "[-1 -1] false"}, {"1", "[1] false"},
		{"0|.", "[0 -1] true"}, {"0/1/2", "[0 1 2] false"}, {"12/3", "[12 3] false"}, {"/1", "[1] false"},
		{"", "error"}, {"a/1", "error"}, {"/", "error"}, {"-1/0", "error"},
	}
	for _, c := range cases {
		g, err := ParseGenotype(c.in)
		got := fmt.Sprint(g.Alleles, " ", g.Phased)
		if err != nil {
			got = "error"
		}
		if got != c.want {
			t.Errorf("ParseGenotype(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
