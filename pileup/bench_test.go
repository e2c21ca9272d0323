package pileup

import (
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// BenchmarkCallFiles calls a 200 kb contig at 30x of 150-base reads with a
// SNP or indel every 500 bases, on one thread; bytes/op is per base of
// reads.
func BenchmarkCallFiles(b *testing.B) {
	t := &testing.T{}
	rng := rand.New(rand.NewPCG(41, 42))
	ref := randomSeq(rng, 200_000)
	var hap1, hap2 []variant
	for p := 250; p < len(ref)-250; p += 500 {
		switch rng.IntN(4) {
		case 0:
			hap1 = append(hap1, snp(ref, p, 1))
		case 1:
			hap1, hap2 = append(hap1, snp(ref, p, 2)), append(hap2, snp(ref, p, 2))
		case 2:
			hap2 = append(hap2, variant{pos: p, ref: ref[p : p+3], alt: ref[p : p+1]})
		default:
			hap1 = append(hap1, variant{pos: p, ref: ref[p : p+1], alt: ref[p:p+1] + "T"})
		}
	}
	reads := diploidReads(ref, hap1, hap2, 150, 10, 30)
	// Sprinkle sequencing errors so most columns are not clean.
	for i := range reads {
		s := []byte(reads[i].seq)
		for k := range s {
			if rng.IntN(100) == 0 {
				s[k] = "ACGT"[rng.IntN(4)]
			}
		}
		reads[i].seq = string(s)
	}
	dir := b.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, false)
	if t.Failed() {
		b.Fatal("could not write the benchmark's data")
	}
	out := filepath.Join(dir, "out.vcf")
	b.SetBytes(int64(len(reads) * 150))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := CallFiles(refPath, []string{bamPath}, out, DefaultCallOptions()); err != nil {
			b.Fatal(err)
		}
	}
}
