package sim

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func smallConfig(seed uint64) Config {
	return Config{
		Seed:           seed,
		Contigs:        []ContigSpec{{Name: "chrT:101-30100", Length: 30000}, {Name: "chrU", Length: 6000}},
		Samples:        []string{"s1", "s2"},
		ReadLength:     100,
		InsertMean:     300,
		InsertSD:       30,
		Coverage:       4,
		VariantSpacing: 400,
	}
}

// readFASTA is the test's own FASTA parser.
func readFASTA(t *testing.T, path string) (names []string, seqs map[string][]byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seqs = map[string][]byte{}
	var cur string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, ">") {
			cur = line[1:]
			names = append(names, cur)
			continue
		}
		seqs[cur] = append(seqs[cur], line...)
	}
	return names, seqs
}

type truthRec struct {
	chrom    string
	pos      int // 1-based
	ref, alt string
	gt       [][2]bool
}

// readTruth is the test's own parser of truth.vcf.
func readTruth(t *testing.T, path string) []truthRec {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []truthRec
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		pos, _ := strconv.Atoi(f[1])
		r := truthRec{chrom: f[0], pos: pos, ref: f[3], alt: f[4]}
		for _, g := range f[9:] {
			if len(g) != 3 || g[1] != '|' {
				t.Fatalf("truth GT %q is not phased diploid", g)
			}
			r.gt = append(r.gt, [2]bool{g[0] == '1', g[2] == '1'})
		}
		out = append(out, r)
	}
	return out
}

// applyTruth builds haplotype h of sample s of contig chrom from the
// reference and the truth records, and the map from reference position
// (0-based) to haplotype position.
func applyTruth(ref []byte, chrom string, truth []truthRec, s, h int) ([]byte, []int) {
	var hap []byte
	at := make([]int, len(ref)+1)
	p := 0
	for _, r := range truth {
		if r.chrom != chrom || !r.gt[s][h] {
			continue
		}
		for ; p < r.pos-1; p++ {
			at[p] = len(hap)
			hap = append(hap, ref[p])
		}
		if string(ref[p:p+len(r.ref)]) != r.ref {
			panic("truth REF does not match the reference at " + chrom + ":" + strconv.Itoa(r.pos))
		}
		for q := p; q < p+len(r.ref); q++ {
			at[q] = len(hap)
		}
		hap = append(hap, r.alt...)
		p += len(r.ref)
	}
	for ; p < len(ref); p++ {
		at[p] = len(hap)
		hap = append(hap, ref[p])
	}
	return hap, at
}

func readFASTQ(t *testing.T, path string) (names, seqs, quals []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(z)
	for i := 0; sc.Scan(); i++ {
		switch i % 4 {
		case 0:
			names = append(names, strings.TrimPrefix(sc.Text(), "@"))
		case 1:
			seqs = append(seqs, sc.Text())
		case 3:
			quals = append(quals, sc.Text())
		}
	}
	return
}

func mismatches(a, b []byte) int {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// TestReadsComeFromStatedPositions re-derives every read from the written
// reference, the written truth and the position, strand and error count in
// its name: the read must equal one haplotype of its sample at that position
// (allowing a few bases of slack for reads starting in an indel) with exactly
// the stated number of substitutions.
func TestReadsComeFromStatedPositions(t *testing.T) {
	dir := t.TempDir()
	ds, err := Write(dir, smallConfig(7))
	if err != nil {
		t.Fatal(err)
	}
	_, ref := readFASTA(t, ds.Ref)
	truth := readTruth(t, ds.Truth)
	var bases, errs, frags, fragSum, rev1 int
	for s, sr := range ds.Reads {
		haps := map[string][2][]byte{}
		maps := map[string][2][]int{}
		for chrom, seq := range ref {
			h0, m0 := applyTruth(seq, chrom, truth, s, 0)
			h1, m1 := applyTruth(seq, chrom, truth, s, 1)
			haps[chrom], maps[chrom] = [2][]byte{h0, h1}, [2][]int{m0, m1}
		}
		for mate, path := range []string{sr.R1, sr.R2} {
			names, seqs, quals := readFASTQ(t, path)
			if len(names) == 0 {
				t.Fatalf("%s: no reads", path)
			}
			for i, name := range names {
				f := strings.Split(name, "_")
				chrom := strings.Join(f[:len(f)-9], "_")
				fields := f[len(f)-9:]
				p, _ := strconv.Atoi(fields[mate])
				strand := fields[2+mate]
				e, _ := strconv.Atoi(strings.Split(fields[6+mate], ":")[0])
				read := []byte(seqs[i])
				if strand == "1" {
					read = revComp(read)
				}
				if len(quals[i]) != len(read) {
					t.Fatalf("%s read %s: %d qualities for %d bases", path, name, len(quals[i]), len(read))
				}
				if !matchesHaplotype(read, haps[chrom], maps[chrom], p-1, e) {
					t.Fatalf("%s read %s does not come from %s:%d with %d errors", path, name, chrom, p, e)
				}
				bases += len(read)
				errs += e
				if mate == 0 {
					p2, _ := strconv.Atoi(fields[1])
					frags++
					fragSum += max(p, p2) + 100 - min(p, p2)
					if strand == "1" {
						rev1++
					}
				}
			}
		}
	}
	if rate := float64(errs) / float64(bases); rate < 0.003 || rate > 0.008 {
		t.Errorf("substitution rate %.4f, want about 0.005", rate)
	}
	if mean := float64(fragSum) / float64(frags); mean < 290 || mean > 310 {
		t.Errorf("mean fragment length %.1f, want about 300", mean)
	}
	if frac := float64(rev1) / float64(frags); frac < 0.4 || frac > 0.6 {
		t.Errorf("fraction of read 1 on the reverse strand %.2f, want about 0.5", frac)
	}
}

func matchesHaplotype(read []byte, haps [2][]byte, maps [2][]int, refPos, errs int) bool {
	for h := range 2 {
		start := maps[h][refPos]
		for d := -maxIndel; d <= maxIndel; d++ {
			s := start + d
			if s >= 0 && s+len(read) <= len(haps[h]) && mismatches(read, haps[h][s:s+len(read)]) == errs {
				return true
			}
		}
	}
	return false
}

func TestPlantedVariants(t *testing.T) {
	dir := t.TempDir()
	ds, err := Write(dir, smallConfig(3))
	if err != nil {
		t.Fatal(err)
	}
	_, ref := readFASTA(t, ds.Ref)
	truth := readTruth(t, ds.Truth)
	if len(truth) != len(ds.Variants) || len(truth) < 50 {
		t.Fatalf("%d truth records, %d variants", len(truth), len(ds.Variants))
	}
	var snp, indel, het, hom, homAll int
	for _, r := range truth {
		seq := ref[r.chrom]
		if len(r.ref) == 1 && len(r.alt) == 1 {
			snp++
		} else {
			indel++
			// Left-normalized: the last base of the inserted or deleted
			// stretch differs from the anchor base.
			long, short := r.ref, r.alt
			if len(r.alt) > len(r.ref) {
				long, short = r.alt, r.ref
			}
			if long[0] != short[0] || long[len(long)-1] == seq[r.pos-1] {
				t.Errorf("%s:%d %s>%s is not a left-normalized indel", r.chrom, r.pos, r.ref, r.alt)
			}
		}
		all := true
		for _, g := range r.gt {
			switch {
			case g[0] && g[1]:
				hom++
			case g[0] || g[1]:
				het++
				all = false
			default:
				all = false
			}
		}
		if all {
			homAll++
		}
	}
	if snp == 0 || indel == 0 || het == 0 || hom == 0 || homAll == 0 {
		t.Errorf("snp %d indel %d het %d hom %d hom-alt-in-all %d: every kind must occur", snp, indel, het, hom, homAll)
	}
	first := ref["chrT:101-30100"]
	if !bytes.Contains(first, bytes.Repeat([]byte("N"), 500)) || !bytes.Contains(first, bytes.Repeat([]byte("A"), 30)) {
		t.Error("reference lacks the N run or the homopolymer")
	}
	// The exact 1.5 kb duplicate: a 100-mer from it occurs twice.
	L := len(first)
	if seg := first[L/10 : L/10+100]; bytes.Count(first, seg) != 2 {
		t.Errorf("duplicated segment occurs %d times", bytes.Count(first, seg))
	}
}

func TestDeterministic(t *testing.T) {
	digest := func(seed uint64) []byte {
		dir := t.TempDir()
		ds, err := Write(dir, smallConfig(seed))
		if err != nil {
			t.Fatal(err)
		}
		var all []byte
		for _, p := range []string{ds.Ref, ds.Truth, ds.Reads[0].R1, ds.Reads[1].R2} {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	a, b, c := digest(11), digest(11), digest(12)
	if !bytes.Equal(a, b) {
		t.Error("same seed gave different files")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds gave the same files")
	}
}

func TestBadConfig(t *testing.T) {
	cfg := smallConfig(1)
	cfg.Contigs[1].Length = 500
	if _, err := Write(t.TempDir(), cfg); err == nil || !strings.Contains(err.Error(), "chrU") {
		t.Errorf("short contig: error %v", err)
	}
	cfg = smallConfig(1)
	if _, err := Write(filepath.Join(t.TempDir(), "missing"), cfg); err == nil {
		t.Error("missing folder accepted")
	}
}

// BenchmarkDemoData measures simulating the data set of `vole demo`.
func BenchmarkDemoData(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Write(dir, DemoConfig(1)); err != nil {
			b.Fatal(err)
		}
	}
}
