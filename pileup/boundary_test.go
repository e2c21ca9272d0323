package pileup

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/pileup/vcf"
)

// boundaryFixture is two samples of paired reads over indels of many kinds
// (deletions up to 12 bases, insertions, indels in homopolymers and tandem
// repeats, SNPs beside them, a deletion on one haplotype over a SNP on the
// other), with sequencing errors, low mapping
// qualities, mates that overlap, and reads whose indel near an end was
// aligned as mismatches (BAQ's case). It returns the reference, the BAMs
// (indexed) and the planted indels' anchors and lengths on the reference.
func boundaryFixture(t *testing.T) (refPath string, bams []string, indels [][2]int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(41, 42))
	ref := []byte(randomSeq(rng, 3000))
	var plan []variant
	var split [][2]variant // the two haplotypes' variants at one site
	for p := 200; p < len(ref)-200; p += 70 + rng.IntN(40) {
		switch rng.IntN(6) {
		case 0: // a deletion of 1-12 bases
			n := 1 + rng.IntN(12)
			plan = append(plan, variant{pos: p, ref: string(ref[p : p+n+1]), alt: string(ref[p : p+1])})
		case 1: // an insertion
			plan = append(plan, variant{pos: p, ref: string(ref[p : p+1]), alt: string(ref[p:p+1]) + randomSeq(rng, 1+rng.IntN(6))})
		case 2: // one unit more or less in a homopolymer or tandem repeat
			unit := randomSeq(rng, 1+rng.IntN(3))
			copies := 8 / len(unit)
			copy(ref[p+1:], strings.Repeat(unit, copies))
			if rng.IntN(2) == 0 {
				plan = append(plan, variant{pos: p, ref: string(ref[p : p+1+len(unit)]), alt: string(ref[p : p+1])})
			} else {
				plan = append(plan, variant{pos: p, ref: string(ref[p : p+1]), alt: string(ref[p:p+1]) + unit})
			}
		case 3: // a deletion with a SNP a few bases after it
			n := 1 + rng.IntN(4)
			plan = append(plan, variant{pos: p, ref: string(ref[p : p+n+1]), alt: string(ref[p : p+1])})
			plan = append(plan, snp(string(ref), p+n+3, 1))
		case 4: // a deletion on one haplotype, a SNP inside it on the other
			n := 4 + rng.IntN(8)
			del := variant{pos: p, ref: string(ref[p : p+n+1]), alt: string(ref[p : p+1])}
			split = append(split, [2]variant{del, snp(string(ref), p+2+rng.IntN(n-2), 1)})
			indels = append(indels, [2]int{p, n + 1})
		default: // a SNP
			plan = append(plan, snp(string(ref), p, 2))
		}
	}
	for _, v := range plan {
		if len(v.ref) != len(v.alt) {
			indels = append(indels, [2]int{v.pos, max(len(v.ref), len(v.alt))})
		}
	}
	contigs := []testContig{{"chr1", string(ref)}}
	dir := t.TempDir()
	refPath = writeFASTA(t, dir, contigs)
	for si, sample := range []string{"A", "B"} {
		// Each sample carries each variant on one haplotype, both or none.
		var hap [2][]variant
		for _, sv := range split {
			hap[si] = append(hap[si], sv[0])
			hap[1-si] = append(hap[1-si], sv[1])
		}
		for _, v := range plan {
			switch rng.IntN(4) {
			case 0:
				hap[0] = append(hap[0], v)
			case 1:
				hap[1] = append(hap[1], v)
			case 2:
				hap[0], hap[1] = append(hap[0], v), append(hap[1], v)
			}
		}
		var reads []testRead
		for hi := range hap {
			sort.Slice(hap[hi], func(i, j int) bool { return hap[hi][i].pos < hap[hi][j].pos })
			h, o := haplotype(string(ref), hap[hi])
			for i := hi + si; i+260 < len(h); i += 12 {
				ins := 150 + rng.IntN(110)
				p1, c1, s1, ok1 := readAt(h, o, i, 100)
				p2, c2, s2, ok2 := readAt(h, o, i+ins-100, 100)
				if !ok1 || !ok2 {
					continue
				}
				p1, c1 = gapAsMismatches(rng, p1, c1)
				p2, c2 = gapAsMismatches(rng, p2, c2)
				mq := byte(60)
				if rng.IntN(12) == 0 {
					mq = byte(rng.IntN(30))
				}
				name := fmt.Sprintf("%s%d_%d", sample, hi, i)
				reads = append(reads,
					testRead{name: name, pos: p1, cigar: c1, seq: withErrors(rng, s1), qual: 30, mapq: mq, flags: sam.Paired | sam.Read1, matePos: p2},
					testRead{name: name, pos: p2, cigar: c2, seq: withErrors(rng, s2), qual: 30, mapq: mq, flags: sam.Paired | sam.Read2 | sam.Reverse, matePos: p1})
			}
		}
		path := filepath.Join(dir, sample+".bam")
		writeBAM(t, path, contigs, sample, reads, false, true)
		bams = append(bams, path)
	}
	return refPath, bams, indels
}

// withErrors changes about one base in 80 at random.
func withErrors(rng *rand.Rand, s string) string {
	b := []byte(s)
	for k := range b {
		if rng.IntN(80) == 0 {
			b[k] = "ACGT"[rng.IntN(4)]
		}
	}
	return string(b)
}

// gapAsMismatches rewrites, half the time, the alignment of a read whose
// one indel lies within 15 bases of an end as an aligner often writes it:
// without the gap, the bases past it shown as mismatches (the read keeps
// its other end's position).
func gapAsMismatches(rng *rand.Rand, pos int, cigar string) (int, string) {
	c, err := sam.ParseCigar([]byte(cigar))
	if err != nil || len(c) != 3 || rng.IntN(2) == 0 {
		return pos, cigar
	}
	head, gap, tail := c[0].Len(), c[1], c[2].Len()
	if head >= 15 && tail >= 15 {
		return pos, cigar
	}
	n := head + tail
	if gap.Type() == sam.CigarInsertion {
		n += gap.Len()
	}
	if head < 15 {
		// Anchored at the right end: the start moves by the gap's net
		// length on the reference.
		end := pos + head + tail
		if gap.Type() == sam.CigarDeletion {
			end += gap.Len()
		}
		pos = end - n
	}
	return pos, fmt.Sprintf("%dM", n)
}

// recordLines formats records as VCF lines.
func recordLines(t *testing.T, recs []vcf.Record) string {
	t.Helper()
	var b bytes.Buffer
	w, err := vcf.NewWriter(&b, &vcf.Header{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	b.Reset() // the header
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRegionBoundariesNearIndels cuts the contig at every position from
// well before to well after each planted indel, and at every distance
// around the reach of BAQ's indel marks (baqNear) and of the reads the
// realigner reads beyond a region (baqReach), calls each region on its own
// and expects the records of the whole run, byte for byte: a region is an
// exact slice of the whole run, so a workflow may call a genome in any
// pieces and join them.
func TestRegionBoundariesNearIndels(t *testing.T) {
	refPath, bams, indels := boundaryFixture(t)
	ref, contigs, files, err := loadInputs(refPath, bams)
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultCallOptions()
	pp := pileupParams{filter: readFilter{minBaseQ: opt.MinBaseQ, minMapQ: opt.MinMapQ, maxDepth: 45}, model: opt.Model, baq: true}
	call := func(regions []Region) string {
		var recs []vcf.Record
		err := callPieces(files, regions, ref, pp, 2, func(r *vcf.Record) error {
			recs = append(recs, *r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return recordLines(t, recs)
	}
	whole := call([]Region{{Contig: 0, Name: contigs[0].Name, End: contigs[0].Length}})
	if n := strings.Count(whole, "INDEL;"); n < len(indels)/2 {
		t.Fatalf("the whole run calls %d indels of %d planted: too few to test boundaries at", n, len(indels))
	}
	near := map[int]bool{}
	for _, in := range indels {
		for c := in[0] - 3; c <= in[0]+in[1]+3; c++ {
			near[c] = true
		}
	}
	far := map[int]bool{}
	for _, in := range indels {
		for _, d := range []int{baqNear, baqReach} {
			for k := -1; k <= 1; k++ {
				far[in[0]-d+k], far[in[0]+in[1]+d+k] = true, true
			}
		}
	}
	for _, cuts := range []map[int]bool{near, far} {
		var at []int
		for c := range cuts {
			if c > 0 && c < contigs[0].Length {
				at = append(at, c)
			}
		}
		sort.Ints(at)
		var regions []Region
		start := 0
		for _, c := range append(at, contigs[0].Length) {
			regions = append(regions, Region{Contig: 0, Name: contigs[0].Name, Start: start, End: c})
			start = c
		}
		got := call(regions)
		if got == whole {
			continue
		}
		wl, gl := strings.Split(whole, "\n"), strings.Split(got, "\n")
		for i := 0; i < min(len(wl), len(gl)); i++ {
			if wl[i] != gl[i] {
				t.Fatalf("%d regions: record %d differs:\nwhole   %s\nregions %s", len(regions), i+1, wl[i], gl[i])
			}
		}
		t.Fatalf("%d regions: %d records, the whole run %d", len(regions), len(gl), len(wl))
	}
}
