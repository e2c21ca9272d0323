package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// alignFixture writes a random 6 kb reference and reads cut from it.
type alignFixture struct {
	dir, ref string
	genome   []byte
}

func newAlignFixture(t *testing.T) *alignFixture {
	t.Helper()
	rng := rand.New(rand.NewPCG(21, 22))
	g := make([]byte, 6000)
	for i := range g {
		g[i] = "ACGT"[rng.IntN(4)]
	}
	f := &alignFixture{dir: t.TempDir(), genome: g}
	f.ref = f.write(t, "ref.fa", ">chrT\n"+string(g)+"\n")
	return f
}

func (f *alignFixture) write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(f.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fq is a FASTQ record of the genome's bases [pos, pos+n).
func (f *alignFixture) fq(name string, pos, n int) string {
	return fmt.Sprintf("@%s\n%s\n+\n%s\n", name, f.genome[pos:pos+n], strings.Repeat("F", n))
}

func TestAlignCommand(t *testing.T) {
	f := newAlignFixture(t)
	reads := f.write(t, "r.fq", f.fq("a", 100, 80)+f.fq("b", 2500, 90))
	out, errOut, code := runVole(t, "align", "-t", "2", "-R", `@RG\tID:g1\tSM:s1`, f.ref, reads)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "building index") {
		t.Errorf("stderr does not say the index was built: %q", errOut)
	}
	if !strings.Contains(errOut, "vole align: 2 reads aligned in ") {
		t.Errorf("stderr (not a terminal) has no progress line: %q", errOut)
	}
	if _, errOut, _ := runVole(t, "align", "-q", f.ref, reads); errOut != "" {
		t.Errorf("-q: stderr %q", errOut)
	}
	for _, want := range []string{"@HD\tVN:1.6\tSO:unsorted\n", "@SQ\tSN:chrT\tLN:6000\n", "@RG\tID:g1\tSM:s1\n", "@PG\tID:vole", "\tVN:" + version + "\n", "\na\t0\tchrT\t101\t60\t80M\t*\t0\t0\t", "\nb\t0\tchrT\t2501\t60\t90M\t", "\tNM:i:0\tMD:Z:80\tAS:i:80\tRG:Z:g1\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	bamPath := filepath.Join(f.dir, "out.bam")
	if _, errOut, code := runVole(t, "align", "-q", "-o", bamPath, f.ref, reads); code != 0 || errOut != "" {
		t.Fatalf("bam -q: exit %d, stderr %q", code, errOut)
	}
	for _, p := range []string{bamPath, bamPath + ".bai"} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

// TestAlignLongRead: reads longer than the genome are not an error: one
// holding the whole genome between junk aligns with both ends clipped, one
// of junk is written unmapped, and both are counted on stderr.
func TestAlignLongRead(t *testing.T) {
	f := newAlignFixture(t)
	junk := strings.Repeat("GATTACA", 60)
	whole := junk + string(f.genome) + junk
	long := strings.Repeat("A", 6001)
	reads := f.write(t, "long.fq", "@whole\n"+whole+"\n+\n"+strings.Repeat("F", len(whole))+"\n"+
		"@junk\n"+long+"\n+\n"+strings.Repeat("F", len(long))+"\n"+f.fq("short", 100, 80))
	out, errOut, code := runVole(t, "align", "-t", "2", f.ref, reads)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"\nwhole\t0\tchrT\t1\t60\t420S6000M420S\t", "\njunk\t4\t*\t0\t0\t*\t", "\nshort\t0\tchrT\t101\t60\t80M\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.Contains(errOut, "2 reads longer than the longest contig") {
		t.Errorf("stderr does not count the long reads: %q", errOut)
	}
}

// gzipped returns text gzip-compressed.
func gzipped(text string) string {
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	z.Write([]byte(text))
	z.Close()
	return b.String()
}

func TestAlignCommandBadInput(t *testing.T) {
	f := newAlignFixture(t)
	good := f.fq("r1", 10, 50) + f.fq("r2", 200, 50) + f.fq("r3", 400, 50)
	gz := gzipped(good)
	cases := []struct {
		name  string
		files map[string]string // file name -> content, aligned in name order
		want  string
	}{
		{"lengths", map[string]string{"a.fq": good + "@r4\nACGT\n+\nFFF\n"}, "a.fq: record 4: sequence and quality have different lengths"},
		{"plus", map[string]string{"a.fq": good + "@r4\nACGT\nFFFF\n"}, "a.fq: record 4: expected the '+' line"},
		{"truncated", map[string]string{"a.fq": good + "@r4\nACGT\n+\n"}, "a.fq: record 4: truncated record"},
		{"gzip", map[string]string{"a.fq.gz": gz[:len(gz)-12]}, "a.fq.gz: truncated gzip"},
		{"counts", map[string]string{"a.fq": good, "b.fq": good + f.fq("r4", 500, 50)}, "b.fq: record 4: more reads than the mate file"},
		{"fewer", map[string]string{"a.fq": good, "b.fq": f.fq("r1", 10, 50)}, "a.fq: record 2: more reads than the mate file"},
		{"names", map[string]string{"a.fq": good, "b.fq": f.fq("r1", 10, 50) + f.fq("x2", 200, 50)}, "b.fq: record 2: read names do not pair"},
		{"iupac", map[string]string{"a.fq": good + "@r4\nACGJ\n+\nFFFF\n"}, "a.fq: record 4: invalid base 'J'"},
		{"empty", map[string]string{"a.fq": good + "@r4\n\n+\n\n"}, "a.fq: record 4: empty read"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			var paths []string
			for _, name := range []string{"a.fq", "a.fq.gz", "b.fq"} {
				if content, ok := c.files[name]; ok {
					p := filepath.Join(dir, name)
					os.WriteFile(p, []byte(content), 0o644)
					paths = append(paths, p)
				}
			}
			outPath := filepath.Join(dir, "out.sam")
			args := append([]string{"align", "-t", "2", "-o", outPath, f.ref}, paths...)
			_, errOut, code := runVole(t, args...)
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			last := lines[len(lines)-1]
			if code == 0 || !strings.Contains(last, c.want) || !strings.HasPrefix(last, "vole: ") {
				t.Errorf("exit %d, stderr %q, want a line containing %q", code, errOut, c.want)
			}
			for _, name := range folderFiles(t, outPath) {
				if strings.HasPrefix(name, "out") || strings.HasPrefix(name, ".out") {
					t.Errorf("output file %s left behind", name)
				}
			}
		})
	}
}

// TestAlignOutputRefused: an output name whose format vole does not write
// is refused before any work: no index is built, no file is left.
func TestAlignOutputRefused(t *testing.T) {
	f := newAlignFixture(t)
	reads := f.write(t, "a.fq", f.fq("r1", 10, 50))
	for _, name := range []string{"out.cram", "out.txt"} {
		out := filepath.Join(f.dir, name)
		_, errOut, code := runVole(t, "align", "-o", out, f.ref, reads)
		if code == 0 || !strings.Contains(errOut, out) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q", name, code, errOut)
		}
		for _, left := range folderFiles(t, out) {
			if strings.Contains(left, ".vole") || strings.Contains(left, "out") {
				t.Errorf("%s: %s written", name, left)
			}
		}
	}
}

// TestAlignStaleIndex: an index built from another FASTA is refused.
func TestAlignStaleIndex(t *testing.T) {
	f := newAlignFixture(t)
	reads := f.write(t, "r.fq", f.fq("a", 100, 80))
	if _, errOut, code := runVole(t, "align", f.ref, reads); code != 0 {
		t.Fatal(errOut)
	}
	other := strings.Replace(string(f.genome), "ACGT", "TTTT", 1)
	f.write(t, "ref.fa", ">chrT\n"+other+"\n")
	_, errOut, code := runVole(t, "align", f.ref, reads)
	if code == 0 || !strings.Contains(errOut, "ref.fa") {
		t.Fatalf("stale index: exit %d, stderr %q", code, errOut)
	}
}
