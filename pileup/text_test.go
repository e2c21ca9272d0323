package pileup

import (
	"bytes"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/biogo/hts/sam"
)

// TestTextByHand lays out three reads over a ten-base reference and checks
// every column against the text written out by hand.
func TestTextByHand(t *testing.T) {
	ref := "ACGTACGTAC"
	contigs := []testContig{{"c", ref}}
	reads := []testRead{
		{pos: 0, cigar: "4M", seq: "ACTT", qual: 30, mapq: 60},                          // mismatch at 3
		{pos: 1, cigar: "2M1I2M", seq: "CGATA", qual: 30, mapq: 40, flags: sam.Reverse}, // insertion after 2
		{pos: 2, cigar: "1M2D2M", seq: "GCG", qual: 20, mapq: 60},                       // deletion of 3-4
	}
	dir := t.TempDir()
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "t.bam")
	writeBAM(t, bamPath, contigs, "", reads, false, false)
	var out bytes.Buffer
	if err := WriteText(refPath, bamPath, &out, TextOptions{MinBaseQ: 13}); err != nil {
		t.Fatal(err)
	}
	want := "c\t1\tA\t1\t^].\t?\n" +
		"c\t2\tC\t2\t.^I,\t??\n" +
		"c\t3\tG\t3\tT,+1a^].-2TA\t??5\n" +
		"c\t4\tT\t3\t.$,*\t??5\n" +
		"c\t5\tA\t2\t,$*\t?5\n" +
		"c\t6\tC\t1\t.\t5\n" +
		"c\t7\tG\t1\t.$\t5\n"
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// TestTextMatchesSamtools compares the text pileup of simulated reads with
// samtools mpileup (without BAQ, same quality thresholds) when samtools is
// installed.
func TestTextMatchesSamtools(t *testing.T) {
	if _, err := exec.LookPath("samtools"); err != nil {
		t.Skip("samtools not on PATH")
	}
	rng := rand.New(rand.NewPCG(31, 32))
	ref := randomSeq(rng, 2000)
	hap1 := []variant{snp(ref, 400, 1), {pos: 900, ref: ref[900:903], alt: ref[900:901]}}
	hap2 := []variant{snp(ref, 400, 1), {pos: 1300, ref: ref[1300:1301], alt: ref[1300:1301] + "GG"}}
	reads := diploidReads(ref, hap1, hap2, 90, 6, 30)
	for i := range reads {
		reads[i].mapq = byte(10 + i%50) // some under the mapping quality filter
		if i%7 == 0 {
			reads[i].qual = 12 // under the base quality filter
		}
	}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, true)
	var out bytes.Buffer
	if err := WriteText(refPath, bamPath, &out, TextOptions{MinBaseQ: 13, MinMapQ: 20}); err != nil {
		t.Fatal(err)
	}
	want, err := exec.Command("samtools", "mpileup", "-B", "-Q", "13", "-q", "20", "-f", refPath, bamPath).Output()
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		g, w := bytes.Split(out.Bytes(), []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := 0; i < min(len(g), len(w)); i++ {
			if !bytes.Equal(g[i], w[i]) {
				t.Fatalf("line %d:\n vole     %s\n samtools %s", i+1, g[i], w[i])
			}
		}
		t.Fatalf("vole wrote %d lines, samtools %d", len(g), len(w))
	}
}
