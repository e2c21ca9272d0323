package pileup

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestBadInput checks that each kind of bad input gives one error that
// names the problem and the fix, and leaves no output file.
func TestBadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	ref := randomSeq(rng, 1000)
	contigs := []testContig{{"chr1", ref}}
	reads := diploidReads(ref, []variant{snp(ref, 500, 1)}, nil, 100, 10, 30)

	for _, c := range []struct {
		name    string
		prepare func(t *testing.T, dir string) (refPath string, bams []string, opt CallOptions)
		says    []string
	}{
		{"unsorted", func(t *testing.T, dir string) (string, []string, CallOptions) {
			shuffled := append([]testRead(nil), reads...)
			sort.Slice(shuffled, func(i, j int) bool { return shuffled[i].pos < shuffled[j].pos })
			for i := range shuffled {
				shuffled[i].name = fmt.Sprintf("read%d", i)
			}
			// Record 4 jumps ahead, so record 5 is the first out of order.
			shuffled[3], shuffled[10] = shuffled[10], shuffled[3]
			p := filepath.Join(dir, "u.bam")
			writeBAM(t, p, contigs, "S", shuffled, true, false)
			return writeFASTA(t, dir, contigs), []string{p}, DefaultCallOptions()
		}, []string{"u.bam is not coordinate-sorted at record 5 (read read4)", "samtools sort"}},
		{"other contig", func(t *testing.T, dir string) (string, []string, CallOptions) {
			p := filepath.Join(dir, "c.bam")
			writeBAM(t, p, []testContig{{"chrZ", ref}}, "S", reads, false, false)
			return writeFASTA(t, dir, contigs), []string{p}, DefaultCallOptions()
		}, []string{"c.bam: contig chrZ is not in the reference"}},
		{"other length", func(t *testing.T, dir string) (string, []string, CallOptions) {
			p := filepath.Join(dir, "l.bam")
			writeBAM(t, p, []testContig{{"chr1", ref + "ACGT"}}, "S", reads, false, false)
			return writeFASTA(t, dir, contigs), []string{p}, DefaultCallOptions()
		}, []string{"l.bam: contig chr1 has length 1004 in the BAM but 1000 in the reference"}},
		{"region without index", func(t *testing.T, dir string) (string, []string, CallOptions) {
			p := filepath.Join(dir, "n.bam")
			writeBAM(t, p, contigs, "S", reads, false, false)
			opt := DefaultCallOptions()
			opt.Region = "chr1:1-100"
			return writeFASTA(t, dir, contigs), []string{p}, opt
		}, []string{"n.bam", "needs a BAM index", "samtools index"}},
		{"stale index", func(t *testing.T, dir string) (string, []string, CallOptions) {
			p := filepath.Join(dir, "s.bam")
			writeBAM(t, p, contigs, "S", reads, false, true)
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(p, later, later); err != nil {
				t.Fatal(err)
			}
			opt := DefaultCallOptions()
			opt.Region = "chr1"
			return writeFASTA(t, dir, contigs), []string{p}, opt
		}, []string{"s.bam.bai is older than", "stale", "samtools index"}},
		{"truncated", func(t *testing.T, dir string) (string, []string, CallOptions) {
			p := filepath.Join(dir, "t.bam")
			writeBAM(t, p, contigs, "S", reads, false, false)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b[:len(b)*2/3], 0o644); err != nil {
				t.Fatal(err)
			}
			return writeFASTA(t, dir, contigs), []string{p}, DefaultCallOptions()
		}, []string{"t.bam: truncated BAM"}},
		{"CIGAR shorter than read", func(t *testing.T, dir string) (string, []string, CallOptions) {
			bad := append([]testRead(nil), reads...)
			sort.Slice(bad, func(i, j int) bool { return bad[i].pos < bad[j].pos })
			bad[2].cigar, bad[2].name = "50M", "short"
			p := filepath.Join(dir, "g.bam")
			writeBAM(t, p, contigs, "S", bad, true, false)
			return writeFASTA(t, dir, contigs), []string{p}, DefaultCallOptions()
		}, []string{"g.bam: record 3 (read short): CIGAR 50M covers 50 read bases but the read has 100"}},
		{"output is an input", func(t *testing.T, dir string) (string, []string, CallOptions) {
			p := filepath.Join(dir, "out.vcf") // the BAM is named as the output
			writeBAM(t, p, contigs, "S", reads, false, false)
			return writeFASTA(t, dir, contigs), []string{p}, DefaultCallOptions()
		}, []string{"output", "is the input", "choose another output name"}},
		{"region outside contig", func(t *testing.T, dir string) (string, []string, CallOptions) {
			p := filepath.Join(dir, "r.bam")
			writeBAM(t, p, contigs, "S", reads, false, true)
			opt := DefaultCallOptions()
			opt.Region = "chr1:900-2000"
			return writeFASTA(t, dir, contigs), []string{p}, opt
		}, []string{"outside contig chr1 (length 1000)"}},
		{"index of another BAM", func(t *testing.T, dir string) (string, []string, CallOptions) {
			p, other := filepath.Join(dir, "x.bam"), filepath.Join(dir, "other.bam")
			writeBAM(t, p, contigs, "S", reads, false, false)
			more := diploidReads(ref, nil, nil, 100, 3, 30)
			writeBAM(t, other, contigs, "S", more, false, true)
			if err := os.Rename(other+".bai", p+".bai"); err != nil {
				t.Fatal(err)
			}
			opt := DefaultCallOptions()
			opt.Region = "chr1:600-1000"
			return writeFASTA(t, dir, contigs), []string{p}, opt
		}, []string{"x.bam: no BAM records where its index", "x.bam.bai points", "samtools index"}},
		{"empty SAM", func(t *testing.T, dir string) (string, []string, CallOptions) {
			p := filepath.Join(dir, "e.sam")
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			return writeFASTA(t, dir, contigs), []string{p}, DefaultCallOptions()
		}, []string{"e.sam: no SAM header or records (empty file)"}},
		{"same sample twice", func(t *testing.T, dir string) (string, []string, CallOptions) {
			a, b := filepath.Join(dir, "a.bam"), filepath.Join(dir, "b.bam")
			writeBAM(t, a, contigs, "S", reads, false, false)
			writeBAM(t, b, contigs, "S", reads, false, false)
			return writeFASTA(t, dir, contigs), []string{a, b}, DefaultCallOptions()
		}, []string{"a.bam and", "b.bam both hold sample \"S\""}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			refPath, bams, opt := c.prepare(t, dir)
			out := filepath.Join(dir, "out.vcf")
			err := CallFiles(refPath, bams, out, opt)
			if err == nil {
				t.Fatal("no error")
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines", err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), "out.vcf") && !slices.Contains(bams, filepath.Join(dir, e.Name())) {
					t.Errorf("output %s left behind", e.Name())
				}
			}
		})
	}
}
