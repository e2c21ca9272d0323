package pileup

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/pileup/vcf"
)

// TestFisherStrandByHand checks FS and SOR on tables worked by hand: FS
// against the two-sided Fisher p-value from exact binomial coefficients,
// SOR against GATK's formula written out.
func TestFisherStrandByHand(t *testing.T) {
	// [[3,1],[1,3]]: tables with top-left 0..4 have probabilities
	// 1,16,36,16,1 over 70; those no likelier than 16/70 sum to 34/70.
	if got, want := fisherTwoSided(3, 1, 1, 3), 34.0/70; math.Abs(got-want) > 1e-12 {
		t.Errorf("Fisher p %v, want %v", got, want)
	}
	rng := rand.New(rand.NewPCG(81, 82))
	for trial := 0; trial < 200; trial++ {
		a, b, c, d := rng.IntN(30), rng.IntN(30), rng.IntN(30), rng.IntN(30)
		if want := exactFisher(a, b, c, d); math.Abs(fisherTwoSided(a, b, c, d)-want) > 1e-9 {
			t.Fatalf("table %d %d %d %d: p %v, want %v", a, b, c, d, fisherTwoSided(a, b, c, d), want)
		}
	}
	// The false positive: 26 reference reads on both strands, 8
	// alternate reads all reverse.
	st := strandTable{refFwd: 13, refRev: 13, altFwd: 0, altRev: 8}
	r := (14.0 * 9) / (14 * 1)
	want := math.Log((r + 1/r) * 1 / (1.0 / 9))
	if got := strandOddsRatio(st); math.Abs(got-want) > 1e-12 || got <= DefaultFilters.SNPMaxSOR {
		t.Errorf("SOR %v, want %v (above the default limit %v)", got, want, DefaultFilters.SNPMaxSOR)
	}
	if got := fisherStrand(strandTable{refFwd: 10, refRev: 10, altFwd: 10, altRev: 10}); got != 0 {
		t.Errorf("FS of a balanced table %v, want 0", got)
	}
}

// exactFisher is the two-sided Fisher p-value computed with exact
// rationals: the probability of every table with the same margins whose
// probability does not exceed the observed one.
func exactFisher(a, b, c, d int) float64 {
	row0, col0, n := a+b, a+c, a+b+c+d
	choose := func(n, k int) *big.Int { return new(big.Int).Binomial(int64(n), int64(k)) }
	prob := func(x int) *big.Rat {
		if x < 0 || x > row0 || col0-x < 0 || col0-x > n-row0 {
			return nil
		}
		num := new(big.Int).Mul(choose(row0, x), choose(n-row0, col0-x))
		return new(big.Rat).SetFrac(num, choose(n, col0))
	}
	obs := prob(a)
	sum := new(big.Rat)
	for x := 0; x <= col0; x++ {
		if p := prob(x); p != nil && p.Cmp(obs) <= 0 {
			sum.Add(sum, p)
		}
	}
	f, _ := sum.Float64()
	return f
}

// TestRankSumBruteForce compares rankSumZ with U counted pair by pair
// (ties half) and the tie-corrected variance computed from the pooled
// values.
func TestRankSumBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(83, 84))
	for trial := 0; trial < 200; trial++ {
		alt, ref := make([]int, 1+rng.IntN(15)), make([]int, 1+rng.IntN(30))
		for i := range alt {
			alt[i] = rng.IntN(8)
		}
		for i := range ref {
			ref[i] = rng.IntN(8)
		}
		var u float64
		for _, x := range alt {
			for _, y := range ref {
				switch {
				case x > y:
					u++
				case x == y:
					u += 0.5
				}
			}
		}
		n1, n2 := float64(len(alt)), float64(len(ref))
		n := n1 + n2
		counts := map[int]float64{}
		for _, v := range append(append([]int(nil), alt...), ref...) {
			counts[v]++
		}
		var ties float64
		for _, c := range counts {
			ties += c*c*c - c
		}
		sigma := math.Sqrt(n1 * n2 / 12 * (n + 1 - ties/(n*(n-1))))
		want := 0.0
		if sigma > 0 {
			want = (u - n1*n2/2) / sigma
		}
		got, ok := rankSumZ(alt, ref)
		if !ok || math.Abs(got-want) > 1e-9 {
			t.Fatalf("trial %d: z %v, want %v", trial, got, want)
		}
	}
}

// TestBinomialTail checks binomUpperTail against the sum of exact binomial
// probabilities.
func TestBinomialTail(t *testing.T) {
	for _, c := range []struct {
		n, k int
		p    float64
	}{{10, 0, 0.3}, {10, 3, 0.3}, {8, 8, 0.1}, {40, 12, 0.07}} {
		var want float64
		for x := c.k; x <= c.n; x++ {
			b, _ := new(big.Float).SetInt(new(big.Int).Binomial(int64(c.n), int64(x))).Float64()
			want += b * math.Pow(c.p, float64(x)) * math.Pow(1-c.p, float64(c.n-x))
		}
		if got := binomUpperTail(c.n, c.k, c.p); math.Abs(got-want) > 1e-12*math.Max(1, want) {
			t.Errorf("P(X >= %d | %d, %v) = %v, want %v", c.k, c.n, c.p, got, want)
		}
	}
}

// artefactReads is a 600-base site with 26 reference reads at Q30 on both
// strands and k reads showing base alt at 300 with quality q, placed by
// place(i) (their start) and strand(i).
func artefactReads(ref string, k int, q byte, place func(i int) int, strand func(i int) sam.Flags) []testRead {
	var reads []testRead
	for i := 0; i < 26; i++ {
		var f sam.Flags
		if i%2 == 1 {
			f = sam.Reverse
		}
		p := 220 + i*3
		reads = append(reads, testRead{pos: p, cigar: "100M", seq: ref[p : p+100], qual: 30, mapq: 60, flags: f})
	}
	for i := 0; i < k; i++ {
		p := place(i)
		seq := []byte(ref[p : p+100])
		seq[300-p] = "ACGT"[(strings.IndexByte("ACGT", ref[300])+1)%4]
		reads = append(reads, testRead{pos: p, cigar: "100M", seq: string(seq), qual: q, mapq: 60, flags: strand(i)})
	}
	return reads
}

// callReads calls reads on one contig with opt and returns the records.
func callReads(t *testing.T, ref string, reads []testRead, opt CallOptions) []*vcf.Record {
	t.Helper()
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, false)
	_, recs := callTest(t, refPath, []string{bamPath}, opt)
	return recs
}

// TestRealErrorPatterns plants the patterns real sequencing errors leave
// and checks that none becomes a PASS call, while the same reads with the
// evidence spread as a real allele's would be called:
//   - the false positive: 8 of 34 reads, all reverse, all at Q15
//     (the error model alone rejects it); and 22 reverse reads at Q30
//     against 26 reference reads on both strands, which it calls and
//     StrandBias filters (FS 42: p < 0.0001 for a real allele);
//   - an allele seen only in the last 3 bases of reads (ReadEnd);
//   - an allele seen only at base quality 15 on both strands (LowBaseQ).
func TestRealErrorPatterns(t *testing.T) {
	rng := rand.New(rand.NewPCG(85, 86))
	ref := randomSeq(rng, 600)
	mid := func(i int) int { return 205 + i*6 }
	dense := func(i int) int { return 210 + i*3 } // up to 22 reads, the allele 27-90 bases in
	rev := func(int) sam.Flags { return sam.Reverse }
	both := func(i int) sam.Flags { return sam.Flags(i%2) * sam.Reverse }
	atEnd := func(i int) int { // the allele among the last 3 bases
		if i%2 == 0 {
			return 300 - 97 - i%3
		}
		return 300 - i%3
	}
	for _, c := range []struct {
		name    string
		reads   []testRead
		filters []string // what a record, if any, must carry; nil: no record
	}{
		{"8 reverse reads at Q15", artefactReads(ref, 8, 15, mid, rev), nil},
		{"22 reverse reads at Q30", artefactReads(ref, 22, 30, dense, rev), []string{"StrandBias"}},
		{"only at read ends", artefactReads(ref, 12, 30, atEnd, both), []string{"ReadEnd"}},
		{"only at low base quality", artefactReads(ref, 14, 15, mid, both), []string{"LowBaseQ"}},
	} {
		recs := callReads(t, ref, c.reads, DefaultCallOptions())
		for _, r := range recs {
			if r.IsPass() {
				t.Errorf("%s: PASS record %d %s>%v QUAL %.1f %v", c.name, r.Pos, r.Ref, r.Alt, r.Qual, r.Info)
			}
			for _, f := range c.filters {
				if !strings.Contains(strings.Join(r.Filter, ";"), f) {
					t.Errorf("%s: FILTER %v, want %s", c.name, r.Filter, f)
				}
			}
		}
		if c.filters != nil && len(recs) == 0 {
			t.Errorf("%s: no record; the test wants the filter seen at work", c.name)
		}
	}
	// The control: 14 reads at Q30 in the middle of reads on both
	// strands make a PASS call.
	recs := callReads(t, ref, artefactReads(ref, 14, 30, mid, both), DefaultCallOptions())
	if len(recs) != 1 || !recs[0].IsPass() {
		t.Fatalf("control: %d records, want one PASS call", len(recs))
	}
}

// TestBAQRemovesMismatchesNearDeletion gives a sample a homozygous
// 2-base deletion and reads that end 1 to 20 bases past it aligned without
// the gap (so their last bases are mismatches, as aligners write them):
// without BAQ the mismatches make false SNPs, with BAQ (the default) they
// do not, and the deletion is called either way.
func TestBAQRemovesMismatchesNearDeletion(t *testing.T) {
	rng := rand.New(rand.NewPCG(87, 88))
	ref := randomSeq(rng, 1000)
	del := variant{pos: 500, ref: ref[500:503], alt: ref[500:501]}
	hap, origin := haplotype(ref, []variant{del})
	var reads []testRead
	for i := 0; i+100 <= len(hap); i += 2 {
		var f sam.Flags
		if (i/2)%2 == 1 {
			f = sam.Reverse
		}
		pos, cigar, seq, ok := readAt(hap, origin, i, 100)
		if !ok {
			continue
		}
		if past := i + 100 - 501; past >= 1 && past <= 20 {
			cigar = "100M" // the aligner kept it gapless: mismatches after 500
		}
		reads = append(reads, testRead{pos: pos, cigar: cigar, seq: seq, qual: 35, mapq: 60, flags: f})
	}
	snps := func(opt CallOptions) (n int, indel bool) {
		for _, r := range callReads(t, ref, reads, opt) {
			if _, ok := r.InfoValue("INDEL"); ok {
				indel = indel || r.IsPass()
			} else if r.IsPass() {
				n++
			}
		}
		return n, indel
	}
	noBAQ := DefaultCallOptions()
	noBAQ.NoBAQ = true
	if n, _ := snps(noBAQ); n == 0 {
		t.Fatal("without BAQ no false SNP appears: the test's reads do not make the error")
	}
	if n, indel := snps(DefaultCallOptions()); n != 0 || !indel {
		t.Errorf("with BAQ: %d false PASS SNPs (want 0), deletion called %v", n, indel)
	}
}

// TestDeletionInsideDeletion puts a 1-base deletion inside a 3-base one and
// checks the genotypes against the haplotypes the reads were cut from: a
// read whose 3-base deletion covers the 1-base deletion's anchor does not
// carry the 1-base deletion, so
//   - with the 3-base deletion homozygous and 2 reads ending 5 bases past
//     it that show the 1-base one (misaligned, as near a read end aligners
//     do), there is no PASS record of the 1-base deletion (it was 1/1 with
//     AD 0,2 while the reads with the 3-base deletion were left out);
//   - with one haplotype each (13 reads of each), both are 0/1.
func TestDeletionInsideDeletion(t *testing.T) {
	rng := rand.New(rand.NewPCG(87, 88))
	ref := []byte(randomSeq(rng, 600))
	// Bases 300-302 (0-based) are the 3-base deletion; the 1-base one
	// deletes base 301, anchored at 300, and must not normalize left out
	// of the big one: make its base differ from its neighbours.
	ref[301] = "ACGT"[(strings.IndexByte("ACGT", ref[300])+1)%4]
	for ref[301] == ref[302] {
		ref[302] = "ACGT"[(strings.IndexByte("ACGT", ref[302])+1)%4]
	}
	s := string(ref)
	bigDel := func(p int) testRead { // reads p..p+102 without bases 300-302
		return testRead{pos: p, cigar: fmt.Sprintf("%dM3D%dM", 300-p, p+100-300), seq: s[p:300] + s[303:p+103], qual: 30, mapq: 60}
	}
	smallDel := func(p int) testRead { // reads p..p+100 without base 301
		return testRead{pos: p, cigar: fmt.Sprintf("%dM1D%dM", 301-p, p+100-301), seq: s[p:301] + s[302:p+101], qual: 30, mapq: 60}
	}
	gt := func(recs []*vcf.Record, pos int) string {
		for _, r := range recs {
			if r.Pos == pos && r.IsPass() {
				return r.Samples[0][0]
			}
		}
		return "none"
	}
	for _, c := range []struct {
		name             string
		nBig, nSmall     int
		smallAt          func(i int) int // where the i-th 1-base read starts
		wantBig, wantSml string
	}{
		{"hom 3-base, 2 reads of the 1-base", 26, 2, func(i int) int { return 206 - i%2 }, "1/1", "none"},
		{"one haplotype each", 13, 13, func(i int) int { return 220 + i*2 }, "0/1", "0/1"},
	} {
		var reads []testRead
		for i := 0; i < c.nBig+c.nSmall; i++ {
			r := bigDel(220 + i*2)
			if i >= c.nBig {
				r = smallDel(c.smallAt(i))
			}
			if i%2 == 1 {
				r.flags = sam.Reverse
			}
			reads = append(reads, r)
		}
		recs := callReads(t, s, reads, DefaultCallOptions())
		// VCF positions are 1-based and name the anchor base.
		if got := gt(recs, 300); got != c.wantBig {
			t.Errorf("%s: 3-base deletion %s, want %s", c.name, got, c.wantBig)
		}
		if got := gt(recs, 301); got != c.wantSml {
			t.Errorf("%s: 1-base deletion %s, want %s", c.name, got, c.wantSml)
		}
	}
}
