package pileup

import (
	"fmt"
	"strings"
	"testing"
)

var regionContigs = []ContigLength{
	{"chr1", 1000},
	{"chr11:5868417-7868417", 2000000},
	{"chr2", 500},
	{"chr2:1-10", 50}, // clashes with the range chr2:1-10
}

func TestParseRegion(t *testing.T) {
	for _, c := range []struct {
		in                 string
		contig, start, end int
	}{
		{"chr1", 0, 0, 1000},
		{"chr1:11-20", 0, 10, 20},
		{"chr1:1,001-1,000", -1, 0, 0}, // end before start
		{"chr1:5", 0, 4, 1000},
		{"chr1:5-", 0, 4, 1000},
		{"chr11:5868417-7868417", 1, 0, 2000000},
		{"{chr11:5868417-7868417}", 1, 0, 2000000},
		{"{chr11:5868417-7868417}:100-200", 1, 99, 200},
		{"{chr2:1-10}", 3, 0, 50},
		{"{chr2}:1-10", 2, 0, 10},
		{"chr1:999-1000", 0, 998, 1000},
	} {
		r, err := ParseRegion(c.in, regionContigs)
		if c.contig < 0 {
			if err == nil {
				t.Errorf("%q: no error, want one", c.in)
			}
			continue
		}
		if err != nil || r.Contig != c.contig || r.Start != c.start || r.End != c.end {
			t.Errorf("%q: got %+v, %v; want contig %d [%d,%d)", c.in, r, err, c.contig, c.start, c.end)
		}
	}
}

func TestParseRegionErrors(t *testing.T) {
	for _, c := range []struct{ in, says string }{
		{"chr2:1-10", "ambiguous: write {chr2:1-10} for the whole contig or {chr2}:1-10"},
		{"chr1:0-10", "1-based"},
		{"chr1:900-1001", "outside contig chr1 (length 1000)"},
		{"chr1:2000", "outside contig"},
		{"chrX", "no contig"},
		{"chrX:1-10", "no contig"},
		{"{chr1", "missing '}'"},
		{"{chrX}:1-2", `no contig "chrX"`},
		{"{chr1}1-2", "expected ':'"},
		{"chr1:a-b", "bad start"},
		{"chr1:1-b", "bad end"},
	} {
		_, err := ParseRegion(c.in, regionContigs)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%q: error %v, want one saying %q", c.in, err, c.says)
		}
	}
}

// FuzzParseRegion checks that any string either fails or gives a region
// inside its contig that the braced form gives back.
func FuzzParseRegion(f *testing.F) {
	for _, s := range []string{"chr1", "chr1:1-10", "{chr11:5868417-7868417}:5-9", "chr2:1-10", "chr1:1,000", "{", "chr1:-5", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRegion(s, regionContigs)
		if err != nil {
			return
		}
		c := regionContigs[r.Contig]
		if r.Name != c.Name || r.Start < 0 || r.End > c.Length || r.Start >= r.End {
			t.Fatalf("%q: region %+v outside %+v", s, r, c)
		}
		braced := fmt.Sprintf("{%s}:%d-%d", r.Name, r.Start+1, r.End)
		back, err := ParseRegion(braced, regionContigs)
		if err != nil || back != r {
			t.Fatalf("%q: %+v written as %q parses as %+v, %v", s, r, braced, back, err)
		}
	})
}
