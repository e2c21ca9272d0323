package vcf

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const isecHead = "##fileformat=VCFv4.2\n##FILTER=<ID=q10,Description=\"q\">\n##contig=<ID=c1,length=41>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"

// The three files of the isec tests, on normSeq. The AC deletion in the
// ACACAC repeat is written at 4 (left-aligned) in A, at 8 in B and at 6 with
// extra context in C; A has a multi-allelic record that B and C split.
var isecFiles = []string{
	isecHead +
		"c1\t4\tdelA\tTAC\tT\t50\tPASS\t.\n" +
		"c1\t6\t.\tC\tG,T\t40\tPASS\t.\n" +
		"c1\t12\t.\tG\t.\t40\tPASS\t.\n" +
		"c1\t17\t.\tGT\tG\t30\tq10\t.\n" +
		"c1\t38\t.\tT\tA\t20\tPASS\t.\n",
	isecHead +
		"c1\t6\t.\tC\tT\t41\tPASS\t.\n" +
		"c1\t8\tdelB\tCAC\tC\t51\tPASS\t.\n" +
		"c1\t21\t.\tTTTA\tTTA\t31\tPASS\t.\n" +
		"c1\t30\t.\tA\tG\t21\tPASS\t.\n",
	isecHead +
		"c1\t5\t.\tAC\tAG\t42\tPASS\t.\n" +
		"c1\t6\t.\tCACAC\tCAC\t52\tPASS\t.\n" +
		"c1\t12\t.\tG\t.\t40\tPASS\t.\n" +
		"c1\t30\t.\tA\tG\t22\tPASS\t.\n" +
		"c1\t38\t.\tT\tA\t23\tPASS\t.\n",
}

func writeIsecFiles(t *testing.T, texts []string) ([]string, string) {
	t.Helper()
	var paths []string
	for i, text := range texts {
		paths = append(paths, writeTemp(t, string(rune('A'+i))+".vcf", text))
	}
	return paths, writeTemp(t, "ref.fa", ">c1\n"+normSeq+"\n")
}

func isecLines(t *testing.T, x *Isec) []string {
	t.Helper()
	var out []string
	for _, r := range x.Records {
		v, _ := r.InfoValue("ISEC")
		out = append(out, strings.Join([]string{r.Chrom, strconv.Itoa(r.Pos), r.Ref, r.Alt[0], v}, " "))
	}
	return out
}

// TestIntersectHandWorked checks the three files against the answer worked
// out by hand: the deletion is one variant in all three files once
// left-aligned, C>T at 6 is in A (split) and B, GT>G at 17 in A and B (B's
// TTTA>TTA left-aligns to it), A>G at 30 in B and C, T>A at 38 in A and C,
// C>G at 6 in A and C (C's AC>AG trims to it), and the no-ALT site at 12
// in A and C.
func TestIntersectHandWorked(t *testing.T) {
	paths, fa := writeIsecFiles(t, isecFiles)
	ref, contigs := readTestFASTA(t, fa)
	all, err := Intersect(paths, IsecOptions{Min: 1, Max: 3, Ref: ref, RefContigs: contigs})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"c1 4 TAC T 111",
		"c1 6 C G 101",
		"c1 6 C T 110",
		"c1 12 G . 101",
		"c1 17 GT G 110",
		"c1 30 A G 011",
		"c1 38 T A 101",
	}
	if got := isecLines(t, all); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The output keeps the first file's ID, QUAL and FILTER.
	if r := all.Records[0]; r.ID != "delA" || r.Qual != 50 {
		t.Errorf("first record %+v", r)
	}
	if r := all.Records[4]; strings.Join(r.Filter, ";") != "q10" {
		t.Errorf("GT>G record FILTER %q", r.Filter)
	}
	// A's GT>G at 17 is filtered (q10): with PassOnly only B has it.
	pass, err := Intersect(paths, IsecOptions{Min: 1, Max: 3, Ref: ref, PassOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := isecLines(t, pass); len(got) != 7 || got[4] != "c1 17 GT G 010" {
		t.Errorf("PassOnly: %q", got)
	}
	exact3, err := Intersect(paths, IsecOptions{Min: 3, Max: 3, Ref: ref})
	if err != nil {
		t.Fatal(err)
	}
	if got := isecLines(t, exact3); len(got) != 1 || got[0] != "c1 4 TAC T 111" {
		t.Errorf("=3: %q", got)
	}
	// Without the reference the deletions stay where they were written and
	// no longer match.
	noRef, err := Intersect(paths, IsecOptions{Min: 2, Max: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range isecLines(t, noRef) {
		if strings.Contains(l, "TAC") || strings.Contains(l, "CAC") {
			t.Errorf("without reference the deletion should not match: %q", l)
		}
	}
}

func TestParseIsecCount(t *testing.T) {
	cases := []struct {
		s        string
		min, max int
		ok       bool
	}{{"", 3, 3, true}, {"=2", 2, 2, true}, {"2", 2, 2, true}, {"+2", 2, 3, true}, {"-2", 1, 2, true},
		{"=4", 0, 0, false}, {"+0", 0, 0, false}, {"x", 0, 0, false}, {"=", 0, 0, false}}
	for _, c := range cases {
		min, max, err := ParseIsecCount(c.s, 3)
		if (err == nil) != c.ok || c.ok && (min != c.min || max != c.max) {
			t.Errorf("%q: %d %d %v", c.s, min, max, err)
		}
	}
}

func TestIntersectErrors(t *testing.T) {
	other := strings.ReplaceAll(isecFiles[1], "c1", "chr1")
	noHeader := strings.Replace(other, "##contig=<ID=chr1,length=41>\n", "", 1)
	longer := strings.Replace(isecFiles[1], "length=41", "length=50", 1)
	undeclared := isecFiles[1] + "c2\t5\t.\tA\tG\t1\tPASS\t.\n"
	mismatch := isecFiles[1] + "c1\t33\t.\tGA\tG\t1\tPASS\t.\n"
	malformed := isecFiles[1] + "c1\t33\t.\tG\n"
	cases := []struct{ text, want string }{
		{other, "B.vcf declares contig chr1, the reference does not"},
		{noHeader, "B.vcf:4: contig chr1 is not in the contigs of the other files or the reference"},
		{longer, "different contigs: c1 has length 41 in the reference but 50 in"},
		{undeclared, "B.vcf:9: contig c2 is not in the file's ##contig lines"},
		{mismatch, "B.vcf:9: REF GA at c1:33 does not match the reference GC"},
		{malformed, "B.vcf:9: 4 tab-separated columns"},
	}
	for _, c := range cases {
		paths, fa := writeIsecFiles(t, []string{isecFiles[0], c.text})
		ref, contigs := readTestFASTA(t, fa)
		_, err := Intersect(paths, IsecOptions{Min: 1, Max: 2, Ref: ref, RefContigs: contigs})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
	// Without a reference the first file's contigs are the yardstick.
	paths, _ := writeIsecFiles(t, []string{isecFiles[0], strings.ReplaceAll(isecFiles[1], "c1", "chr1")})
	if _, err := Intersect(paths, IsecOptions{Min: 1, Max: 2}); err == nil || !strings.Contains(err.Error(), "B.vcf declares contig chr1, "+paths[0]+" does not") {
		t.Errorf("error %v", err)
	}
}

// TestIntersectMatchesBcftools compares with bcftools norm -m -any -f on
// each file, then bcftools isec -n, for every count.
func TestIntersectMatchesBcftools(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	paths, fa := writeIsecFiles(t, isecFiles)
	dir := t.TempDir()
	var normed []string
	for i, p := range paths {
		out := filepath.Join(dir, string(rune('A'+i))+".norm.vcf.gz")
		run(t, "bcftools", "norm", "-m", "-any", "-f", fa, "-Oz", "-o", out, p)
		run(t, "bcftools", "index", out)
		normed = append(normed, out)
	}
	ref, contigs := readTestFASTA(t, fa)
	for _, n := range []string{"=1", "=2", "=3", "+1", "+2", "-2", "pass+1"} {
		args, pass := []string{"isec"}, strings.HasPrefix(n, "pass")
		if pass {
			n = strings.TrimPrefix(n, "pass")
			args = append(args, "-f", "PASS,.")
		}
		want := strings.Split(strings.TrimSpace(run(t, "bcftools", append(append(args, "-n", n), normed...)...)), "\n")
		for i := range want {
			f := strings.Fields(want[i])
			want[i] = strings.Join(f, " ")
		}
		min, max, err := ParseIsecCount(n, 3)
		if err != nil {
			t.Fatal(err)
		}
		x, err := Intersect(paths, IsecOptions{Min: min, Max: max, Ref: ref, RefContigs: contigs, PassOnly: pass})
		if err != nil {
			t.Fatal(err)
		}
		got := isecLines(t, x)
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("-n %s (pass only %v): vole\n%s\nbcftools\n%s", n, pass, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// BenchmarkIntersect intersects three 5,000-record VCFs with left-alignment
// against a 100 kb reference.
func BenchmarkIntersect(b *testing.B) {
	rng := rand.New(rand.NewSource(4))
	seq := randomSeq(rng, 100000, "ACGT")
	ref := MapReference(map[string]string{"c": seq})
	dir := b.TempDir()
	var paths []string
	for f := 0; f < 3; f++ {
		var sb strings.Builder
		sb.WriteString("##fileformat=VCFv4.2\n##contig=<ID=c,length=100000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
		for pos := 2 + rng.Intn(10); pos < 99990; pos += 1 + rng.Intn(38) {
			alt := randomSeq(rng, 1, "ACGT")
			if alt == seq[pos-1:pos] {
				alt = seq[pos-1:pos] + "T"
			}
			fmt.Fprintf(&sb, "c\t%d\t.\t%s\t%s\t50\tPASS\t.\n", pos, seq[pos-1:pos], alt)
		}
		p := filepath.Join(dir, fmt.Sprintf("f%d.vcf", f))
		if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, p)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Intersect(paths, IsecOptions{Min: 2, Max: 3, Ref: ref}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIntersectMatchesBcftoolsRandom draws three files from one pool of
// random variants in repetitive sequence (so that different spellings of
// one indel meet, and multi-allelic records are split) and compares every
// site and its file mask with bcftools norm -m -any -f then isec -n +1.
func TestIntersectMatchesBcftoolsRandom(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	rng := rand.New(rand.NewSource(21))
	seq := randomSeq(rng, 4000, "ACT")
	fa := writeTemp(t, "ref.fa", ">c\n"+seq+"\n")
	type raw struct {
		pos      int
		ref, alt string
	}
	var pool []raw
	for pos := 10; pos < 3980; pos += 8 + rng.Intn(20) {
		for k := 1 + rng.Intn(2); k > 0; k-- {
			ref := seq[pos-1 : pos+rng.Intn(3)]
			alt := ref[:1] + randomSeq(rng, rng.Intn(4), "ACT")
			if alt != ref {
				pool = append(pool, raw{pos, ref, alt})
			}
		}
	}
	dir := t.TempDir()
	var paths, normed []string
	for f := 0; f < 3; f++ {
		var b strings.Builder
		b.WriteString("##fileformat=VCFv4.2\n##contig=<ID=c,length=4000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
		for i := 0; i < len(pool); {
			j, alts := i, []string{}
			for ; j < len(pool) && pool[j].pos == pool[i].pos && pool[j].ref == pool[i].ref; j++ {
				if rng.Intn(10) < 6 {
					alts = append(alts, pool[j].alt)
				}
			}
			if len(alts) > 0 {
				fmt.Fprintf(&b, "c\t%d\t.\t%s\t%s\t30\tPASS\t.\n", pool[i].pos, pool[i].ref, strings.Join(alts, ","))
			}
			i = j
		}
		p := writeTemp(t, fmt.Sprintf("r%d.vcf", f), b.String())
		out := filepath.Join(dir, fmt.Sprintf("r%d.norm.vcf.gz", f))
		run(t, "bcftools", "norm", "-m", "-any", "-f", fa, "-Oz", "-o", out, p)
		run(t, "bcftools", "index", out)
		paths, normed = append(paths, p), append(normed, out)
	}
	// When one file holds a variant twice, bcftools isec pairs the copies
	// with other files' records one by one and prints the site once per
	// pairing (masks 011 and 010); vole counts a file once per variant, so
	// the masks of one site are merged (OR) before comparing.
	masks := map[string][]byte{}
	for _, l := range strings.Split(strings.TrimSpace(run(t, "bcftools", append([]string{"isec", "-n", "+1"}, normed...)...)), "\n") {
		f := strings.Fields(l)
		site := strings.Join(f[:4], " ")
		m := masks[site]
		if m == nil {
			m = []byte(f[4])
		}
		for i := range m {
			m[i] |= f[4][i]
		}
		masks[site] = m
	}
	var want []string
	for site, m := range masks {
		want = append(want, site+" "+string(m))
	}
	ref, contigs := readTestFASTA(t, fa)
	x, err := Intersect(paths, IsecOptions{Min: 1, Max: 3, Ref: ref, RefContigs: contigs})
	if err != nil {
		t.Fatal(err)
	}
	got := isecLines(t, x)
	sort.Strings(got)
	sort.Strings(want)
	if len(got) < 100 {
		t.Fatalf("only %d sites: the test data is too thin", len(got))
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("sites differ:\nvole\n%s\nbcftools\n%s", g, w)
	}
}

// readTestFASTA reads a small FASTA written by a test (one line per contig
// or several) into a MapReference and its contigs in file order.
func readTestFASTA(t *testing.T, path string) (Reference, []Contig) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[string]string{}
	var contigs []Contig
	for _, line := range strings.Split(string(data), "\n") {
		if name, ok := strings.CutPrefix(line, ">"); ok {
			contigs = append(contigs, Contig{Name: strings.Fields(name)[0]})
			continue
		}
		last := &contigs[len(contigs)-1]
		seqs[last.Name] += strings.TrimSpace(line)
		last.Length = len(seqs[last.Name])
	}
	return MapReference(seqs), contigs
}
