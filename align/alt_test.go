package align

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vole-bio/vole/index"
)

// altContigs are the contigs the alt-file tests name.
var altContigs = []index.Contig{{Name: "chr1"}, {Name: "chr1_alt"}, {Name: "HLA-A*01:01"}}

// TestReadAlt: names come from the first tab-separated column of non-header
// lines (bwa's .alt, ALT-to-reference alignments in SAM), blank lines are
// skipped, and a name that is not a contig is an error naming the line.
func TestReadAlt(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ref.fa.alt")
	os.WriteFile(p, []byte("@SQ\tSN:chr1\tLN:10\n\nchr1_alt\t0\tchr1\t1\t60\t5M\t*\t0\t0\t*\t*\nHLA-A*01:01\n"), 0o644)
	alt, err := readAlt(p, altContigs)
	if err != nil || alt[0] || !alt[1] || !alt[2] {
		t.Fatalf("alt %v, err %v", alt, err)
	}
	os.WriteFile(p, []byte("chr1_alt\t0\nchr2_alt\t0\n"), 0o644)
	if _, err := readAlt(p, altContigs); err == nil || !strings.Contains(err.Error(), "line 2: alt contig \"chr2_alt\" is not in the reference") {
		t.Errorf("unknown contig: %v", err)
	}
	if AltPath(filepath.Join(dir, "ref.fa")) != p || AltPath(filepath.Join(dir, "other.fa")) != "" {
		t.Error("AltPath does not find the file beside the FASTA")
	}
}

// FuzzReadAlt: any content is read without a panic, and every contig
// marked alt is named in the file.
func FuzzReadAlt(f *testing.F) {
	f.Add([]byte("chr1_alt\t0\tchr1\t1\n@HD\n"))
	f.Add([]byte("\n\n HLA-A*01:01 \r\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "x.alt")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		alt, err := readAlt(p, altContigs)
		if err != nil {
			return
		}
		for i, a := range alt {
			if a && !strings.Contains(string(data), altContigs[i].Name) {
				t.Errorf("%s marked alt but not in the file", altContigs[i].Name)
			}
		}
	})
}
