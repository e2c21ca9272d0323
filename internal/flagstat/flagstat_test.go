package flagstat

import (
	"bytes"
	"compress/gzip"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
)

// makeRecords returns n records with random FLAG bits, references, mates and
// MAPQ over refs, plus the hand-made ones whose counts are worked out in
// TestCountHandWorked.
func makeRecords(t testing.TB, rng *rand.Rand, refs []*sam.Reference, n int) []*sam.Record {
	var recs []*sam.Record
	for i := 0; i < n; i++ {
		var ref, mate *sam.Reference
		pos, mpos := -1, -1
		if rng.Intn(5) > 0 {
			ref, pos = refs[rng.Intn(len(refs))], rng.Intn(900)
		}
		if rng.Intn(5) > 0 {
			mate, mpos = refs[rng.Intn(len(refs))], rng.Intn(900)
		}
		var cigar []sam.CigarOp
		if ref != nil {
			cigar = []sam.CigarOp{sam.NewCigarOp(sam.CigarMatch, 4)}
		}
		r, err := sam.NewRecord("r"+string(rune('a'+i%26)), ref, mate, pos, mpos, 0, byte(rng.Intn(12)), cigar, []byte("ACGT"), []byte{30, 30, 30, 30}, nil)
		if err != nil {
			t.Fatal(err)
		}
		r.Flags = sam.Flags(rng.Intn(1 << 12))
		recs = append(recs, r)
	}
	return recs
}

func testHeader(t testing.TB) (*sam.Header, []*sam.Reference) {
	var refs []*sam.Reference
	for _, name := range []string{"chr1", "chr2", "chr3"} {
		r, err := sam.NewReference(name, "", "", 1000, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	h, err := sam.NewHeader(nil, refs)
	if err != nil {
		t.Fatal(err)
	}
	return h, refs
}

func writeBAM(t testing.TB, path string, h *sam.Header, recs []*sam.Record) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := bam.NewWriter(f, h, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func writeSAM(t testing.TB, path string, h *sam.Header, recs []*sam.Record) {
	var buf bytes.Buffer
	w, err := sam.NewWriter(&buf, h, sam.FlagDecimal)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCountHandWorked counts a few records whose answer is worked out by
// hand from the samtools definitions.
func TestCountHandWorked(t *testing.T) {
	var s Stats
	// A proper pair, both mapped on ref 0, MAPQ 60.
	s.Add(sam.Paired|sam.ProperPair|sam.Read1, 0, 0, 60)
	s.Add(sam.Paired|sam.ProperPair|sam.Read2|sam.Duplicate, 0, 0, 60)
	// Mate on another reference, MAPQ 3: other chr but not >= 5.
	s.Add(sam.Paired|sam.Read1, 0, 1, 3)
	// Mapped read whose mate is unmapped: a singleton; and its mate.
	s.Add(sam.Paired|sam.Read2|sam.MateUnmapped, 1, 1, 10)
	s.Add(sam.Paired|sam.Read1|sam.Unmapped|sam.ProperPair, 1, 1, 0)
	// A secondary and a supplementary alignment, and a QC-failed read.
	s.Add(sam.Secondary|sam.Paired|sam.Read1, 0, 0, 0)
	s.Add(sam.Supplementary|sam.Duplicate, 2, -1, 20)
	s.Add(sam.QCFail|sam.Unmapped, -1, -1, 0)
	want := Counts{Total: 7, Primary: 5, Secondary: 1, Supplementary: 1, Duplicates: 2, PrimaryDuplicates: 1,
		Mapped: 6, PrimaryMapped: 4, Paired: 5, Read1: 3, Read2: 2, ProperlyPaired: 2, WithMateMapped: 3,
		Singletons: 1, MateOtherChr: 1, MateOtherChrQ5: 0}
	if s.QCPassed != want {
		t.Errorf("QC-passed\n got %+v\nwant %+v", s.QCPassed, want)
	}
	if (s.QCFailed != Counts{Total: 1, Primary: 1}) {
		t.Errorf("QC-failed %+v", s.QCFailed)
	}
	var b strings.Builder
	s.WriteText(&b)
	for _, l := range []string{"6 + 0 mapped (85.71% : 0.00%)", "4 + 0 primary mapped (80.00% : 0.00%)", "2 + 0 properly paired (40.00% : N/A)"} {
		if !strings.Contains(b.String(), l+"\n") {
			t.Errorf("text output lacks %q:\n%s", l, b.String())
		}
	}
}

// TestMatchesSamtools writes BAM, SAM and gzipped SAM files with random
// flags and compares vole's text and JSON output with samtools flagstat's,
// byte for byte.
func TestMatchesSamtools(t *testing.T) {
	if _, err := exec.LookPath("samtools"); err != nil {
		t.Skip("samtools not on PATH")
	}
	dir := t.TempDir()
	h, refs := testHeader(t)
	rng := rand.New(rand.NewSource(5))
	for trial, n := range []int{0, 1, 50, 3000} {
		recs := makeRecords(t, rng, refs, n)
		bamPath := filepath.Join(dir, "a.bam")
		samPath := filepath.Join(dir, "a.sam")
		writeBAM(t, bamPath, h, recs)
		writeSAM(t, samPath, h, recs)
		gzPath := filepath.Join(dir, "a.sam.gz")
		gzipFile(t, samPath, gzPath)
		for _, p := range []string{bamPath, samPath, gzPath} {
			s, err := Count(p)
			if err != nil {
				t.Fatalf("trial %d %s: %v", trial, p, err)
			}
			var text, js bytes.Buffer
			s.WriteText(&text)
			s.WriteJSON(&js)
			if want := samtools(t, p); text.String() != want {
				t.Errorf("trial %d %s text:\nvole\n%s\nsamtools\n%s", trial, p, text.String(), want)
			}
			if want := samtools(t, "-O", "json", p); js.String() != want {
				t.Errorf("trial %d %s JSON:\nvole\n%s\nsamtools\n%s", trial, p, js.String(), want)
			}
		}
	}
}

// TestSAMUnmappedRules checks reads that htslib's SAM parser treats as
// unmapped although their FLAG says mapped: POS 0, RNAME '*', CIGAR '*'.
// Only r4 is mapped.
func TestSAMUnmappedRules(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u.sam")
	os.WriteFile(path, []byte("@SQ\tSN:c1\tLN:100\n"+
		"r1\t0\tc1\t0\t30\t4M\t*\t0\t0\tACGT\tIIII\n"+
		"r2\t0\t*\t0\t30\t4M\t*\t0\t0\tACGT\tIIII\n"+
		"r3\t0\tc1\t5\t30\t*\t*\t0\t0\tACGT\tIIII\n"+
		"r4\t1\tc1\t5\t30\t4M\t*\t0\t0\tACGT\tIIII\n"), 0o644)
	s, err := Count(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.QCPassed.Mapped != 1 || s.QCPassed.MateOtherChr != 1 {
		t.Errorf("mapped %d, mate on other chr %d; want 1 and 1", s.QCPassed.Mapped, s.QCPassed.MateOtherChr)
	}
	if _, err := exec.LookPath("samtools"); err == nil {
		var text bytes.Buffer
		s.WriteText(&text)
		if want := samtools(t, path); text.String() != want {
			t.Errorf("vole\n%s\nsamtools\n%s", text.String(), want)
		}
	}
}

func gzipFile(t *testing.T, from, to string) {
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	if err := os.WriteFile(to, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func samtools(t *testing.T, args ...string) string {
	out, err := exec.Command("samtools", append([]string{"flagstat"}, args...)...).Output()
	if err != nil {
		t.Fatalf("samtools flagstat %v: %v", args, err)
	}
	return string(out)
}

func TestCountErrors(t *testing.T) {
	dir := t.TempDir()
	h, refs := testHeader(t)
	recs := makeRecords(t, rand.New(rand.NewSource(1)), refs, 5000)
	bamPath := filepath.Join(dir, "full.bam")
	writeBAM(t, bamPath, h, recs)
	data, _ := os.ReadFile(bamPath)
	trunc := filepath.Join(dir, "trunc.bam")
	os.WriteFile(trunc, data[:len(data)/2], 0o644)
	badSAM := filepath.Join(dir, "bad.sam")
	os.WriteFile(badSAM, []byte("@SQ\tSN:chr1\tLN:100\nr1\t0\tchr1\t5\t30\t4M\t*\t0\t0\tACGT\tIIII\nr2\tx\tchr1\n"), 0o644)
	noEOF := filepath.Join(dir, "noeof.bam") // cut at a block boundary
	os.WriteFile(noEOF, data[:len(data)-28], 0o644)
	empty := filepath.Join(dir, "empty.sam")
	os.WriteFile(empty, nil, 0o644)
	var gz bytes.Buffer
	gzip.NewWriter(&gz).Close()
	emptyGz := filepath.Join(dir, "empty.sam.gz")
	os.WriteFile(emptyGz, gz.Bytes(), 0o644)
	for _, c := range []struct{ path, want string }{
		{trunc, "trunc.bam: BAM record"},
		{noEOF, "noeof.bam: truncated BAM (no BGZF end-of-file block)"},
		{empty, "empty.sam: no SAM header or records (empty file)"},
		{emptyGz, "empty.sam.gz: no SAM header or records (empty file)"},
		{badSAM, "bad.sam: line 3:"},
		{filepath.Join(dir, "missing.bam"), "missing.bam"},
	} {
		_, err := Count(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.path, err, c.want)
		}
	}
}

// BenchmarkCountBAM measures counting a BAM of 100k records.
func BenchmarkCountBAM(b *testing.B) {
	h, refs := testHeader(b)
	path := filepath.Join(b.TempDir(), "bench.bam")
	writeBAM(b, path, h, makeRecords(b, rand.New(rand.NewSource(1)), refs, 100000))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Count(path); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzCountReader feeds arbitrary bytes (SAM text, or BAM after the seed's
// gzip) to CountReader: it must return counts or an error, never panic, and
// never count more records than the input has lines (SAM) or bytes.
func FuzzCountReader(f *testing.F) {
	f.Add([]byte("@SQ\tSN:c1\tLN:100\nr\t99\tc1\t1\t60\t4M\t=\t20\t23\tACGT\tIIII\n"))
	f.Add([]byte("r\t4\t*\t0\t0\t*\t*\t0\t0\tACGT\tIIII"))
	h, refs := testHeader(f)
	path := filepath.Join(f.TempDir(), "seed.bam")
	writeBAM(f, path, h, makeRecords(f, rand.New(rand.NewSource(2)), refs, 20))
	seed, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := CountReader(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		if total := s.QCPassed.Total + s.QCFailed.Total; total > int64(len(data)) {
			t.Fatalf("%d records from %d bytes", total, len(data))
		}
	})
}
