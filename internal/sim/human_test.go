package sim

import (
	"bytes"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/vole-bio/vole/index"
)

// humanRun is a generated genome with its side outputs, parsed by the
// test's own readers.
type humanRun struct {
	fa, bed, alt, lib []byte
	names             []string
	seqs              map[string][]byte
	feats             []bedLine
	cons              map[string][]byte // library by name (before '#')
}

type bedLine struct {
	contig       string
	start, end   int
	name         string
	minus        bool
	class        string
	div          float64 // percent
	src          string
	from, to     int // 1-based inclusive source range
	tail         int
	strandLetter string
}

func generate(t *testing.T, o HumanOptions) *humanRun {
	t.Helper()
	var fa, bed, alt, lib bytes.Buffer
	o.Annotation, o.Alt, o.Library = &bed, &alt, &lib
	if _, err := HumanLike(&fa, o); err != nil {
		t.Fatal(err)
	}
	h := &humanRun{fa: fa.Bytes(), bed: bed.Bytes(), alt: alt.Bytes(), lib: lib.Bytes()}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	h.names, h.seqs = readFASTA(t, write("g.fa", h.fa))
	libNames, libSeqs := readFASTA(t, write("lib.fa", h.lib))
	h.cons = map[string][]byte{}
	for _, n := range libNames {
		h.cons[strings.SplitN(n, "#", 2)[0]] = libSeqs[n]
	}
	for _, line := range strings.Split(strings.TrimSpace(bed.String()), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 10 {
			t.Fatalf("BED line has %d fields: %q", len(f), line)
		}
		b := bedLine{contig: f[0], name: f[3], strandLetter: f[5], minus: f[5] == "-", class: f[6], src: f[8]}
		b.start, _ = strconv.Atoi(f[1])
		b.end, _ = strconv.Atoi(f[2])
		b.div, _ = strconv.ParseFloat(f[7], 64)
		b.tail, _ = strconv.Atoi(f[9])
		if i := strings.LastIndexByte(f[8], ':'); i >= 0 {
			b.src = f[8][:i]
			fmt := strings.Split(f[8][i+1:], "-")
			b.from, _ = strconv.Atoi(fmt[0])
			b.to, _ = strconv.Atoi(fmt[1])
		}
		h.feats = append(h.feats, b)
	}
	return h
}

// editDistance is the unit-cost edit distance of a and b, by the textbook
// dynamic programme restricted to a diagonal band (cells outside count as
// infinite, so the result is exact whenever the best path stays inside).
func editDistance(a, b []byte, band int) int {
	const inf = math.MaxInt32 / 2
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = inf
		if j <= band {
			prev[j] = j
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-band), min(len(b), i+band)
		cur[lo-1] = inf // the cell left of the band (column 0: i deletions)
		if lo == 1 && i <= band {
			cur[0] = i
		}
		for j := lo; j <= hi; j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		if hi < len(b) {
			cur[hi+1] = inf // read by the next row as the cell above
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func revcomp(s []byte) []byte {
	out := append([]byte(nil), s...)
	reverseComplement(out)
	return out
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"ACGT", "ACGT", 0}, {"ACGT", "AGGT", 1}, {"ACGT", "ACT", 1}, {"ACGT", "ACGGT", 1}, {"", "AC", 2}, {"KITTEN", "SITTING", 3}} {
		if d := editDistance([]byte(c.a), []byte(c.b), 8); d != c.d {
			t.Errorf("editDistance(%s, %s) = %d, want %d", c.a, c.b, d, c.d)
		}
	}
}

const testSize = 8_000_000

// TestHumanLikeProportions checks the shares of each class against the
// requested ones, and the annotation against the sequence itself: N exactly
// where gaps are annotated, the stated divergence against an alignment of
// each sampled copy to its consensus or source.
func TestHumanLikeProportions(t *testing.T) {
	o := DefaultHumanOptions(testSize, 3)
	o.Alts = 6
	h := generate(t, o)

	wantContigs := 24 + testSize/1_000_000 + o.Alts
	if len(h.names) != wantContigs {
		t.Errorf("%d contigs, want %d", len(h.names), wantContigs)
	}
	total, primary, gcBases, acgt, nBases := 0, 0, 0, 0, 0
	for _, n := range h.names {
		s := h.seqs[n]
		total += len(s)
		if strings.HasSuffix(n, "_alt") {
			continue
		}
		primary += len(s)
		for _, b := range s {
			switch b {
			case 'G', 'C':
				gcBases++
				acgt++
			case 'A', 'T':
				acgt++
			case 'N':
				nBases++
			default:
				t.Fatalf("%s: unexpected base %q without soft-masking", n, b)
			}
		}
	}
	if math.Abs(float64(total-testSize)) > 0.001*testSize {
		t.Errorf("%d bases, want %d", total, testSize)
	}
	if gc := float64(gcBases) / float64(acgt); gc < 0.39 || gc > 0.43 {
		t.Errorf("G+C %.3f, want about 0.41", gc)
	}

	// N only where gaps are annotated, and everywhere they are.
	isGap := map[string][]bool{}
	share := map[string]int{}
	for _, f := range h.feats {
		if strings.HasSuffix(f.contig, "_alt") {
			continue
		}
		share[strings.SplitN(f.class, "/", 2)[0]] += f.end - f.start
		if f.class == "gap" {
			if isGap[f.contig] == nil {
				isGap[f.contig] = make([]bool, len(h.seqs[f.contig]))
			}
			for i := f.start; i < f.end; i++ {
				isGap[f.contig][i] = true
			}
		}
	}
	for n, s := range h.seqs {
		if strings.HasSuffix(n, "_alt") {
			continue
		}
		for i, b := range s {
			if gap := isGap[n] != nil && isGap[n][i]; gap != (b == 'N') {
				t.Fatalf("%s:%d: base %c, annotated gap %v", n, i+1, b, gap)
			}
		}
	}
	for _, c := range []struct {
		class  string
		want   float64
		lo, hi float64
	}{
		{"SINE", o.Alu, 0.08, 0.12}, {"LINE", o.L1, 0.14, 0.20}, {"LTR", o.LTR, 0.06, 0.10},
		{"DNA", o.DNA, 0.02, 0.04}, {"Simple_repeat", o.Microsat, 0.02, 0.04},
		{"Satellite", o.Satellite, 0.015, 0.045}, {"segdup", o.SegDup, 0.025, 0.075}, {"gap", o.N, 0.04, 0.06},
	} {
		if f := float64(share[c.class]) / float64(primary); f < c.lo || f > c.hi {
			t.Errorf("%s: %.3f of the genome, want %.2f (%.3f-%.3f)", c.class, f, c.want, c.lo, c.hi)
		}
	}
	checkCopies(t, h)
	checkAlts(t, h, o.Alts)
}

// checkCopies aligns sampled planted copies to their consensus (repeats) or
// source (segmental duplications) and compares the edit distance with the
// annotated divergence.
func checkCopies(t *testing.T, h *humanRun) {
	seen := map[string]int{}
	for _, f := range h.feats {
		var src []byte
		switch {
		case strings.HasPrefix(f.class, "SINE") || strings.HasPrefix(f.class, "LINE") ||
			strings.HasPrefix(f.class, "LTR") || strings.HasPrefix(f.class, "DNA"):
			src = h.cons[f.src][f.from-1 : f.to]
		case f.class == "segdup":
			src = h.seqs[f.src][f.from-1 : f.to]
		case f.class == "Simple_repeat":
			checkMicrosat(t, h, f)
			continue
		default:
			continue
		}
		if seen[f.class]++; seen[f.class] > 150 {
			continue
		}
		cp := h.seqs[f.contig][f.start:f.end]
		if f.minus {
			cp = revcomp(cp)
		}
		if tail := cp[len(cp)-f.tail:]; bytes.Count(tail, []byte("A")) < len(tail)*2/3 {
			t.Errorf("%s:%d %s: tail %s is not A-rich", f.contig, f.start, f.name, tail)
		}
		cp = cp[:len(cp)-f.tail]
		planted := f.div * float64(len(src)) / 100
		slack := 0.00005*float64(len(src)) + 0.5 // the BED's two decimals
		got := float64(editDistance(src, cp, 80))
		// Planted edits can cancel or merge, never add up to more.
		if got > planted+slack || got < 0.8*planted-slack-1 {
			t.Errorf("%s:%d-%d %s (%s): edit distance %.0f from its source, annotated %.1f (%.2f%%)",
				f.contig, f.start, f.end, f.name, f.class, got, planted, f.div)
		}
		if f.name == "SD" && (f.div < 0.3 || f.div > 3.5) || f.class == "SINE/Alu" && (f.div < 2 || f.div > 20) {
			t.Errorf("%s %s: divergence %.2f%% out of range", f.contig, f.name, f.div)
		}
	}
	for _, c := range []string{"SINE/Alu", "LINE/L1", "segdup"} {
		if seen[c] == 0 {
			t.Errorf("no %s copies planted", c)
		}
	}
}

// checkMicrosat compares a microsatellite with pure repeats of the unit
// its name gives: the planted edits (and the length they changed) bound the
// edit distance.
func checkMicrosat(t *testing.T, h *humanRun, f bedLine) {
	unit := strings.TrimSuffix(strings.TrimPrefix(f.name, "("), ")n")
	seq := h.seqs[f.contig][f.start:f.end]
	pure := []byte(strings.Repeat(unit, len(seq)/len(unit)+1)[:len(seq)])
	planted := f.div * float64(len(seq)) / 100
	if d := float64(editDistance(pure, seq, 20)); d > 2*planted+2 {
		t.Errorf("%s:%d %s: %s is %.0f edits from pure repeats, annotated %.1f", f.contig, f.start, f.name, seq, d, planted)
	}
}

// checkAlts checks the .alt file: @SQ lines for every contig with its
// length, one record per alt contig named as in the FASTA, and a CIGAR and
// NM that replay the alt contig against its primary region.
func checkAlts(t *testing.T, h *humanRun, n int) {
	records := 0
	for _, line := range strings.Split(strings.TrimSpace(string(h.alt)), "\n") {
		f := strings.Split(line, "\t")
		if f[0] == "@SQ" {
			name := strings.TrimPrefix(f[1], "SN:")
			if l, _ := strconv.Atoi(strings.TrimPrefix(f[2], "LN:")); l != len(h.seqs[name]) {
				t.Errorf("@SQ %s LN %d, FASTA has %d", name, l, len(h.seqs[name]))
			}
			continue
		}
		records++
		if len(f) < 12 || !strings.HasSuffix(f[0], "_alt") || h.seqs[f[0]] == nil {
			t.Fatalf("alt record %q", line)
		}
		alt := h.seqs[f[0]]
		if f[1] == "16" {
			alt = revcomp(alt)
		}
		ref := h.seqs[f[2]]
		pos, _ := strconv.Atoi(f[3])
		r, q, edits := pos-1, 0, 0
		for c := f[5]; c != ""; {
			i := strings.IndexAny(c, "MID")
			k, _ := strconv.Atoi(c[:i])
			switch c[i] {
			case 'M':
				for j := range k {
					if ref[r+j] != alt[q+j] {
						edits++
					}
				}
				r, q = r+k, q+k
			case 'I':
				q, edits = q+k, edits+k
			case 'D':
				r, edits = r+k, edits+k
			}
			c = c[i+1:]
		}
		if q != len(alt) || f[11] != "NM:i:"+strconv.Itoa(edits) {
			t.Errorf("%s: CIGAR covers %d of %d bases, %d edits, tag %s", f[0], q, len(alt), edits, f[11])
		}
		if d := float64(edits) / float64(r-pos+1); d < 0.0005 || d > 0.015 {
			t.Errorf("%s: divergence %.4f from %s, want 0.1-1%%", f[0], d, f[2])
		}
	}
	if records != n {
		t.Errorf("%d alt records, want %d", records, n)
	}
}

func TestHumanLikeDeterministic(t *testing.T) {
	o := DefaultHumanOptions(1_000_000, 5)
	o.Alts = 2
	a, b := generate(t, o), generate(t, o)
	for _, p := range [][2][]byte{{a.fa, b.fa}, {a.bed, b.bed}, {a.alt, b.alt}, {a.lib, b.lib}} {
		if !bytes.Equal(p[0], p[1]) {
			t.Fatal("same options gave different output")
		}
	}
	o.Seed = 6
	if c := generate(t, o); bytes.Equal(c.fa, a.fa) || bytes.Equal(c.lib, a.lib) {
		t.Error("different seeds gave the same genome")
	}
	// Soft-masking changes the case only, and lower-cases what is annotated
	// as a repeat (and the copies of it that duplications carry).
	o.Seed, o.SoftMask = 5, true
	m := generate(t, o)
	if !bytes.Equal(m.bed, a.bed) || len(m.names) != len(a.names) {
		t.Fatal("soft-masking changed the annotation")
	}
	for _, n := range a.names {
		if !bytes.Equal(bytes.ToUpper(m.seqs[n]), a.seqs[n]) {
			t.Fatalf("%s: soft-masking changed more than the case", n)
		}
	}
	masked := map[string][]bool{}
	for _, f := range m.feats {
		if f.class == "gap" || f.class == "alt" {
			continue
		}
		if masked[f.contig] == nil {
			masked[f.contig] = make([]bool, len(m.seqs[f.contig]))
		}
		for i := f.start; i < f.end; i++ {
			masked[f.contig][i] = true
		}
		if f.class == "segdup" {
			continue
		}
		if s := m.seqs[f.contig][f.start:f.end]; !bytes.Equal(s, bytes.ToLower(s)) {
			t.Fatalf("%s:%d-%d %s not lower case", f.contig, f.start, f.end, f.name)
		}
	}
	stray, lower := 0, 0
	for n, s := range m.seqs {
		for i, c := range s {
			if c >= 'a' {
				lower++
				if !strings.HasSuffix(n, "_alt") && (masked[n] == nil || !masked[n][i]) {
					stray++ // a target-site duplication of a masked base
				}
			}
		}
	}
	if lower == 0 || stray > lower/500 {
		t.Errorf("%d lower-case bases, %d outside annotated repeats", lower, stray)
	}
}

// heapProbe is a writer that discards its input and records the live heap
// every 2 MB written.
type heapProbe struct {
	n, peak uint64
}

func (p *heapProbe) Write(b []byte) (int, error) {
	if p.n/(2<<20) != (p.n+uint64(len(b)))/(2<<20) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		p.peak = max(p.peak, ms.HeapAlloc)
	}
	p.n += uint64(len(b))
	return len(b), nil
}

// TestHumanLikeStreams checks that the live heap does not grow with the
// genome: a genome eight times larger may hold only the bounded
// segmental-duplication pool and buffers more.
func TestHumanLikeStreams(t *testing.T) {
	peak := func(size int) uint64 {
		o := DefaultHumanOptions(size, 9)
		o.PoolBytes = 2 << 20
		var p heapProbe
		o.Annotation = &heapProbe{}
		if _, err := HumanLike(&p, o); err != nil {
			t.Fatal(err)
		}
		return p.peak
	}
	small, large := peak(4_000_000), peak(32_000_000)
	if large > small+6<<20 {
		t.Errorf("live heap %d MB at 32 Mb against %d MB at 4 Mb: the generator holds the genome", large>>20, small>>20)
	}
}

// TestHumanLikeReadable reads a genome with vole's own FASTA reader and,
// when installed, samtools faidx.
func TestHumanLikeReadable(t *testing.T) {
	o := DefaultHumanOptions(MinHumanSize*3, 2)
	o.Contigs, o.Alts, o.SoftMask = 60, 3, true
	var fa bytes.Buffer
	sum, err := HumanLike(&fa, o)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "g.fa")
	if err := os.WriteFile(path, fa.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	names, seqs := readFASTA(t, path)
	ref, err := index.ReadFASTA(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(ref.Contigs) != 63 || sum.Contigs != 63 || sum.Alts != 3 || int(ref.TextLen()) != sum.Bases {
		t.Fatalf("vole reads %d contigs, %d bases; summary %+v", len(ref.Contigs), ref.TextLen(), sum)
	}
	for i, c := range ref.Contigs {
		if c.Name != names[i] || c.Length != len(seqs[names[i]]) {
			t.Fatalf("contig %d: vole reads %s of %d", i, c.Name, c.Length)
		}
	}
	if _, err := exec.LookPath("samtools"); err != nil {
		t.Skip("samtools not installed")
	}
	if out, err := exec.Command("samtools", "faidx", path).CombinedOutput(); err != nil {
		t.Fatalf("samtools faidx: %v: %s", err, out)
	}
	fai, err := os.ReadFile(path + ".fai")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(fai)), "\n")
	for i, l := range lines {
		f := strings.Split(l, "\t")
		if f[0] != names[i] || f[1] != strconv.Itoa(len(seqs[names[i]])) {
			t.Fatalf("samtools faidx line %d: %q", i, l)
		}
	}
}

func TestHumanOptionsRejected(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*HumanOptions)
	}{
		{"too small", func(o *HumanOptions) { o.Size = MinHumanSize - 1 }},
		{"fractions over 0.9", func(o *HumanOptions) { o.Alu, o.L1 = 0.5, 0.3 }},
		{"negative fraction", func(o *HumanOptions) { o.Microsat = -0.1 }},
		{"fraction of 1", func(o *HumanOptions) { o.N = 1 }},
		{"too many contigs", func(o *HumanOptions) { o.Contigs = 100_000 }},
		{"too many alts", func(o *HumanOptions) { o.Alts = 50_000 }},
		{"negative pool", func(o *HumanOptions) { o.PoolBytes = -1 }},
	} {
		o := DefaultHumanOptions(1_000_000, 1)
		c.edit(&o)
		var out bytes.Buffer
		if _, err := HumanLike(&out, o); err == nil || out.Len() > 0 {
			t.Errorf("%s: err %v, %d bytes written", c.name, err, out.Len())
		}
	}
}

// TestContigCount checks the automatic and requested contig counts and the
// GRCh38-like order of sizes.
func TestContigCount(t *testing.T) {
	for _, c := range []struct{ size, contigs, want int }{
		{2_000_000, 0, 26}, {2_000_000, 300, 300}, {1_000_000, 5, 5},
	} {
		o := DefaultHumanOptions(c.size, 4)
		o.Contigs = c.contigs
		h := generate(t, o)
		if len(h.names) != c.want {
			t.Errorf("size %d, contigs %d: %d contigs, want %d", c.size, c.contigs, len(h.names), c.want)
		}
		if len(h.seqs["chr1"]) <= len(h.seqs["chr2"]) || h.names[len(h.names)-1] == "chr1" && c.want > 1 {
			t.Errorf("chr1 %d bases, chr2 %d", len(h.seqs["chr1"]), len(h.seqs["chr2"]))
		}
	}
}

// BenchmarkHumanLike measures generation speed (bytes are FASTA bases).
func BenchmarkHumanLike(b *testing.B) {
	o := DefaultHumanOptions(20_000_000, 1)
	o.Annotation = io.Discard
	b.SetBytes(int64(o.Size))
	for b.Loop() {
		if _, err := HumanLike(io.Discard, o); err != nil {
			b.Fatal(err)
		}
	}
}
