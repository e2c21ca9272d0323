package vcf

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/bgzf"
)

const smallVCF = "##fileformat=VCFv4.2\n" +
	"##source=test\n" +
	"##contig=<ID=chr1,length=1000>\n" +
	"##contig=<ID=chr2,length=500,assembly=x>\n" +
	"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2\n" +
	"chr1\t10\trs1\tA\tG,T\t30.5\tPASS\tDP=10;INDEL\tGT:DP\t0/1:4\t1|2\n" +
	"chr1\t20\t.\tAC\tA\t.\tq10;s50\t.\tGT\t./.\t1\n" +
	"\n" +
	"chr2\t5\t.\tG\t.\t0\t.\tX=1\tGT:AD\t0/0\t0/0:3,0\r\n"

func readAll(t *testing.T, text, name string) (*Header, []*Record, error) {
	t.Helper()
	r, err := NewReader(strings.NewReader(text), name)
	if err != nil {
		return nil, nil, err
	}
	var recs []*Record
	for r.Next() {
		recs = append(recs, r.Record())
	}
	return r.Header, recs, r.Err()
}

func TestReaderParsesFields(t *testing.T) {
	h, recs, err := readAll(t, smallVCF, "small.vcf")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Meta) != 1 || h.Meta[0] != "source=test" {
		t.Errorf("Meta = %q", h.Meta)
	}
	if len(h.Contigs) != 2 || h.Contigs[0] != (Contig{"chr1", 1000}) || h.Contigs[1] != (Contig{"chr2", 500}) {
		t.Errorf("Contigs = %v", h.Contigs)
	}
	if strings.Join(h.Samples, ",") != "s1,s2" {
		t.Errorf("Samples = %q", h.Samples)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	r := recs[0]
	if r.Chrom != "chr1" || r.Pos != 10 || r.ID != "rs1" || r.Ref != "A" || strings.Join(r.Alt, ",") != "G,T" || r.Qual != 30.5 {
		t.Errorf("record 1 fixed fields: %+v", r)
	}
	if v, ok := r.InfoValue("DP"); !ok || v != "10" {
		t.Errorf("DP = %q %v", v, ok)
	}
	if len(r.Info) != 2 || !r.Info[1].Flag || r.Info[1].Key != "INDEL" {
		t.Errorf("INFO = %+v", r.Info)
	}
	if r.SampleValue(1, "GT") != "1|2" || r.SampleValue(0, "DP") != "4" {
		t.Errorf("samples = %q", r.Samples)
	}
	if !math.IsNaN(recs[1].Qual) || strings.Join(recs[1].Filter, ";") != "q10;s50" || recs[1].IsPass() {
		t.Errorf("record 2: %+v", recs[1])
	}
	if recs[1].SampleValue(1, "GT") != "1" {
		t.Errorf("record 2 haploid GT: %q", recs[1].Samples)
	}
	if recs[2].Alt != nil || !recs[2].IsPass() || recs[2].SampleValue(0, "AD") != "." || recs[2].SampleValue(1, "AD") != "3,0" {
		t.Errorf("record 3: %+v", recs[2])
	}
}

func TestReaderErrorsNameFileAndLine(t *testing.T) {
	head := "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
	cases := []struct{ text, want string }{
		{"", "x.vcf:0: no #CHROM header line"},
		{"##a=b\n", "x.vcf:1: no #CHROM header line"},
		{"chr1\t1\n", "x.vcf:1: expected a ## meta line"},
		{"#CHROM\tPOS\n", "x.vcf:1: #CHROM line has 2"},
		{"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tS1\n", "x.vcf:1: #CHROM line column 9"},
		{"##contig=<length=5>\n", "x.vcf:1: ##contig line without ID"},
		{"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\ta\n", "x.vcf:1: #CHROM line: empty or duplicate sample name \"a\""},
		{"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t\n", "x.vcf:1: #CHROM line: empty or duplicate"},
		{head + "c\t1\t.\tA\tG\t.\t.\n", "x.vcf:3: 7 tab-separated columns, want 8"},
		{head + "c\tx\t.\tA\tG\t.\t.\t.\n", "x.vcf:3: bad POS \"x\""},
		{head + "c\t0\t.\tA\tG\t.\t.\t.\n", "x.vcf:3: bad POS"},
		{head + "c\t1\t.\t\tG\t.\t.\t.\n", "x.vcf:3: bad REF"},
		{head + "c\t1\t.\tA\tG,\t.\t.\t.\n", "x.vcf:3: bad ALT"},
		{head + "c\t1\t.\tA\tG\tq\t.\t.\n", "x.vcf:3: bad QUAL"},
		{head + "c\t1\t.\tA\tG\t1\t.\tA;;B\n", "x.vcf:3: INFO entry \"\" has no key"},
		{head + "\nc\t1\t.\tA\tG\t1\t.\t=3\n", "x.vcf:4: INFO entry"},
		{"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts\nc\t1\t.\tA\tG\t1\t.\t.\tGT\t0:1\n", "x.vcf:2: sample 1 has 2 fields"},
	}
	for _, c := range cases {
		_, _, err := readAll(t, c.text, "x.vcf")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want prefix %q", c.text, err, c.want)
		}
	}
}

func TestOpenTruncatedGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(strings.Repeat(smallVCF[:strings.Index(smallVCF, "chr1\t10")], 1) +
		strings.Repeat("chr1\t10\t.\tA\tG\t1\tPASS\t.\tGT\t0/1\t0/0\n", 2000)))
	zw.Close()
	path := filepath.Join(t.TempDir(), "trunc.vcf.gz")
	if err := os.WriteFile(path, buf.Bytes()[:buf.Len()/2], 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatalf("header should be readable: %v", err)
	}
	defer r.Close()
	for r.Next() {
	}
	if r.Err() == nil || !strings.Contains(r.Err().Error(), "trunc.vcf.gz") || !strings.Contains(r.Err().Error(), "truncated") {
		t.Fatalf("truncated gzip: error %v", r.Err())
	}
}

// randomRecord makes a record with random but valid fields for nSamples.
func randomRecord(rng *rand.Rand, nSamples int) *Record {
	bases := "ACGTN"
	seq := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = bases[rng.Intn(len(bases))]
		}
		return string(b)
	}
	r := &Record{Chrom: fmt.Sprintf("chr%d", rng.Intn(3)), Pos: 1 + rng.Intn(1e6), ID: ".", Ref: seq(1 + rng.Intn(4)), Qual: Missing}
	if rng.Intn(2) == 0 {
		r.ID = fmt.Sprintf("rs%d", rng.Intn(1000))
	}
	for i := rng.Intn(3); i > 0; i-- {
		r.Alt = append(r.Alt, seq(1+rng.Intn(4)))
	}
	if rng.Intn(3) > 0 {
		r.Qual = rng.Float64() * 1000
	}
	for i := rng.Intn(3); i > 0; i-- {
		r.Filter = append(r.Filter, []string{"PASS", "LowQual", "q10"}[rng.Intn(3)])
	}
	for i := rng.Intn(3); i > 0; i-- {
		if rng.Intn(2) == 0 {
			r.Info = append(r.Info, InfoField{Key: "FLAG" + seq(1), Flag: true})
		} else {
			r.Info = append(r.Info, InfoField{Key: "K" + seq(1), Value: fmt.Sprint(rng.Intn(100))})
		}
	}
	if nSamples > 0 {
		r.Format = []string{"GT", "DP"}[:1+rng.Intn(2)]
		for i := 0; i < nSamples; i++ {
			s := []string{fmt.Sprintf("%d/%d", rng.Intn(3), rng.Intn(3))}
			if len(r.Format) == 2 {
				s = append(s, fmt.Sprint(rng.Intn(50)))
			}
			r.Samples = append(r.Samples, s)
		}
	}
	return r
}

func writeVCF(t testing.TB, h *Header, recs []*Record) []byte {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRoundTrip is a property test: for random headers and records,
// Writer -> Reader -> Writer gives the same bytes, and the records read back
// equal the ones written (QUAL to the Writer's two decimals).
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 200; trial++ {
		h := &Header{Meta: []string{"source=vole", `INFO=<ID=DP,Number=1,Type=Integer,Description="d">`}}
		for i := 0; i < 3; i++ {
			h.Contigs = append(h.Contigs, Contig{fmt.Sprintf("chr%d", i), rng.Intn(2) * (1 + rng.Intn(1e6))})
		}
		for i := rng.Intn(3); i > 0; i-- {
			h.Samples = append(h.Samples, fmt.Sprintf("S%d", len(h.Samples)))
		}
		var recs []*Record
		for i := rng.Intn(20); i > 0; i-- {
			recs = append(recs, randomRecord(rng, len(h.Samples)))
		}
		first := writeVCF(t, h, recs)
		h2, recs2, err := readAll(t, string(first), "roundtrip.vcf")
		if err != nil {
			t.Fatalf("trial %d: %v\n%s", trial, err, first)
		}
		if second := writeVCF(t, h2, recs2); !bytes.Equal(first, second) {
			t.Fatalf("trial %d: round trip differs:\n%s\n---\n%s", trial, first, second)
		}
		for i, r := range recs {
			got := recs2[i]
			if got.Chrom != r.Chrom || got.Pos != r.Pos || got.Ref != r.Ref || strings.Join(got.Alt, ",") != strings.Join(r.Alt, ",") ||
				FormatQual(got.Qual) != FormatQual(r.Qual) || len(got.Info) != len(r.Info) || len(got.Samples) != len(r.Samples) {
				t.Fatalf("trial %d record %d: wrote %+v, read %+v", trial, i, r, got)
			}
		}
	}
}

// FuzzReader feeds arbitrary bytes to the Reader: it must never panic, and
// whatever it accepts must survive Writer -> Reader -> Writer unchanged.
func FuzzReader(f *testing.F) {
	f.Add([]byte(smallVCF))
	f.Add([]byte("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nc\t1\t.\tA\t<DEL>\t1e3\t.\tEND=5\n"))
	f.Add([]byte("##contig=<ID=a>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tx\nc\t1\t.\tA\tG\t.\t.\t.\tGT\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, recs, err := readAll(t, string(data), "fuzz.vcf")
		if err != nil {
			return
		}
		first := writeVCF(t, h, recs)
		h2, recs2, err := readAll(t, string(first), "again.vcf")
		if err != nil {
			t.Fatalf("re-reading our own output: %v\n%s", err, first)
		}
		if second := writeVCF(t, h2, recs2); !bytes.Equal(first, second) {
			t.Fatalf("not stable:\n%s\n---\n%s", first, second)
		}
	})
}

// TestOpenBGZF reads a BGZF file (parallel inflate) and reports one cut in
// the middle of a block and one cut at a block boundary (no end-of-file
// block) as truncated.
func TestOpenBGZF(t *testing.T) {
	var buf bytes.Buffer
	bw := bgzf.NewWriter(&buf, 1)
	body := strings.Repeat("chr1\t10\t.\tA\tG\t1\tPASS\t.\tGT\t0/1\t0/0\n", 5000)
	bw.Write([]byte(smallVCF[:strings.Index(smallVCF, "chr1\t10")] + body))
	bw.Close()
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.vcf.gz")
	os.WriteFile(whole, buf.Bytes(), 0o644)
	r, err := Open(whole)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r.Next() {
		n++
	}
	r.Close()
	if r.Err() != nil || n != 5000 {
		t.Fatalf("read %d records, error %v", n, r.Err())
	}
	for name, data := range map[string][]byte{
		"mid.vcf.gz":   buf.Bytes()[:buf.Len()/2],
		"noeof.vcf.gz": buf.Bytes()[:buf.Len()-28],
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		r, err := Open(p)
		if err == nil {
			for r.Next() {
			}
			err = r.Err()
			r.Close()
		}
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("%s: error %v", name, err)
		}
	}
}
