package htsfile

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/biogo/hts/sam"
)

// testHeader returns a coordinate-sorted header with contigs of the given
// lengths, named c1, c2, ...
func testHeader(t testing.TB, lengths ...int) *sam.Header {
	t.Helper()
	var refs []*sam.Reference
	for i, n := range lengths {
		r, err := sam.NewReference(fmt.Sprintf("c%d", i+1), "", "", n, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	h, err := sam.NewHeader(nil, refs)
	if err != nil {
		t.Fatal(err)
	}
	h.SortOrder = sam.Coordinate
	return h
}

// randomRecords makes n records on h's references: mapped ones with CIGARs
// of M, I, D, S and N operations (some long enough to cross 16 kb windows
// and bins), unmapped ones placed at a mapped mate's position, and unplaced
// ones; with tags of several types.
func randomRecords(t testing.TB, rng *rand.Rand, h *sam.Header, n int) []*sam.Record {
	t.Helper()
	refs := h.Refs()
	var recs []*sam.Record
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("r%d", i)
		length := 20 + rng.IntN(130)
		seq := make([]byte, length)
		qual := make([]byte, length)
		for j := range seq {
			seq[j], qual[j] = "ACGTN"[rng.IntN(5)], byte(2+rng.IntN(40))
		}
		var r *sam.Record
		var err error
		switch k := rng.IntN(10); {
		case k == 0: // unplaced
			r, err = sam.NewRecord(name, nil, nil, -1, -1, 0, 0, nil, seq, qual, nil)
			r.Flags = sam.Unmapped
		default:
			ref := refs[rng.IntN(len(refs))]
			pos := rng.IntN(ref.Len() - 1)
			var cigar sam.Cigar
			if k == 1 { // unmapped, placed with its mate
				r, err = sam.NewRecord(name, ref, ref, pos, pos, 0, 0, nil, seq, qual, nil)
				r.Flags = sam.Unmapped | sam.Paired
				break
			}
			cigar = randomCigar(rng, length)
			r, err = sam.NewRecord(name, ref, nil, pos, -1, 0, byte(rng.IntN(61)), cigar, seq, qual, nil)
			if rng.IntN(2) == 0 {
				r.Flags |= sam.Reverse
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []any{rng.IntN(5), "10A5^AC3", 'x', float32(rng.Float64())} {
			aux, err := sam.NewAux(sam.NewTag(fmt.Sprintf("X%d", rng.IntN(9))), v)
			if err != nil {
				t.Fatal(err)
			}
			r.AuxFields = append(r.AuxFields, aux)
		}
		recs = append(recs, r)
	}
	return recs
}

// randomCigar returns a CIGAR consuming length query bases; one in twenty
// has a long skip (N) that spans windows and bins.
func randomCigar(rng *rand.Rand, length int) sam.Cigar {
	var c sam.Cigar
	left := length
	if s := rng.IntN(10); s < 3 && left > s+10 {
		c = append(c, sam.NewCigarOp(sam.CigarSoftClipped, s+1))
		left -= s + 1
	}
	for left > 0 {
		m := min(left, 1+rng.IntN(60))
		c = append(c, sam.NewCigarOp(sam.CigarMatch, m))
		left -= m
		if left == 0 {
			break
		}
		switch rng.IntN(6) {
		case 0:
			ins := min(left-1, 1+rng.IntN(3))
			if ins > 0 {
				c = append(c, sam.NewCigarOp(sam.CigarInsertion, ins))
				left -= ins
			}
		case 1:
			c = append(c, sam.NewCigarOp(sam.CigarDeletion, 1+rng.IntN(4)))
		case 2:
			if rng.IntN(20) == 0 {
				c = append(c, sam.NewCigarOp(sam.CigarSkipped, 20000+rng.IntN(200000)))
			}
		}
	}
	return c
}

// coordLess orders records by reference (unplaced last), position, strand:
// the order SortedBAM writes.
func coordLess(a, b *sam.Record) int {
	ra, rb := a.RefID(), b.RefID()
	if ra < 0 {
		ra = int(^uint(0) >> 1)
	}
	if rb < 0 {
		rb = int(^uint(0) >> 1)
	}
	return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a.Pos, b.Pos),
		cmp.Compare(a.Flags&sam.Reverse, b.Flags&sam.Reverse))
}

// insertionSort is the naive stable sort the tests compare with.
func insertionSort(recs []*sam.Record) []*sam.Record {
	out := append([]*sam.Record{}, recs...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && coordLess(out[j-1], out[j]) > 0; j-- {
			out[j-1], out[j] = out[j], out[j-1]
		}
	}
	return out
}

// inflate decompresses concatenated gzip members.
func inflate(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// splitBlocks decompresses each BGZF block of data on its own, by the
// block size in its BC field, and returns them by file offset.
func splitBlocks(t testing.TB, data []byte) map[int64][]byte {
	t.Helper()
	blocks := map[int64][]byte{}
	for off := 0; off < len(data); {
		if len(data)-off < 18 || data[off+12] != 'B' || data[off+13] != 'C' {
			t.Fatalf("no BGZF block at %d", off)
		}
		size := int(binary.LittleEndian.Uint16(data[off+16:])) + 1
		blocks[int64(off)] = inflate(t, data[off:off+size])
		off += size
	}
	return blocks
}

// readFiles reads two files.
func readFiles(t testing.TB, a, b string) ([]byte, []byte) {
	t.Helper()
	da, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	return da, db
}
