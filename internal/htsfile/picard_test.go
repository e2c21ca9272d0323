package htsfile

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/biogo/hts/sam"
)

// sparseRecords makes n valid single-end records (what Picard accepts: read
// group, proper MAPQ, CIGAR within the contig) spread thinly over h's
// first reference, so that most records start a bin chunk and a 16 kb
// window of their own: every record that opens a BGZF block then lands in
// the index, where a non-canonical offset would show. A tenth are
// unplaced and unmapped.
func sparseRecords(t testing.TB, rng *rand.Rand, h *sam.Header, n int) []*sam.Record {
	t.Helper()
	ref := h.Refs()[0]
	rg, err := sam.NewAux(sam.NewTag("RG"), "g1")
	if err != nil {
		t.Fatal(err)
	}
	nm, err := sam.NewAux(sam.NewTag("NM"), 0)
	if err != nil {
		t.Fatal(err)
	}
	recs := make([]*sam.Record, n)
	for i := range recs {
		seq := make([]byte, 150)
		qual := make([]byte, 150)
		for j := range seq {
			seq[j], qual[j] = "ACGT"[rng.IntN(4)], byte(2+rng.IntN(39))
		}
		name := fmt.Sprintf("read%d", i)
		var r *sam.Record
		if i%10 == 9 {
			r, err = sam.NewRecord(name, nil, nil, -1, -1, 0, 0, nil, seq, qual, nil)
			r.Flags = sam.Unmapped
		} else {
			pos := rng.IntN(ref.Len() - 200)
			cigar := sam.Cigar{sam.NewCigarOp(sam.CigarMatch, 150)}
			r, err = sam.NewRecord(name, ref, nil, pos, -1, 0, byte(rng.IntN(61)), cigar, seq, qual, []sam.Aux{nm})
			if rng.IntN(2) == 0 {
				r.Flags |= sam.Reverse
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		r.AuxFields = append(r.AuxFields, rg)
		recs[i] = r
	}
	return recs
}

// picardHeader is a header with one read group, as Picard requires.
func picardHeader(t testing.TB, length int) *sam.Header {
	t.Helper()
	h := testHeader(t, length)
	rg, err := sam.NewReadGroup("g1", "", "", "", "", "ILLUMINA", "", "s1", "", "", time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.AddReadGroup(rg); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestCanonicalIndexOffsets reads the BAI back with a parser of its own and
// checks every virtual offset in it (chunk bounds, linear index, the
// pseudo-bin's span) against the BAM's blocks: the offset within a block
// is below the block's data size, so that it names a byte (an end may also
// be the end-of-file block's start). An offset (block, size) would fail.
func TestCanonicalIndexOffsets(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	h := picardHeader(t, 400_000_000)
	out := writeSorted(t, h, sparseRecords(t, rng, h, 30000), 2)
	data, bai := readFiles(t, out, out+".bai")
	blocks := splitBlocks(t, data)
	check := func(what string, v uint64, end bool) {
		t.Helper()
		b, ok := blocks[int64(v>>16)]
		switch {
		case end && v>>16 == uint64(len(data)-len(bgzfEOF)) && v&0xffff == 0:
		case !ok:
			t.Fatalf("%s %x: no block at %d", what, v, v>>16)
		case int(v&0xffff) >= len(b):
			t.Fatalf("%s %x: offset %d in a block of %d bytes", what, v, v&0xffff, len(b))
		}
	}
	idx := parseIndex(t, bai)
	n := 0
	for r, ref := range idx.refs {
		for bin, chunks := range ref.bins {
			for _, c := range chunks {
				what := fmt.Sprintf("ref %d bin %d chunk", r, bin)
				if bin == 37450 { // the pseudo-bin: a span, then counts
					check(what, c[0], false)
					check(what, c[1], true)
					break
				}
				check(what+" start", c[0], false)
				check(what+" end", c[1], true)
				n++
			}
		}
		for i, v := range ref.linear {
			check(fmt.Sprintf("ref %d linear index %d", r, i), v, false)
		}
	}
	if n < 1000 {
		t.Fatalf("only %d chunks in the index", n)
	}
}

// picardJar is where Debian's libpicard-java (pulled in by picard-tools)
// installs Picard.
const picardJar = "/usr/share/java/picard.jar"

// TestPicardValidatesIndex runs Picard's ValidateSamFile, with
// INDEX_VALIDATION_STRINGENCY=EXHAUSTIVE (htsjdk reads the first record of
// every chunk and at every linear index entry), on a sorted BAM of 100,000
// records whose index has thousands of entries at block starts. Skipped
// when Java or Picard is not installed.
func TestPicardValidatesIndex(t *testing.T) {
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("java not installed")
	}
	if _, err := os.Stat(picardJar); err != nil {
		t.Skip("Picard not installed (Debian: libpicard-java)")
	}
	if testing.Short() {
		t.Skip("-short: Picard takes several seconds")
	}
	rng := rand.New(rand.NewPCG(23, 24))
	h := picardHeader(t, 500_000_000)
	out := writeSorted(t, h, sparseRecords(t, rng, h, 100000), 2)
	cmd := exec.Command(java, "-jar", picardJar, "ValidateSamFile", "I="+out, "MODE=SUMMARY",
		"INDEX_VALIDATION_STRINGENCY=EXHAUSTIVE", "TMP_DIR="+filepath.Dir(out))
	msg, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(msg), "No errors found") {
		t.Fatalf("ValidateSamFile: %v\n%s", err, picardSummary(string(msg)))
	}
}

// picardSummary keeps the histogram and exception lines of Picard's output.
func picardSummary(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "ERROR") || strings.Contains(l, "WARNING:") || strings.Contains(l, "Exception") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
