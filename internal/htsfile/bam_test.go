package htsfile

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/biogo/hts/bam"
)

// TestAppendBAM: the record encoder writes what biogo's bam.Writer writes,
// the BGZF blocks decompress to what was written, and every record is found
// at the virtual offset WriteRecord returned for it, resolved canonically
// (never at the end of a block), the record before ending there.
func TestAppendBAM(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	h := testHeader(t, 300000, 50000)
	recs := randomRecords(t, rng, h, 3000)
	var ref bytes.Buffer
	bw, err := bam.NewWriter(&ref, h, 1)
	if err != nil {
		t.Fatal(err)
	}
	var enc []byte
	var begs, ends []uint64
	var out bytes.Buffer
	z := NewWriter(&out, DefaultLevel, 3)
	for _, r := range recs {
		if err := bw.Write(r); err != nil {
			t.Fatal(err)
		}
		n := len(enc)
		if enc, err = AppendBAM(enc, r); err != nil {
			t.Fatal(err)
		}
		beg, end, err := z.WriteRecord(enc[n:])
		if err != nil {
			t.Fatal(err)
		}
		begs, ends = append(begs, beg), append(ends, end)
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	offsets, err := z.Close()
	if err != nil {
		t.Fatal(err)
	}
	var hdr bytes.Buffer
	if err := h.EncodeBinary(&hdr); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(inflate(t, ref.Bytes()), append(hdr.Bytes(), enc...)) {
		t.Fatal("encoded records differ from bam.Writer's")
	}
	data := out.Bytes()
	if !bytes.Equal(inflate(t, data), enc) {
		t.Fatal("BGZF blocks do not decompress to the records")
	}
	blocks := splitBlocks(t, data)
	for i, v := range begs {
		fv := offsets.Resolve(v)
		one, _ := AppendBAM(nil, recs[i])
		block := blocks[int64(fv>>16)]
		if int(fv&0xffff) >= len(block) || !bytes.HasPrefix(block[fv&0xffff:], one) {
			t.Fatalf("record %d not at its virtual offset %x", i, fv)
		}
		if i > 0 && offsets.Resolve(ends[i-1]) != fv {
			t.Fatalf("record %d starts at %x, the one before ends at %x", i, fv, offsets.Resolve(ends[i-1]))
		}
	}
}
