package htsfile

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"testing"
)

// parsedIndex is a BAI or CSI read back by parseIndex.
type parsedIndex struct {
	refs   []parsedRef
	noCoor uint64
}

// parsedRef is one reference's bins (chunks as virtual offsets; the
// pseudo-bin's second "chunk" holds the mapped and unmapped counts), CSI
// loffsets and BAI linear index.
type parsedRef struct {
	bins   map[uint32][][2]uint64
	loff   map[uint32]uint64
	linear []uint64
}

// parseIndex reads a BAI, or a CSI (BGZF-compressed), as the SAM/BAM and
// CSIv1 specifications lay them out.
func parseIndex(t testing.TB, b []byte) parsedIndex {
	t.Helper()
	if IsBGZF(b) {
		b = inflate(t, b)
	}
	le := binary.LittleEndian
	p := 4
	u32 := func() uint32 { v := le.Uint32(b[p:]); p += 4; return v }
	u64 := func() uint64 { v := le.Uint64(b[p:]); p += 8; return v }
	csi := string(b[:4]) == "CSI\x01"
	if !csi && string(b[:4]) != "BAI\x01" {
		t.Fatalf("not a BAI or CSI: %q", b[:4])
	}
	if csi {
		u32() // min_shift
		u32() // depth
		p += int(u32())
	}
	var idx parsedIndex
	nref := int(u32())
	for r := 0; r < nref; r++ {
		ref := parsedRef{bins: map[uint32][][2]uint64{}, loff: map[uint32]uint64{}}
		nbin := int(u32())
		for i := 0; i < nbin; i++ {
			bin := u32()
			if csi {
				ref.loff[bin] = u64()
			}
			nchunk := int(u32())
			for c := 0; c < nchunk; c++ {
				ref.bins[bin] = append(ref.bins[bin], [2]uint64{u64(), u64()})
			}
		}
		if !csi {
			nintv := int(u32())
			for i := 0; i < nintv; i++ {
				ref.linear = append(ref.linear, u64())
			}
		}
		idx.refs = append(idx.refs, ref)
	}
	if p+8 <= len(b) {
		idx.noCoor = u64()
	}
	return idx
}

// TestIndexAgainstSamtools: on a dense and a sparse BAM (BAI) and on one
// with a reference past 2^29 (CSI), samtools index writes the same bins
// with the same chunks, pseudo-bins and unplaced count as ours. Linear
// index entries and CSI loffsets may differ only by ours being earlier:
// samtools (htslib 1.16) fills a window no mapped read overlaps from the
// window after, vole from the one before and counts unmapped placed reads.
// Skipped without samtools.
func TestIndexAgainstSamtools(t *testing.T) {
	if _, err := exec.LookPath("samtools"); err != nil {
		t.Skip("samtools not installed")
	}
	rng := rand.New(rand.NewPCG(61, 62))
	for _, c := range []struct {
		name    string
		lengths []int
		n       int
	}{{"dense", []int{300_000, 40000}, 6000}, {"sparse", []int{50_000_000, 30000}, 3000}, {"csi", []int{700_000_000, 30000}, 6000}} {
		h := testHeader(t, c.lengths...)
		out := writeSorted(t, h, randomRecords(t, rng, h, c.n), 2)
		ours := IndexPath(out, h)
		args := []string{"index", "-o", out + ".samtools"}
		if c.name == "csi" {
			args = append(args, "-c")
		}
		if msg, err := exec.Command("samtools", append(args, out)...).CombinedOutput(); err != nil {
			t.Fatalf("%s: samtools index: %v %s", c.name, err, msg)
		}
		a, b := readFiles(t, ours, out+".samtools")
		if err := compareIndexes(parseIndex(t, a), parseIndex(t, b)); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// compareIndexes checks ours against htslib's as TestIndexAgainstSamtools
// says.
func compareIndexes(ours, theirs parsedIndex) error {
	if ours.noCoor != theirs.noCoor || len(ours.refs) != len(theirs.refs) {
		return fmt.Errorf("unplaced %d, %d references; samtools %d, %d", ours.noCoor, len(ours.refs), theirs.noCoor, len(theirs.refs))
	}
	for r := range ours.refs {
		o, s := ours.refs[r], theirs.refs[r]
		if len(o.bins) != len(s.bins) {
			return fmt.Errorf("ref %d: %d bins, samtools %d", r, len(o.bins), len(s.bins))
		}
		for bin, chunks := range o.bins {
			if fmt.Sprint(chunks) != fmt.Sprint(s.bins[bin]) {
				return fmt.Errorf("ref %d bin %d: chunks %v, samtools %v", r, bin, chunks, s.bins[bin])
			}
			if o.loff[bin] > s.loff[bin] {
				return fmt.Errorf("ref %d bin %d: loffset %x after samtools' %x", r, bin, o.loff[bin], s.loff[bin])
			}
		}
		if len(o.linear) < len(s.linear) {
			return fmt.Errorf("ref %d: %d linear index entries, samtools %d", r, len(o.linear), len(s.linear))
		}
		for i, v := range s.linear {
			if o.linear[i] > v {
				return fmt.Errorf("ref %d: linear index %d is %x, after samtools' %x", r, i, o.linear[i], v)
			}
		}
	}
	return nil
}
