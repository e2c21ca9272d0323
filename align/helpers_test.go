package align

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/index"
)

// testGenome is a random reference written to a temporary FASTA with its
// index built in memory.
type testGenome struct {
	dir, fasta string
	seq        map[string][]byte // contig name -> bases
	names      []string
	ix         *index.Index
}

// newTestGenome writes contigs of random bases; repeat, when positive,
// copies contig 0's bases [1000, 1000+repeat) to 3000 so that stretch
// occurs twice exactly.
func newTestGenome(t testing.TB, rng *rand.Rand, lengths []int, repeat int) *testGenome {
	t.Helper()
	g := &testGenome{dir: t.TempDir(), seq: map[string][]byte{}}
	var fa bytes.Buffer
	for i, n := range lengths {
		s := make([]byte, n)
		for j := range s {
			s[j] = "ACGT"[rng.IntN(4)]
		}
		if i == 0 && repeat > 0 {
			copy(s[3000:3000+repeat], s[1000:1000+repeat])
		}
		name := fmt.Sprintf("ctg%d", i+1)
		g.seq[name], g.names = s, append(g.names, name)
		fmt.Fprintf(&fa, ">%s test contig\n", name)
		for j := 0; j < n; j += 60 {
			fa.Write(s[j:min(j+60, n)])
			fa.WriteByte('\n')
		}
	}
	g.fasta = filepath.Join(g.dir, "ref.fa")
	g.writeAndIndex(t, fa.Bytes())
	return g
}

// rebuild writes the FASTA and index again after a test edited g.seq.
func (g *testGenome) rebuild(t testing.TB) {
	t.Helper()
	var fa bytes.Buffer
	for _, name := range g.names {
		s := g.seq[name]
		fmt.Fprintf(&fa, ">%s test contig\n", name)
		for j := 0; j < len(s); j += 60 {
			fa.Write(s[j:min(j+60, len(s))])
			fa.WriteByte('\n')
		}
	}
	g.writeAndIndex(t, fa.Bytes())
}

// writeAndIndex writes fa to g.fasta and builds g.ix from it.
func (g *testGenome) writeAndIndex(t testing.TB, fa []byte) {
	t.Helper()
	if err := os.WriteFile(g.fasta, fa, 0o644); err != nil {
		t.Fatal(err)
	}
	ref, err := index.ReadFASTA(g.fasta)
	if err != nil {
		t.Fatal(err)
	}
	if g.ix, err = index.Build(ref); err != nil {
		t.Fatal(err)
	}
}

// revComp returns the reverse complement of ACGT text.
func revComp(s []byte) []byte {
	out := make([]byte, len(s))
	for i, b := range s {
		out[len(s)-1-i] = complement[b]
	}
	return out
}

// fastqRecord formats one FASTQ record with constant qualities.
func fastqRecord(name string, seq []byte) string {
	return "@" + name + "\n" + string(seq) + "\n+\n" + strings.Repeat("I", len(seq)) + "\n"
}

// writeFile writes text to dir/name and returns the path.
func writeFile(t testing.TB, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// readSAM reads a SAM file back with biogo/hts and returns its records.
func readSAM(t testing.TB, path string) (*sam.Header, []*sam.Record) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := sam.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var recs []*sam.Record
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		recs = append(recs, rec)
	}
	return r.Header(), recs
}

// alignToSAM runs AlignFiles into a SAM file and reads it back.
func alignToSAM(t testing.TB, g *testGenome, reads []string, opt Options) (Stats, []*sam.Record) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.sam")
	st, err := AlignFiles(g.ix, reads, out, opt, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	_, recs := readSAM(t, out)
	return st, recs
}

// tag returns an integer or string aux value of a record as text.
func tag(r *sam.Record, name string) string {
	a, ok := r.Tag([]byte(name))
	if !ok {
		return ""
	}
	return fmt.Sprint(a.Value())
}
