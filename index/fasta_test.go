package index

import (
	"bytes"
	"compress/gzip"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// checkReference compares a Reference with the naive parse of its FASTA.
func checkReference(t *testing.T, ref *Reference, fasta string) {
	t.Helper()
	names, seqs := naiveSeqs(fasta)
	if len(ref.Contigs) != len(names) {
		t.Fatalf("%d contigs, want %d", len(ref.Contigs), len(names))
	}
	var off int64
	for i, c := range ref.Contigs {
		if c.Name != names[i] || c.Length != len(seqs[i]) || c.Offset != off {
			t.Fatalf("contig %d = %+v, want %s length %d offset %d", i, c, names[i], len(seqs[i]), off)
		}
		if got := string(ref.ContigSeq(i)); got != seqs[i] {
			t.Fatalf("contig %s sequence\n%s\nwant\n%s", c.Name, got, seqs[i])
		}
		off += int64(c.Length)
	}
	all := strings.Join(seqs, "")
	for p := range all {
		want := Code(all[p])
		if got := ref.Base(int64(p)); got != want {
			t.Fatalf("Base(%d) = %d, want %d", p, got, want)
		}
	}
}

func TestReadFASTAFormats(t *testing.T) {
	fasta := ">chr11:5868417-7868417 assignment region\nACGTNNNNacgt\n\n>gi|110640213|ref|NC_008253.1| E. coli\nRYKMacg\nTTTT\n>x.1\nn\n"
	crlf := "\r\n\n" + strings.ReplaceAll(fasta, "\n", "\r\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(fasta))
	zw.Close()
	for name, content := range map[string]string{"ref.fa": fasta, "crlf.fa": crlf, "ref.fa.gz": gz.String()} {
		ref, err := ReadFASTA(writeFile(t, name, content))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkReference(t, ref, fasta)
		if want := []Run{{4, 8}, {12, 16}, {23, 24}}; !slices.Equal(ref.runs, want) {
			t.Fatalf("%s: runs %v, want %v", name, ref.runs, want)
		}
	}
	plain, _ := ReadFASTA(writeFile(t, "a.fa", fasta))
	windows, _ := ReadFASTA(writeFile(t, "b.fa", crlf))
	if plain.fingerprint.Digest != windows.fingerprint.Digest {
		t.Error("the same sequences with CRLF line ends have another fingerprint")
	}
	changed, _ := ReadFASTA(writeFile(t, "c.fa", strings.Replace(fasta, "TTTT", "TTTA", 1)))
	if plain.fingerprint.Digest == changed.fingerprint.Digest {
		t.Error("a changed base leaves the fingerprint unchanged")
	}
}

func TestReadFASTARandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for trial := 0; trial < 30; trial++ {
		lengths := make([]int, 1+rng.IntN(5))
		for i := range lengths {
			lengths[i] = 1 + rng.IntN(300)
		}
		fasta := randomFASTA(rng, lengths, 0.05)
		ref, err := ReadFASTA(writeFile(t, "r.fa", fasta))
		if err != nil {
			t.Fatal(err)
		}
		checkReference(t, ref, fasta)
		for q := 0; q < 100; q++ {
			a := rng.Int64N(ref.n + 1)
			b := a + rng.Int64N(ref.n-a+1)
			got := ref.Fetch(nil, a, b)
			for p := a; p < b; p++ {
				if got[p-a] != ref.Base(p) {
					t.Fatalf("Fetch(%d,%d)[%d] = %d, Base = %d", a, b, p, got[p-a], ref.Base(p))
				}
			}
		}
	}
}

func TestReadFASTALongLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	seq := make([]byte, 3<<20) // longer than the reader's buffer
	for i := range seq {
		seq[i] = "ACGTN"[rng.IntN(5)]
	}
	fasta := ">long\n" + string(seq) + "\n>short\nAC\n"
	ref, err := ReadFASTA(writeFile(t, "long.fa", fasta))
	if err != nil {
		t.Fatal(err)
	}
	checkReference(t, ref, fasta)
}

func TestReadFASTAErrors(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(">a\nACGT\n", 1000)))
	zw.Close()
	cases := []struct{ name, content, want string }{
		{"empty", "", "no FASTA records"},
		{"blank", "\n\n", "no FASTA records"},
		{"no header", "ACGT\n>a\nAC\n", "line 1: sequence before the first '>' header"},
		{"FASTQ", "@r1\nACGT\n+\nIIII\n", "line 1: starts with '@': this looks like FASTQ"},
		{"FASTQ after blank lines", "\n@r1\nACGT\n+\nIIII\n", "line 2: starts with '@': this looks like FASTQ"},
		{"no sequence", ">a\nACGT\n>b\n\n>c\nAC\n", `line 3: contig "b" has no sequence`},
		{"last empty", ">a\nACGT\n>b\n", `line 3: contig "b" has no sequence`},
		{"duplicate", ">a x\nAC\n>b\nAC\n>a y\nAC\n", `line 5: duplicate contig name "a"`},
		{"bad char", ">a\nACGT\nAC-T\n", `line 3: invalid character '-'`},
		{"digit", ">a\nAC1\n", `line 2: invalid character '1'`},
		{"no name", ">\nACGT\n", "line 1: FASTA header has no name"},
		{"blank name", ">a\nAC\n> \t \nACGT\n", "line 3: FASTA header has no name"},
		{"unplaced", ">a\nAC\n>* the rest\nACGT\n", `line 3: contig name "*" means "no reference"`},
		{"starts with *", ">*a\nACGT\n", `line 1: contig name "*a" starts with '*', which SAM does not allow`},
		{"starts with =", ">=a\nACGT\n", `line 1: contig name "=a" starts with '='`},
		{"parenthesis", ">chr(1)\nACGT\n", `line 1: contig name "chr(1)" has '('`},
		{"comma", ">a,b\nACGT\n", `contig name "a,b" has ','`},
		{"not ASCII", ">chré\nACGT\n", `contig name "chré" has 'é'`},
		{"truncated gzip", gz.String()[:gz.Len()/2], "truncated gzip"},
	}
	for _, c := range cases {
		path := writeFile(t, "bad.fa", c.content)
		_, err := ReadFASTA(path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming %s and saying %q", c.name, err, path, c.want)
		}
	}
	if _, err := ReadFASTA("/no/such/file.fa"); err == nil || !strings.Contains(err.Error(), "/no/such/file.fa") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := os.Stat("/no/such/file.fa"); err == nil {
		t.Fatal("test assumes /no/such/file.fa is missing")
	}
}

// TestReadFASTASAMNames: names that SAM allows, '*' and '=' after the first
// character included, are read as they are.
func TestReadFASTASAMNames(t *testing.T) {
	names := []string{"chr1", "NC_008253.1", "HLA-A*01:01:01:01", "a=b", "gi|49175990|ref|NC_000913.2|", "!#$%&+./:;?@^_|~-"}
	var fasta strings.Builder
	for _, n := range names {
		fasta.WriteString(">" + n + " description\nACGT\n")
	}
	ref, err := ReadFASTA(writeFile(t, "ok.fa", fasta.String()))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range ref.Contigs {
		if c.Name != names[i] {
			t.Errorf("contig %d named %q, want %q", i, c.Name, names[i])
		}
	}
}

func TestReadFASTALimit(t *testing.T) {
	fasta := ">a\nACGT\nAC\n>b\nGGGG\nTT\n" // 12 bases; b passes 6 on line 5
	for _, c := range []struct {
		max  int64
		want string
	}{{12, ""}, {0, ""}, {11, `line 6: the reference has more than 11 bases (in contig "b")`},
		{6, `line 5: the reference has more than 6 bases (in contig "b")`},
		{3, `line 2: the reference has more than 3 bases (in contig "a")`}} {
		ref, err := parseFASTA(strings.NewReader(fasta), "big.fa", c.max)
		switch {
		case c.want == "" && (err != nil || ref.TextLen() != 12):
			t.Errorf("limit %d: %v", c.max, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), "big.fa: "+c.want)):
			t.Errorf("limit %d: error %v, want %q", c.max, err, c.want)
		}
	}
	if _, err := ReadFASTAToIndex(writeFile(t, "ok.fa", fasta)); err != nil {
		t.Fatal(err)
	}
}

// FuzzReadFASTA checks that the reader never panics, that its errors name the
// file, and that whatever it accepts is consistent (contig lengths and
// offsets add up, every contig has bases) and can be indexed.
func FuzzReadFASTA(f *testing.F) {
	for _, seed := range []string{
		">a\nACGT\n", ">a b\nacgtn\r\n>c\nRYK\n", "", ">", ">a\n", "ACGT", ">a\nAC\n>a\nGT\n",
		">x\nNNNN\nACGT\n\n>y|z:1-2\nT\n", ">a\nA C\tG\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ref, err := parseFASTA(bytes.NewReader(data), "fuzz.fa", 0)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.fa: ") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		var total int64
		for i, c := range ref.Contigs {
			if c.Length < 1 || c.Offset != total || len(ref.ContigSeq(i)) != c.Length {
				t.Fatalf("contig %d: %+v", i, c)
			}
			total += int64(c.Length)
		}
		if total != ref.TextLen() || int64(len(ref.text)) != (total+31)/32 {
			t.Fatalf("text length %d, contigs add to %d, %d words", ref.TextLen(), total, len(ref.text))
		}
		if _, err := Build(ref); err != nil {
			t.Fatal(err)
		}
	})
}
