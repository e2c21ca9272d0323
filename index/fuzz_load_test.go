package index

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// sealed returns body, zero-padded to 8 bytes, followed by its CRC-32C, in
// an 8-byte aligned buffer as readAligned gives: an index file whose
// checksum is right whatever the body holds, so that the fuzzer's damage
// reaches the structure checks behind the checksum.
func sealed(body []byte) []byte {
	n := (len(body)+7)&^7 + 8
	words := make([]uint64, n/8)
	buf := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(words))), n)
	copy(buf, body)
	binary.LittleEndian.PutUint64(buf[n-8:], uint64(crc32.Checksum(buf[:n-8], castagnoli)))
	return buf
}

// seedIndexes returns the bodies (without checksums) of the index files of
// small references: one contig, several with ambiguous runs, a tiny one.
func seedIndexes(f testing.TB) [][]byte {
	rng := rand.New(rand.NewPCG(13, 1))
	var bodies [][]byte
	for _, lengths := range [][]int{{300}, {120, 1, 77}, {5}} {
		ix, fa := buildFromFASTA(f, randomFASTA(rng, lengths, 0.03))
		if err := ix.Save(Path(fa)); err != nil {
			f.Fatal(err)
		}
		b, err := os.ReadFile(Path(fa))
		if err != nil {
			f.Fatal(err)
		}
		bodies = append(bodies, b[:len(b)-8])
	}
	return bodies
}

// exercise runs the lookups search and align make on an index that loaded:
// whatever the file held, they must return (not panic or loop forever) and
// give positions inside the text, which align goes on to read.
func exercise(t *testing.T, ix *Index, probe []byte) {
	failed := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				failed <- fmt.Sprintf("panic: %v\n%s", p, debug.Stack())
			}
			close(failed)
		}()
		if msg := lookups(ix, probe); msg != "" {
			failed <- msg
		}
	}()
	select {
	case msg := <-failed:
		if msg != "" {
			t.Fatal(msg)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("lookups on a loaded index do not finish")
	}
}

// lookups searches every prefix of probe (as codes) on both strands,
// locates every row and reads every contig, and says what went wrong.
func lookups(ix *Index, probe []byte) string {
	codes := make([]byte, 0, len(probe))
	for _, b := range probe {
		codes = append(codes, b&3)
	}
	for l := 1; l <= len(codes); l++ {
		for _, h := range ix.ExactHits(codes[:l]) {
			if h.Contig < 0 || h.Contig >= len(ix.Contigs()) || h.Pos < 0 || h.Pos >= int64(ix.Contigs()[h.Contig].Length) {
				return fmt.Sprintf("hit %+v outside its contig", h)
			}
		}
		ix.KmerInterval(codes[:l])
	}
	for _, p := range ix.Locate(ix.Full(), -1, nil) {
		if p < 0 || p > ix.n {
			return fmt.Sprintf("located position %d outside the text of %d", p, ix.n)
		}
	}
	for i := range ix.Contigs() {
		ix.Reference().ContigSeq(i)
	}
	return ""
}

// FuzzLoadIndex decodes arbitrary bytes sealed with a valid checksum: an
// error or an index whose lookups behave.
func FuzzLoadIndex(f *testing.F) {
	for _, b := range seedIndexes(f) {
		f.Add(b, []byte("ACGTTGCA"))
	}
	f.Fuzz(func(t *testing.T, body, probe []byte) {
		if len(probe) > 16 {
			probe = probe[:16]
		}
		if ix, err := decode(sealed(body)); err == nil {
			exercise(t, ix, probe)
		}
	})
}

// FuzzDamageIndex overwrites bytes of a valid index file at an offset and
// recomputes the checksum, the damage the issue reported (occurrence blocks
// changed behind a valid checksum): decode must refuse the file or give an
// index whose lookups behave.
func FuzzDamageIndex(f *testing.F) {
	seeds := seedIndexes(f)
	for i, b := range seeds {
		for _, at := range []uint32{16, 64, uint32(len(b) - 40)} {
			f.Add(uint8(i), at, []byte{0x10}, []byte("ACGTTGCA"))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, at uint32, patch, probe []byte) {
		body := append([]byte(nil), seeds[int(which)%len(seeds)]...)
		if len(probe) > 16 {
			probe = probe[:16]
		}
		copy(body[min(int(at), len(body)):], patch)
		if ix, err := decode(sealed(body)); err == nil {
			exercise(t, ix, probe)
		}
	})
}

// TestDamagedIndexRegressions replays the damaged-but-checksummed files
// FuzzDamageIndex found, which used to load and then panic in
// saSamples.lookup, locate a position outside the text, or loop forever in
// locateRow (a suffix-array sample that LF never reaches): each is now
// refused as corrupt, these indexes being small enough for the full check.
func TestDamagedIndexRegressions(t *testing.T) {
	seeds := seedIndexes(t)
	for _, c := range []struct {
		which int
		at    int
		patch string
	}{
		{1, 377, "0"},                  // index out of range in saSamples.lookup
		{0, 500, "0"},                  // index out of range in saSamples.lookup
		{0, 710, "0"},                  // located position outside the text
		{1, 558, "0"},                  // located position outside the text
		{1, 551, "\x0000"},             // located position outside the text
		{0, len(seeds[0]) / 2, "\x10"}, // locateRow never finishes
	} {
		body := append([]byte(nil), seeds[c.which]...)
		copy(body[c.at:], c.patch)
		if _, err := decode(sealed(body)); err == nil || !strings.Contains(err.Error(), "corrupt") {
			t.Errorf("%d@%d: decode gives %v, want a corrupt index", c.which, c.at, err)
		}
	}
}
