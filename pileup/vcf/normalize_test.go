package vcf

import (
	"fmt"
	"math/rand"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// normSeq is the contig of the hand-worked normalization cases (1-based):
// G1 A2 T3 T4 A5 C6 A7 C8 A9 C10 A11 G12 G13 T14 C15 A16 G17 T18..T23 A24 ...
const normSeq = "GATTACACACAGGTCAGTTTTTTACGATCAGGGCCCATGCA"

func variantsOf(t *testing.T, r *Record, ref Reference) []string {
	t.Helper()
	vs, err := Normalize(r, ref)
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	var s []string
	for _, v := range vs {
		s = append(s, v.String())
	}
	return s
}

// TestNormalizeHandWorked checks cases worked out by hand on normSeq; they
// are also what bcftools norm -m -any -f gives for them.
func TestNormalizeHandWorked(t *testing.T) {
	ref := MapReference(map[string]string{"c1": normSeq})
	cases := []struct {
		pos       int
		ref, alts string
		want      string // with the reference
		trimOnly  string // without it
	}{
		{5, "AC", "AG", "c1:6:C:G", "c1:6:C:G"},
		{6, "CA", "TA", "c1:6:C:T", "c1:6:C:T"},
		{8, "CAC", "C", "c1:4:TAC:T", "c1:8:CAC:C"}, // AC deleted from ACACAC: leftmost copy
		{10, "CA", "C,CAA", "c1:10:CA:C c1:10:C:CA", "c1:10:CA:C c1:10:C:CA"},
		{12, "GGTC", "GCTT", "c1:13:GTC:CTT", "c1:13:GTC:CTT"},
		{17, "GTTTTTTA", "GTTTTTA", "c1:17:GT:G", "c1:17:GT:G"},
		{21, "TTTA", "TTTTA,TCCA", "c1:17:G:GT c1:22:TT:CC", "c1:21:T:TT c1:22:TT:CC"},
		{30, "AGGG", "AGGG,.", "", ""},
		{33, "GCCC", "GCC", "c1:33:GC:G", "c1:33:GC:G"},
		{38, "TG", "AC,TGGG,ag", "c1:38:TG:AC c1:38:T:TGG c1:38:T:A", "c1:38:TG:AC c1:38:T:TGG c1:38:T:A"},
		{2, "AT", "A", "c1:2:AT:A", "c1:2:AT:A"},
		{1, "GA", "A", "c1:1:GA:A", "c1:1:GA:A"}, // cannot move left of the first base
		{4, "T", "<DEL>,*", "c1:4:T:<DEL> c1:4:T:*", "c1:4:T:<DEL> c1:4:T:*"},
	}
	for _, c := range cases {
		r := &Record{Chrom: "c1", Pos: c.pos, Ref: c.ref, Alt: strings.Split(c.alts, ",")}
		if got := strings.Join(variantsOf(t, r, ref), " "); got != c.want {
			t.Errorf("%d %s>%s: got %q, want %q", c.pos, c.ref, c.alts, got, c.want)
		}
		if got := strings.Join(variantsOf(t, r, nil), " "); got != c.trimOnly {
			t.Errorf("%d %s>%s without reference: got %q, want %q", c.pos, c.ref, c.alts, got, c.trimOnly)
		}
	}
}

func TestNormalizeRefMismatch(t *testing.T) {
	ref := MapReference(map[string]string{"c1": normSeq})
	for _, r := range []*Record{
		{Chrom: "c1", Pos: 12, Ref: "GTTC", Alt: []string{"G"}},
		{Chrom: "c1", Pos: 40, Ref: "CAT", Alt: []string{"C"}},
		{Chrom: "c2", Pos: 1, Ref: "A", Alt: []string{"C"}},
	} {
		if _, err := Normalize(r, ref); err == nil {
			t.Errorf("%+v: no error", r)
		}
	}
}

// apply returns the haplotype made by replacing seq[pos-1:pos-1+len(ref)]
// with alt.
func apply(seq string, pos int, ref, alt string) string {
	return seq[:pos-1] + alt + seq[pos-1+len(ref):]
}

// TestNormalizeIndelsBruteForce checks random indels against brute force:
// the normalized variant makes the same haplotype, and no indel of the same
// length starting further left does.
func TestNormalizeIndelsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for trial := 0; trial < 2000; trial++ {
		// Short alphabets make repeats, where left-alignment matters.
		seq := randomSeq(rng, 30, "ACGT"[:2+rng.Intn(3)])
		ref := MapReference(map[string]string{"c": seq})
		pos := 2 + rng.Intn(20)
		n := 1 + rng.Intn(4)
		var r *Record
		if rng.Intn(2) == 0 { // deletion of n bases after pos
			r = &Record{Chrom: "c", Pos: pos, Ref: seq[pos-1 : pos+n], Alt: []string{seq[pos-1 : pos]}}
		} else {
			r = &Record{Chrom: "c", Pos: pos, Ref: seq[pos-1 : pos], Alt: []string{seq[pos-1:pos] + randomSeq(rng, n, "ACGT")}}
		}
		hap := apply(seq, r.Pos, r.Ref, r.Alt[0])
		vs, err := Normalize(r, ref)
		if err != nil {
			t.Fatal(err)
		}
		if hap == seq {
			continue // an insertion equal to its neighbour may still be a variant; skip the degenerate case
		}
		v := vs[0]
		if got := apply(seq, v.Pos, v.Ref, v.Alt); got != hap {
			t.Fatalf("%s %+v -> %v changes the haplotype", seq, r, v)
		}
		d := len(v.Alt) - len(v.Ref)
		for p := 2; p < v.Pos; p++ { // anchor at p-1, change right after it
			var alt string
			if d < 0 {
				alt = seq[p-1 : p]
				if apply(seq, p, seq[p-1:p-d], alt) == hap {
					t.Fatalf("%s %+v -> %v, but the deletion at %d is further left", seq, r, v, p)
				}
			} else if p-1+d <= len(hap) && hap[:p] == seq[:p] && hap[p+d:] == seq[p:] {
				t.Fatalf("%s %+v -> %v, but the insertion at %d is further left", seq, r, v, p)
			}
		}
	}
}

func randomSeq(rng *rand.Rand, n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.Intn(len(alphabet))]
	}
	return string(b)
}

// TestNormalizeMatchesBcftoolsNorm runs bcftools norm -m -any -f on random
// variants (SNPs, MNPs, indels, complex, multi-allelic) in repetitive
// sequence and compares with Normalize.
func TestNormalizeMatchesBcftoolsNorm(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	rng := rand.New(rand.NewSource(11))
	seq := randomSeq(rng, 3000, "ACT")
	dir := t.TempDir()
	fa := writeTemp(t, "ref.fa", ">c\n"+seq+"\n")
	var b strings.Builder
	b.WriteString("##fileformat=VCFv4.2\n##contig=<ID=c,length=3000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
	var recs []*Record
	for pos := 5; pos < 2990; pos += 5 + rng.Intn(20) {
		r := &Record{Chrom: "c", Pos: pos, Ref: seq[pos-1 : pos+rng.Intn(3)]}
		for k := 1 + rng.Intn(2); k > 0; k-- {
			alt := r.Ref[:1] + randomSeq(rng, rng.Intn(4), "ACT")
			if alt == r.Ref {
				alt += "G"
			}
			r.Alt = append(r.Alt, alt)
		}
		recs = append(recs, r)
		fmt.Fprintf(&b, "c\t%d\t.\t%s\t%s\t.\t.\t.\n", r.Pos, r.Ref, strings.Join(r.Alt, ","))
	}
	in := writeTemp(t, "in.vcf", b.String())
	out, err := exec.Command("bcftools", "norm", "-m", "-any", "-f", fa, in, "-o", filepath.Join(dir, "norm.vcf")).CombinedOutput()
	if err != nil {
		t.Fatalf("bcftools norm: %v\n%s", err, out)
	}
	ref := MapReference(map[string]string{"c": seq})
	want := map[string]bool{}
	nr, err := Open(filepath.Join(dir, "norm.vcf"))
	if err != nil {
		t.Fatal(err)
	}
	defer nr.Close()
	for nr.Next() {
		r := nr.Record()
		want[Variant{r.Chrom, r.Pos, r.Ref, r.Alt[0]}.String()] = true
	}
	got := map[string]bool{}
	for _, r := range recs {
		for _, v := range variantsOf(t, r, ref) {
			got[v] = true
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("bcftools norm has %s, Normalize does not", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("Normalize has %s, bcftools norm does not", k)
		}
	}
}
