package pileup

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vole-bio/vole/index"
)

// naiveFai works out the samtools faidx table of a FASTA whose layout
// samtools accepts, line by line from the text.
func naiveFai(text string) []faidxContig {
	var out []faidxContig
	off := 0
	for _, l := range strings.SplitAfter(text, "\n") {
		off += len(l)
		if strings.HasPrefix(l, ">") {
			out = append(out, faidxContig{ContigLength: ContigLength{Name: strings.Fields(l[1:])[0]}, offset: int64(off)})
			continue
		}
		seq := strings.TrimRight(l, "\r\n")
		if seq == "" || len(out) == 0 {
			continue
		}
		c := &out[len(out)-1]
		if c.Length == 0 {
			c.lineBases, c.lineBytes = len(seq), len(l)
			if !strings.HasSuffix(l, "\n") {
				c.lineBytes++
			}
		}
		c.Length += len(seq)
	}
	return out
}

// samtoolsFai runs `samtools faidx` on a copy of text and reads its index;
// ok is false when samtools refuses the file. It skips the test when
// samtools is not installed.
func samtoolsFai(t *testing.T, text string) (fai []faidxContig, ok bool) {
	t.Helper()
	if _, err := exec.LookPath("samtools"); err != nil {
		t.Skip("samtools is not installed")
	}
	path := filepath.Join(t.TempDir(), "ref.fa")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("samtools", "faidx", path).CombinedOutput(); err != nil {
		t.Logf("samtools faidx: %v: %s", err, out)
		return nil, false
	}
	fai, err := readFai(path + ".fai")
	if err != nil {
		t.Fatal(err)
	}
	return fai, true
}

// fastaLayouts are FASTA texts that have a faidx table (ok) or not.
var fastaLayouts = []struct {
	name, text string
	ok         bool
}{
	{"wrapped", ">c1 first contig\nACGTA\nCGTAC\nGT\n>c2\tsecond\nacgtnRYKM\nNNNNNNNNN\n", true},
	{"crlf", ">c1\r\nACGT\r\nACGT\r\nAC\r\n>c2\r\nGGG\r\n", true},
	{"no final newline", ">c1\nACGT\nAC\n>c2\nACGTACGT", true},
	{"one line no newline", ">c1\nACGTACGT", true},
	{"trailing blank lines", ">c1\nACGT\nAC\n\n\n>c2\nACGT\n\n", true},
	{"blank lines before header", "\n\n>c1\nACGT\nAC\n", true},
	{"single lines", ">a\nACGTACGTACGT\n>b\nAC\n>c\nACGTACGTACGTACGTACGT\n", true},
	{"long lines", ">c1 " + strings.Repeat("h", 3<<20) + "\n" + strings.Repeat("ACGTN", 1<<20) + "\n" + strings.Repeat("T", 7) + "\n", true},
	{"short line inside", ">c1\nACGT\nAC\nACGT\n", false},
	{"longer line", ">c1\nACGT\nACGTA\n", false},
	{"blank line inside", ">c1\nACGT\n\nACGT\n", false},
	{"blank line after header", ">c1\n\nACGT\n", false},
	{"mixed line ends", ">c1\nACGT\r\nACGT\nAC\n", false},
	{"space in sequence", ">c1\nAC GT\nACGT\n", false},
	{"empty contig", ">c1\n>c2\nACGT\n", false},
	{"empty last contig", ">c1\nACGT\n>c2\n", false},
	{"duplicate name", ">c1\nACGT\n>c1 again\nACGT\n", false},
	{"sequence before header", "ACGT\n>c1\nACGT\n", false},
	{"no name", ">\nACGT\n", false},
	{"invalid character", ">c1\nACGT\nAC-T\n", false},
	{"empty file", "", false},
	{"fastq", "@r1\nACGT\n+\nIIII\n", false},
}

// TestScanFai checks the scanned table against a naive computation and
// against `samtools faidx` (when installed), and that the FASTAs it finds
// no table for are the ones samtools refuses for their layout or
// index.ReadFASTA refuses, which then give ReadFASTA's error.
func TestScanFai(t *testing.T) {
	_, haveSamtools := exec.LookPath("samtools")
	for _, c := range fastaLayouts {
		t.Run(c.name, func(t *testing.T) {
			got, ok, err := scanFai(strings.NewReader(c.text))
			if err != nil || ok != c.ok {
				t.Fatalf("ok %v, err %v; want ok %v", ok, err, c.ok)
			}
			path := filepath.Join(t.TempDir(), "ref.fa")
			if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, readErr := index.ReadFASTA(path)
			if ok {
				if want := naiveFai(c.text); !reflect.DeepEqual(got, want) {
					t.Errorf("table %v, naive %v", got, want)
				}
			} else if readErr != nil {
				// Refused: the pileup reports ReadFASTA's error.
				if _, err := openReference(path); err == nil || err.Error() != readErr.Error() {
					t.Errorf("openReference: %v, ReadFASTA: %v", err, readErr)
				}
			}
			if haveSamtools != nil || readErr != nil {
				return
			}
			fai, samOK := samtoolsFai(t, c.text)
			switch {
			case ok && !samOK:
				t.Errorf("samtools refuses a FASTA the scan takes")
			case ok && !reflect.DeepEqual(got, fai):
				t.Errorf("table %v, samtools %v", got, fai)
			case !ok && samOK:
				t.Logf("samtools takes it; the pileup reads it into memory")
			}
		})
	}
}

// FuzzScanFai checks that any bytes either have no table or one that
// gives, read through it, the contigs and bases index.ReadFASTA reads; and
// that a FASTA ReadFASTA refuses has no table.
func FuzzScanFai(f *testing.F) {
	for _, c := range fastaLayouts {
		if len(c.text) < 1000 { // not the long lines: the fuzzer cuts them down
			f.Add([]byte(c.text))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		idx, ok, err := scanFai(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return
		}
		path := filepath.Join(t.TempDir(), "ref.fa")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ref, err := index.ReadFASTA(path)
		if err != nil {
			t.Fatalf("a table for a FASTA ReadFASTA refuses: %v", err)
		}
		x := &faidx{path: path, f: bytes.NewReader(data), index: idx}
		mem := twoBit{ref: ref}
		if len(idx) != len(ref.Contigs) {
			t.Fatalf("%d contigs, ReadFASTA %d", len(idx), len(ref.Contigs))
		}
		for i, c := range ref.Contigs {
			if idx[i].ContigLength != (ContigLength{c.Name, c.Length}) {
				t.Fatalf("contig %d: %v, ReadFASTA %s %d", i, idx[i].ContigLength, c.Name, c.Length)
			}
			for start := 0; start < c.Length; start += 7 {
				end := min(start+11, c.Length)
				got, err := x.fetch(nil, i, start, end)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := mem.fetch(nil, i, start, end)
				if !bytes.Equal(got, want) {
					t.Fatalf("%s:%d-%d: %q, ReadFASTA %q", c.Name, start+1, end, got, want)
				}
			}
		}
	})
}

// gzipFile writes a gzip copy of the file at path beside it and returns
// its name.
func gzipFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	if err := os.WriteFile(path+".gz", z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path + ".gz"
}
