package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSampleSubstrings checks every read against the reference by direct
// comparison: it must be the window at its recorded position, reverse
// complemented when on the reverse strand, and never cover an N.
func TestSampleSubstrings(t *testing.T) {
	contigs := []fastaContig{
		{"a", []byte("ACGTACGGTTCANNNNNNNNNNNNNNNNGATTACAGATTACA")},
		{"b", []byte("TTT")}, // shorter than a read: never sampled
		{"c", []byte("CCCCGGGGAAAATTTTACGT")},
	}
	reads, err := sampleSubstrings(contigs, 2000, 8, 3)
	if err != nil {
		t.Fatal(err)
	}
	strands := map[bool]int{}
	byContig := map[string]int{}
	for _, r := range reads {
		var ref []byte
		for _, c := range contigs {
			if c.Name == r.Contig {
				ref = c.Seq
			}
		}
		w := bytes.Clone(ref[r.Pos-1 : r.Pos-1+8])
		if r.Reverse {
			w = naiveRevComp(w)
		}
		if !bytes.Equal(w, r.Seq) || bytes.ContainsRune(r.Seq, 'N') {
			t.Fatalf("read %+v is not its reference window %s", r, w)
		}
		strands[r.Reverse]++
		byContig[r.Contig]++
	}
	if strands[true] < 800 || strands[false] < 800 {
		t.Errorf("strands %v: not both used", strands)
	}
	if byContig["b"] != 0 || byContig["a"] == 0 || byContig["c"] == 0 {
		t.Errorf("contigs sampled %v", byContig)
	}
	if _, err := sampleSubstrings([]fastaContig{{"n", []byte("NNNNNNNNNN")}}, 1, 5, 1); err == nil {
		t.Error("all-N reference: no error")
	}
}

func naiveRevComp(s []byte) []byte {
	pair := map[byte]byte{'A': 'T', 'C': 'G', 'G': 'C', 'T': 'A'}
	out := make([]byte, len(s))
	for i, b := range s {
		out[len(s)-1-i] = pair[b]
	}
	return out
}

func TestSubstringsCommand(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join(dir, "r.fa")
	os.WriteFile(ref, []byte(">x desc\nacgtac\nGGTTCA\n"), 0o644)
	out := filepath.Join(dir, "r.fq")
	if err := runSubstrings([]string{"-n", "3", "-len", "12", "-o", out, ref}, nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 12 {
		t.Fatalf("%d FASTQ lines, want 12", len(lines))
	}
	for i := 0; i < 12; i += 4 {
		if !strings.HasPrefix(lines[i], "@s") || !strings.Contains(lines[i], "_x_1_") ||
			(lines[i+1] != "ACGTACGGTTCA" && lines[i+1] != "TGAACCGTACGT") || lines[i+3] != "IIIIIIIIIIII" {
			t.Errorf("record %v", lines[i:i+4])
		}
	}
	os.WriteFile(ref, []byte("ACGT\n"), 0o644)
	if err := runSubstrings([]string{"-o", out, ref}, nil); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("headerless FASTA: error %v", err)
	}
}
