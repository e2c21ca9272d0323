package htsfile

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/bgzf"
	"github.com/biogo/hts/csi"
	"github.com/biogo/hts/sam"
)

// specReg2Bin is the SAM specification's reg2bin (section 5.3), written out
// for the BAI scheme.
func specReg2Bin(beg, end int) uint32 {
	end--
	switch {
	case beg>>14 == end>>14:
		return uint32(((1<<15)-1)/7 + (beg >> 14))
	case beg>>17 == end>>17:
		return uint32(((1<<12)-1)/7 + (beg >> 17))
	case beg>>20 == end>>20:
		return uint32(((1<<9)-1)/7 + (beg >> 20))
	case beg>>23 == end>>23:
		return uint32(((1<<6)-1)/7 + (beg >> 23))
	case beg>>26 == end>>26:
		return uint32(((1<<3)-1)/7 + (beg >> 26))
	}
	return 0
}

// TestReg2Bin: the general scheme agrees with the specification's formula
// for BAI's, and for deeper CSI schemes returns the bin of the lowest
// level whose window holds the interval (found by trying each level).
func TestReg2Bin(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for i := 0; i < 100000; i++ {
		beg := rng.IntN(MaxBAILength - 1)
		end := min(MaxBAILength, beg+1+rng.IntN(1<<(2+rng.IntN(26))))
		if got, want := reg2bin(beg, end, 14, 5), specReg2Bin(beg, end); got != want {
			t.Fatalf("reg2bin(%d, %d): %d, want %d", beg, end, got, want)
		}
		depth := 6 + rng.IntN(3)
		beg = rng.IntN(1 << (14 + 3*depth))
		end = beg + 1 + rng.IntN(1<<(2+rng.IntN(30)))
		end = min(end, 1<<(14+3*depth))
		want, first := uint32(0), 0
		for l := 0; l <= depth; l++ {
			shift := 14 + 3*(depth-l)
			if beg>>shift == (end-1)>>shift {
				want = uint32(first + beg>>shift)
			}
			first += 1 << (3 * l)
		}
		if got := reg2bin(beg, end, 14, depth); got != want {
			t.Fatalf("reg2bin(%d, %d, 14, %d): %d, want %d", beg, end, depth, got, want)
		}
	}
}

// TestCSIDepth: the depth covers the longest reference plus 256 and no
// smaller depth does, with samtools' values for common sizes.
func TestCSIDepth(t *testing.T) {
	for _, c := range []struct{ longest, want int }{
		{1000, 0}, {250_000_000, 5}, {MaxBAILength - 256, 5}, {MaxBAILength, 6}, {4_000_000_000, 6}, {5_000_000_000, 7},
	} {
		if got := CSIDepth(14, c.longest); got != c.want {
			t.Errorf("CSIDepth(14, %d) = %d, want %d", c.longest, got, c.want)
		}
	}
}

// TestCSI: a BAM with a reference longer than a BAI can address gets a CSI
// (and a stale .bai beside it is removed); biogo's CSI reader finds, for
// random regions including ones past 2^29, exactly the records a scan
// finds; samtools agrees when installed.
func TestCSI(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	h := testHeader(t, 700_000_000, 30000)
	recs := randomRecords(t, rng, h, 4000)
	for i, r := range recs[:1000] { // crowd the end of the long reference
		if r.Ref != nil && r.Ref.ID() == 0 {
			r.Pos = 699_000_000 + i*997
		}
	}
	tmp := t.TempDir()
	out := tmp + "/long.bam"
	if err := os.WriteFile(out+".bai", []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := NewSortedBAM(out, h, SortOptions{Threads: 2, TempDir: tmp})
	for _, r := range recs {
		if err := s.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out + ".bai"); err == nil {
		t.Error("stale .bai left beside a BAM indexed by .csi")
	}
	want := insertionSort(recs)
	data, index := readFiles(t, out, out+".csi")
	zr, err := bgzf.NewReader(bytes.NewReader(index), 1)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := csi.ReadFrom(zr)
	if err != nil {
		t.Fatal(err)
	}
	br, err := bam.NewReader(bytes.NewReader(data), 1)
	if err != nil {
		t.Fatal(err)
	}
	for q := 0; q < 300; q++ {
		ref := h.Refs()[rng.IntN(2)]
		beg := rng.IntN(ref.Len())
		if q%2 == 0 && ref.ID() == 0 {
			beg = MaxBAILength - 100000 + rng.IntN(ref.Len()-MaxBAILength+100000)
		}
		end := min(ref.Len(), beg+1+rng.IntN(2_000_000))
		wantN := countOverlaps(want, ref, beg, end)
		if got := countChunks(t, br, idx.Chunks(ref.ID(), beg, end), ref, beg, end); got != wantN {
			t.Fatalf("%s:%d-%d: %d records through the CSI, %d by scan", ref.Name(), beg, end, got, wantN)
		}
	}
	samtoolsCSI(t, out, want, h.Refs()[0])
}

// samtoolsCSI counts records in regions past 2^29 with samtools view,
// which reads the CSI, when samtools is installed.
func samtoolsCSI(t *testing.T, out string, want []*sam.Record, ref *sam.Reference) {
	if _, err := exec.LookPath("samtools"); err != nil {
		t.Skip("samtools not installed")
	}
	for _, region := range [][2]int{{699_000_001, 699_500_000}, {1, ref.Len()}, {MaxBAILength - 5000, MaxBAILength + 5000}} {
		wantN := countOverlaps(want, ref, region[0]-1, region[1])
		got, err := exec.Command("samtools", "view", "-c", out, fmt.Sprintf("%s:%d-%d", ref.Name(), region[0], region[1])).CombinedOutput()
		if err != nil {
			t.Fatalf("samtools view: %v %s", err, got)
		}
		if strings.TrimSpace(string(got)) != fmt.Sprint(wantN) {
			t.Errorf("samtools view -c %v: %s, want %d", region, got, wantN)
		}
	}
}
