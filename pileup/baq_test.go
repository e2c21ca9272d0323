package pileup

import (
	"bytes"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
)

// wholeRef is a refWindow over a sequence held whole, for tests.
func wholeRef(seq string) *refWindow {
	return &refWindow{length: len(seq), seq: []byte(seq)}
}

// baqReads are reads whose alignment BAQ has something to say about:
// deletions and insertions near a read end aligned as mismatches, a
// homopolymer one base longer in the read, clean reads, reads with a real
// indel in the CIGAR, and low base qualities.
func baqReads(rng *rand.Rand, ref string) []testRead {
	var reads []testRead
	for i := 0; i < 300; i++ {
		n := 60 + rng.IntN(90)
		start := 20 + rng.IntN(len(ref)-n-60)
		hap := []byte(ref[start : start+n+10])
		cigar := ""
		switch i % 5 {
		case 0: // a deletion a few bases from the end, aligned as mismatches
			k := n - 2 - rng.IntN(8)
			hap = append(hap[:k:k], hap[k+1+rng.IntN(2):]...)
			cigar = ""
		case 1: // an insertion near the start, aligned as mismatches
			k := 1 + rng.IntN(8)
			hap = append(append(hap[:k:k], "ACGT"[rng.IntN(4)]), hap[k:]...)
		case 2: // a real deletion in the CIGAR
			k := 20 + rng.IntN(n-40)
			hap = append(hap[:k:k], hap[k+2:]...)
			cigar = strconv.Itoa(k) + "M2D" + strconv.Itoa(n-k) + "M"
		}
		seq := []byte(string(hap[:n]))
		for k := range seq { // sequencing errors
			if rng.IntN(60) == 0 {
				seq[k] = "ACGT"[rng.IntN(4)]
			}
		}
		if cigar == "" {
			cigar = strconv.Itoa(n) + "M"
		}
		q := byte(10 + rng.IntN(31))
		reads = append(reads, testRead{pos: start, cigar: cigar, seq: string(seq), qual: q, mapq: 60})
	}
	return reads
}

// TestBAQMatchesSamtools computes the extended BAQ of reads around
// planted indels and compares each base's capped quality with the BQ tag
// of `samtools calmd -E -r`, htslib's implementation of the same model.
func TestBAQMatchesSamtools(t *testing.T) {
	if _, err := exec.LookPath("samtools"); err != nil {
		t.Skip("samtools not on PATH")
	}
	rng := rand.New(rand.NewPCG(51, 52))
	ref := randomSeq(rng, 1500)
	ref = ref[:700] + "GAAAAAAAC" + ref[700:] // a homopolymer
	contigs := []testContig{{"chr1", ref}}
	dir := t.TempDir()
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "b.bam")
	writeBAM(t, bamPath, contigs, "", baqReads(rng, ref), false, false)
	out, err := exec.Command("samtools", "calmd", "-E", "-r", "-b", bamPath, refPath).Output()
	if err != nil {
		t.Fatal(err)
	}
	br, err := bam.NewReader(bytes.NewReader(out), 1)
	if err != nil {
		t.Fatal(err)
	}
	var s baqScratch
	win := wholeRef(ref)
	compared, differ, lowered := 0, 0, 0
	eachRecord(t, br, func(rec *sam.Record) {
		tag, ok := rec.Tag([]byte("BQ"))
		if !ok {
			t.Fatalf("%s: no BQ tag", rec.Name)
		}
		bqTag := []byte(tag.Value().(string))
		got := s.baq(rec, win)
		if got == nil {
			t.Fatalf("%s: no BAQ", rec.Name)
		}
		for i := range got {
			want := int(rec.Qual[i]) - (int(bqTag[i]) - 64)
			compared++
			if want < int(rec.Qual[i]) {
				lowered++
			}
			if int(got[i]) != want {
				differ++
				if differ <= 5 {
					t.Errorf("%s %v base %d: BAQ-capped quality %d, samtools %d", rec.Name, rec.Cigar, i, got[i], want)
				}
			}
		}
	})
	if lowered < 100 {
		t.Errorf("BAQ lowered only %d of %d base qualities: the reads do not exercise it", lowered, compared)
	}
	if differ > 0 {
		t.Errorf("%d of %d bases differ from samtools calmd", differ, compared)
	}
}
