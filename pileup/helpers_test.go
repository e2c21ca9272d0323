package pileup

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/pileup/vcf"
)

// testRead is one alignment of a hand-built BAM.
type testRead struct {
	name    string
	contig  int
	pos     int // 0-based
	cigar   string
	seq     string
	qual    byte   // the same base quality for every base, unless quals
	quals   []byte // per-base qualities, when set
	mapq    byte
	flags   sam.Flags
	matePos int // used when flags has sam.Paired
}

// testContig is a reference contig of a test.
type testContig struct {
	name string
	seq  string
}

// writeFASTA writes the contigs as a FASTA file in dir.
func writeFASTA(t *testing.T, dir string, contigs []testContig) string {
	t.Helper()
	var b strings.Builder
	for _, c := range contigs {
		fmt.Fprintf(&b, ">%s test contig\n", c.name)
		for i := 0; i < len(c.seq); i += 60 {
			b.WriteString(c.seq[i:min(i+60, len(c.seq))] + "\n")
		}
	}
	path := filepath.Join(dir, "ref.fa")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeBAM writes reads (sorted here unless keepOrder) as a BAM with the
// contigs' @SQ lines and, when sample is not empty, an @RG with that SM; with
// index it also writes path.bai.
func writeBAM(t *testing.T, path string, contigs []testContig, sample string, reads []testRead, keepOrder, index bool) {
	t.Helper()
	var text strings.Builder
	text.WriteString("@HD\tVN:1.6\tSO:coordinate\n")
	for _, c := range contigs {
		fmt.Fprintf(&text, "@SQ\tSN:%s\tLN:%d\n", c.name, len(c.seq))
	}
	if sample != "" {
		fmt.Fprintf(&text, "@RG\tID:rg1\tSM:%s\n", sample)
	}
	h, err := sam.NewHeader([]byte(text.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !keepOrder {
		reads = append([]testRead(nil), reads...)
		sort.SliceStable(reads, func(i, j int) bool {
			if reads[i].contig != reads[j].contig {
				return reads[i].contig < reads[j].contig
			}
			return reads[i].pos < reads[j].pos
		})
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := bam.NewWriter(f, h, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range reads {
		cig, err := sam.ParseCigar([]byte(r.cigar))
		if err != nil {
			t.Fatal(err)
		}
		qual := make([]byte, len(r.seq))
		for k := range qual {
			qual[k] = r.qual
		}
		if r.quals != nil {
			copy(qual, r.quals)
		}
		name := r.name
		if name == "" {
			name = fmt.Sprintf("r%d", i)
		}
		ref := h.Refs()[r.contig]
		var mref *sam.Reference
		mpos := -1
		if r.flags&sam.Paired != 0 {
			mref, mpos = ref, r.matePos
		}
		rec, err := sam.NewRecord(name, ref, mref, r.pos, mpos, 0, r.mapq, cig, []byte(r.seq), qual, nil)
		if err != nil {
			t.Fatal(err)
		}
		rec.Flags = r.flags
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if index {
		writeBAI(t, path)
	}
}

// writeBAI indexes the BAM at path as samtools index would.
func writeBAI(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br, err := bam.NewReader(f, 1)
	if err != nil {
		t.Fatal(err)
	}
	var idx bam.Index
	eachRecord(t, br, func(rec *sam.Record) {
		if err := idx.Add(rec, br.LastChunk()); err != nil {
			t.Fatal(err)
		}
	})
	out, err := os.Create(path + ".bai")
	if err != nil {
		t.Fatal(err)
	}
	if err := bam.WriteIndex(out, &idx); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// eachRecord calls fn with every record br reads.
func eachRecord(t *testing.T, br *bam.Reader, fn func(*sam.Record)) {
	t.Helper()
	for {
		rec, err := br.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		fn(rec)
	}
}

// variant is a planted change on one haplotype: at 0-based pos, the
// reference bases ref become alt (a SNP has one base each; an insertion or
// deletion keeps the first base as VCF's padding base).
type variant struct {
	pos      int
	ref, alt string
}

// haplotype applies variants (sorted, non-overlapping) to seq and returns
// the new sequence with, for each of its bases, the reference position it
// came from (-1 for inserted bases).
func haplotype(seq string, vs []variant) (string, []int) {
	var out []byte
	var origin []int
	p := 0
	for _, v := range vs {
		for ; p < v.pos; p++ {
			out, origin = append(out, seq[p]), append(origin, p)
		}
		out, origin = append(out, v.alt[0]), append(origin, p)
		for i := 1; i < len(v.alt); i++ {
			out, origin = append(out, v.alt[i]), append(origin, -1)
		}
		p += len(v.ref)
	}
	for ; p < len(seq); p++ {
		out, origin = append(out, seq[p]), append(origin, p)
	}
	return string(out), origin
}

// readAt cuts the read of length n starting at base i of a haplotype and
// spells its alignment to the reference: position and CIGAR (M, I, D).
// It returns ok false for a read that starts or ends inside an insertion.
func readAt(hap string, origin []int, i, n int) (pos int, cigar string, seq string, ok bool) {
	if origin[i] < 0 || origin[i+n-1] < 0 {
		return 0, "", "", false
	}
	type op struct {
		c byte
		n int
	}
	var ops []op
	push := func(c byte, k int) {
		if len(ops) > 0 && ops[len(ops)-1].c == c {
			ops[len(ops)-1].n += k
		} else {
			ops = append(ops, op{c, k})
		}
	}
	last := origin[i] - 1
	for k := i; k < i+n; k++ {
		if origin[k] < 0 {
			push('I', 1)
			continue
		}
		if gap := origin[k] - last - 1; gap > 0 {
			push('D', gap)
		}
		push('M', 1)
		last = origin[k]
	}
	var b strings.Builder
	for _, o := range ops {
		fmt.Fprintf(&b, "%d%c", o.n, o.c)
	}
	return origin[i], b.String(), hap[i : i+n], true
}

// tileReads cuts reads of length n every step bases from a haplotype.
func tileReads(hap string, origin []int, n, step, offset int, qual, mapq byte, flags sam.Flags) []testRead {
	var reads []testRead
	for i := offset; i+n <= len(hap); i += step {
		pos, cigar, seq, ok := readAt(hap, origin, i, n)
		if !ok {
			continue
		}
		reads = append(reads, testRead{pos: pos, cigar: cigar, seq: seq, qual: qual, mapq: mapq, flags: flags})
	}
	return reads
}

// diploidReads tiles reads of both haplotypes of a sample: step apart on
// each, every other read of each haplotype on the reverse strand (as real
// fragments come from either strand), so the depth is about 2n/step.
func diploidReads(ref string, hap1, hap2 []variant, n, step int, qual byte) []testRead {
	h1, o1 := haplotype(ref, hap1)
	h2, o2 := haplotype(ref, hap2)
	reads := tileReads(h1, o1, n, step, 0, qual, 60, 0)
	reads = append(reads, tileReads(h2, o2, n, step, step/2, qual, 60, 0)...)
	for i := range reads {
		if (reads[i].pos/step)%2 == 1 {
			reads[i].flags |= sam.Reverse
		}
	}
	return reads
}

// randomSeq returns n random bases, free of runs longer than 3 so that
// planted indels sit where the test puts them unless it builds a repeat.
func randomSeq(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		for {
			b[i] = "ACGT"[rng.IntN(4)]
			if i < 3 || b[i] != b[i-1] || b[i] != b[i-2] || b[i] != b[i-3] {
				break
			}
		}
	}
	return string(b)
}

// callTest runs CallFiles and parses the VCF it wrote.
func callTest(t *testing.T, refPath string, bams []string, opt CallOptions) (*vcf.Header, []*vcf.Record) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.vcf")
	if err := CallFiles(refPath, bams, out, opt); err != nil {
		t.Fatalf("CallFiles: %v", err)
	}
	return readVCF(t, out)
}

// readVCF reads every record of a VCF file.
func readVCF(t *testing.T, path string) (*vcf.Header, []*vcf.Record) {
	t.Helper()
	r, err := vcf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var recs []*vcf.Record
	for r.Next() {
		rec := *r.Record()
		recs = append(recs, &rec)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return r.Header, recs
}
