package htsfile

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/biogo/hts/bam"
)

// TestAppendBAM: the record encoder writes what biogo's bam.Writer writes,
// the BGZF blocks decompress to what was written, and every record is found
// at the virtual offset WriteRecord returned for it, its end where the next
// one starts.
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
	z := NewWriter(&out, -1, 3)
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
	_, err = z.Close()
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
	for i, v := range begs {
		if i > 0 && ends[i-1] != v {
			t.Fatalf("record %d starts at %x, the one before ends at %x", i, v, ends[i-1])
		}
	}
}
