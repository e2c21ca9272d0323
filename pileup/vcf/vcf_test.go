package vcf

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
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

// TestParseGenotypeMatchesNaive compares ParseGenotype with a naive parser
// (split on the separators, Atoi each part) on random strings.
func TestParseGenotypeMatchesNaive(t *testing.T) {
	naive := func(s string) (string, bool) {
		var alleles []int
		for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '|' }) {
			if a == "." {
				alleles = append(alleles, -1)
				continue
			}
			n, err := strconv.Atoi(a)
			if err != nil || n < 0 || a[0] == '+' || a[0] == '-' {
				return "", false
			}
			alleles = append(alleles, n)
		}
		return fmt.Sprint(alleles, strings.Contains(s, "|")), len(alleles) > 0
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		b := make([]byte, 1+rng.Intn(6))
		for j := range b {
			b[j] = "0123./|x"[rng.Intn(8)]
		}
		s := string(b)
		want, ok := naive(s)
		g, err := ParseGenotype(s)
		if (err == nil) != ok || ok && fmt.Sprint(g.Alleles, g.Phased) != want {
			t.Fatalf("ParseGenotype(%q) = %v %v %v, naive %q %v", s, g.Alleles, g.Phased, err, want, ok)
		}
	}
}
