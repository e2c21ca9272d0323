package index

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// TestDamagedSections damages every section of a valid index file, a byte
// at a time at spread offsets, and recomputes the checksum: with the full
// check each file is refused as corrupt (or of another format version, the
// version being damaged) or gives the same hits and
// positions as the intact index (damage to a name, say); with the cheap
// checks only, lookups must still return, in range (exercise), and any
// damage they meet shows in Err.
func TestDamagedSections(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	body, good := savedBody(t, randomFASTA(rng, []int{5000, 40, 3000}, 0.01))
	probes := []string{"ACGTTGCA", "AAAA", "GATTACA", "CCGG"}
	// The sections after the contig table lie in the decoded buffer in file
	// order, the packed text first, so their offsets follow from the text's.
	base := textOffset(body, good)
	text := unsafe.Pointer(unsafe.SliceData(good.ref.text))
	type section struct {
		name   string
		lo, hi int
	}
	sections := []section{{"header", 8, 176}, {"contig table and runs", 176, base}}
	for _, s := range []struct {
		name string
		p    unsafe.Pointer
		n    int
	}{
		{"text", text, 8 * len(good.ref.text)},
		{"BWT", unsafe.Pointer(unsafe.SliceData(good.blocks)), 8 * len(good.blocks)},
		{"marks", unsafe.Pointer(unsafe.SliceData(good.sa.marks)), 8 * len(good.sa.marks)},
		{"ranks", unsafe.Pointer(unsafe.SliceData(good.sa.ranks)), 4 * len(good.sa.ranks)},
		{"samples", unsafe.Pointer(unsafe.SliceData(good.sa.samples)), 4 * len(good.sa.samples)},
		{"k-mer table", unsafe.Pointer(unsafe.SliceData(good.kmers.iv)), 4 * len(good.kmers.iv)},
	} {
		lo := base + int(uintptr(s.p)-uintptr(text))
		sections = append(sections, section{s.name, lo, lo + s.n})
	}
	want := hitsOf(good, probes)
	for _, full := range []bool{true, false} {
		if !full {
			defer func(n int64) { fullCheckLen = n }(fullCheckLen)
			fullCheckLen = 0
		}
		for _, s := range sections {
			refused := 0
			for k := 0; k < 24; k++ {
				off := s.lo + (s.hi-s.lo)*k/24 + rng.IntN(8)
				if off >= s.hi {
					continue
				}
				damaged := append([]byte(nil), body...)
				damaged[off] ^= byte(1 << rng.IntN(8))
				got, err := decode(sealed(damaged))
				switch {
				case err != nil && !strings.Contains(err.Error(), "corrupt") && !strings.Contains(err.Error(), "format version"):
					t.Errorf("%s, byte %d: %v, want a corrupt index", s.name, off, err)
				case err != nil:
					refused++
				case full:
					if h := hitsOf(got, probes); h != want {
						t.Errorf("%s, byte %d: loaded, and hits differ:\n%s\nwant\n%s", s.name, off, h, want)
					}
				default:
					exercise(t, got, []byte("ACGTTGCAAC"))
				}
			}
			t.Logf("full check %v: %s [%d,%d): %d of 24 refused", full, s.name, s.lo, s.hi, refused)
		}
	}
}

// textOffset returns where the packed text starts in an index file body:
// after the header and the contig table and runs of ix.
func textOffset(body []byte, ix *Index) int {
	off := 176
	for _, c := range ix.ref.Contigs {
		off += 24 + (len(c.Name)+7)&^7
	}
	return off + 16*len(ix.ref.runs)
}

// hitsOf returns the exact hits of the probes and every row's position,
// as text, and the index's Err.
func hitsOf(ix *Index, probes []string) string {
	var b strings.Builder
	for _, p := range probes {
		fmt.Fprintln(&b, p, ix.ExactHits(Encode(nil, []byte(p))))
	}
	all := ix.Locate(ix.Full(), -1, nil)
	slices.Sort(all)
	fmt.Fprintln(&b, len(all), all[0], all[len(all)-1], ix.Err())
	return b.String()
}

// TestMovedMarkReportedByErr moves a suffix-array mark to another row of
// its word, damage that keeps the ranks right: the full check refuses the
// file; without it, Load's cheap checks let it through, and locating every
// row still gives positions in the text while Err reports the damage (rows
// that LF steps took to the lost mark now pass it and find no sample in
// time).
func TestMovedMarkReportedByErr(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	body, good := savedBody(t, randomFASTA(rng, []int{6000}, 0))
	// The mark of a sampled row other than those checkSampledRows knows,
	// moved to an unmarked row of its word.
	w := len(good.sa.marks) / 2
	m := good.sa.marks[w]
	from := bits.TrailingZeros64(m &^ (1<<(good.primary&63) | 1))
	to := bits.TrailingZeros64(^m)
	if m == 0 || m == ^uint64(0) {
		t.Fatalf("mark word %d is %x: pick another", w, m)
	}
	at := textOffset(body, good) + int(uintptr(unsafe.Pointer(&good.sa.marks[w]))-uintptr(unsafe.Pointer(unsafe.SliceData(good.ref.text))))
	damaged := append([]byte(nil), body...)
	binary.LittleEndian.PutUint64(damaged[at:], m&^(1<<from)|1<<to)
	if _, err := decode(sealed(damaged)); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("full check: %v, want a corrupt index", err)
	}
	defer func(n int64) { fullCheckLen = n }(fullCheckLen)
	fullCheckLen = 0
	got, err := decode(sealed(damaged))
	if err != nil {
		t.Fatalf("the cheap checks refuse a moved mark (%v): the test no longer reaches Err", err)
	}
	for _, p := range got.Locate(got.Full(), -1, nil) {
		if p < 0 || p > got.n {
			t.Fatalf("located %d outside the text of %d", p, got.n)
		}
	}
	if err := got.Err(); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("Err after locating every row: %v", err)
	}
}

// savedBody builds the index of fasta, saves it and returns the file's
// bytes without the checksum (to damage and reseal) and the index they
// decode to.
func savedBody(t *testing.T, fasta string) ([]byte, *Index) {
	t.Helper()
	ix, fa := buildFromFASTA(t, fasta)
	if err := ix.Save(Path(fa)); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(Path(fa))
	if err != nil {
		t.Fatal(err)
	}
	body := file[:len(file)-8]
	good, err := decode(sealed(body))
	if err != nil {
		t.Fatal(err)
	}
	return body, good
}
