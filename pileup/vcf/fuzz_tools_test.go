package vcf

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogo/hts/bgzf"
)

// FuzzTools feeds arbitrary text, plain or BGZF-compressed, to the three
// `vole vcf` tools: stats, view -g and isec. None may panic; stats counts
// every record the reader reads (passing plus filtered), and isec of a file
// with itself finds every variant in both copies.
func FuzzTools(f *testing.F) {
	f.Add([]byte(smallVCF), false, "het")
	f.Add([]byte(smallVCF), true, "1/2")
	f.Add([]byte(craftedVCF), false, "0|1")
	f.Add([]byte("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nc1\t10\t.\tA\tA[c1:100[,G\t50\tPASS\t.\n"), true, "hom")
	path := filepath.Join(f.TempDir(), "in.vcf.gz")
	f.Fuzz(func(t *testing.T, data []byte, compress bool, g string) {
		if compress {
			var buf bytes.Buffer
			bw := bgzf.NewWriter(&buf, 1)
			bw.Write(data)
			bw.Close()
			data = buf.Bytes()
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if s, err := ComputeStats(path); err == nil {
			if n := countRecords(t, path); s.Pass.Records+s.Filtered.Records != n {
				t.Fatalf("stats counted %d+%d records, the reader reads %d", s.Pass.Records, s.Filtered.Records, n)
			}
		}
		viewAll(path, ViewOptions{Genotype: g})
		if x, err := Intersect([]string{path, path}, IsecOptions{Min: 1, Max: 2}); err == nil {
			for _, r := range x.Records {
				if len(r.Info) != 1 || r.Info[0].Value != "11" {
					t.Fatalf("isec of a file with itself: %s:%d has INFO %v", r.Chrom, r.Pos, r.Info)
				}
			}
		}
	})
}

// countRecords counts the records the reader reads before it stops.
func countRecords(t *testing.T, path string) int {
	vr, err := Open(path)
	if err != nil {
		t.Fatalf("stats opened %s but the reader cannot: %v", path, err)
	}
	defer vr.Close()
	n := 0
	for vr.Next() {
		n++
	}
	return n
}

// viewAll runs `vcf view` with opt over the file, ignoring errors.
func viewAll(path string, opt ViewOptions) {
	vr, err := Open(path)
	if err != nil {
		return
	}
	defer vr.Close()
	v, err := NewView(vr.Header, opt)
	if err != nil {
		return
	}
	for vr.Next() {
		if _, _, err := v.Apply(vr.Record()); err != nil {
			return
		}
	}
}
