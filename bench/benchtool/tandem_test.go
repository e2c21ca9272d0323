package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTandem: the genome holds every array where its BED line says, each
// copy within the divergence of the array's first copy (at most 4 sd of the
// binomial above it), the two segment copies are identical, and the same
// seed writes the same files.
func TestTandem(t *testing.T) {
	g, feats := tandemGenome(3)
	if len(feats) != len(tandemCopies)*len(tandemDivergence)+2 {
		t.Fatalf("%d features", len(feats))
	}
	var seg [][]byte
	for _, f := range feats {
		s := g[f.contig][f.start:f.end]
		var n int
		var d float64
		if _, err := fmt.Sscanf(f.name, "array_%dx150_div%g", &n, &d); err == nil {
			if len(s) != n*tandemUnit {
				t.Fatalf("%s: %d bases", f.name, len(s))
			}
			diff := 0
			for i := tandemUnit; i < len(s); i++ {
				if s[i] != s[i-tandemUnit] {
					diff++
				}
			}
			// Two independent copies differ at about 2d of their bases.
			mean := 2 * d * float64(len(s)-tandemUnit)
			if float64(diff) > mean+4*math.Sqrt(mean)+1 || (d > 0 && float64(diff) < mean-4*math.Sqrt(mean)) {
				t.Errorf("%s: %d differences between neighbouring copies, expected about %.0f", f.name, diff, mean)
			}
			continue
		}
		seg = append(seg, s)
	}
	if len(seg) != 2 || len(seg[0]) != tandemSegment || !bytes.Equal(seg[0], seg[1]) {
		t.Error("the two segment copies differ")
	}
	dir := t.TempDir()
	var outs [2][]byte
	for k := range outs {
		p := filepath.Join(dir, "t.fa")
		if err := runTandem([]string{"-seed", "3", "-o", p}, nil); err != nil {
			t.Fatal(err)
		}
		fa, _ := os.ReadFile(p)
		bed, _ := os.ReadFile(filepath.Join(dir, "t.bed"))
		outs[k] = append(fa, bed...)
		if strings.Count(string(bed), "\n") != len(feats) {
			t.Errorf("BED has %d lines", strings.Count(string(bed), "\n"))
		}
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("the same seed wrote different files")
	}
}
