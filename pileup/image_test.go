package pileup

import (
	"bytes"
	"image/png"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/biogo/hts/sam"
)

// TestSiteImage draws a het SNP over 20 hand-made reads (10 carrying it,
// half of each kind reverse) and checks the picture read back from the
// PNG: its size follows the layout, the framed column of the first rows
// (the alternate reads, sorted first) is the alternate base's colour and
// that of the last covering rows a matching grey.
func TestSiteImage(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	ref := randomSeq(rng, 400)
	v := snp(ref, 200, 1)
	h1, o1 := haplotype(ref, []variant{v})
	h2, o2 := haplotype(ref, nil)
	var reads []testRead
	for i := 0; i < 20; i++ {
		h, o := h2, o2
		if i%2 == 0 {
			h, o = h1, o1
		}
		pos, cigar, seq, _ := readAt(h, o, 130+i*3, 100)
		var flags sam.Flags
		if i%4 >= 2 {
			flags = sam.Reverse
		}
		reads = append(reads, testRead{pos: pos, cigar: cigar, seq: seq, qual: 40, mapq: 60, flags: flags})
	}
	dir := t.TempDir()
	contigs := []testContig{{"chr1", ref}}
	refPath := writeFASTA(t, dir, contigs)
	bamPath := filepath.Join(dir, "s.bam")
	writeBAM(t, bamPath, contigs, "S", reads, false, true)
	opt := DefaultImageOptions()
	opt.Site = "chr1:201"
	var buf bytes.Buffer
	if err := WriteSiteImage(refPath, []string{bamPath}, &buf, opt); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	cols := 2*opt.Flank + 1
	if w := img.Bounds().Dx(); w != max(cols*cellW, channelColumns*(cols*chanW+margin)-margin, 560)+2*margin {
		t.Errorf("width %d", w)
	}
	// Composite rows start under the title, the sample line and the
	// reference row.
	y0 := margin + lineH + lineH + refRowH
	x := margin + opt.Flank*cellW + 1
	altColor := baseColor[baseCode[v.alt[0]]]
	for row := 0; row < 20; row++ {
		r, g, b, _ := img.At(x, y0+row*cellH+1).RGBA()
		got := [3]uint32{r >> 8, g >> 8, b >> 8}
		switch {
		case row < 10 && got != [3]uint32{uint32(altColor.R), uint32(altColor.G), uint32(altColor.B)}:
			t.Errorf("row %d (an alternate read): colour %v, want %v", row, got, altColor)
		case row >= 10 && got != [3]uint32{uint32(fwdMatch.R), uint32(fwdMatch.G), uint32(fwdMatch.B)} && got != [3]uint32{uint32(revMatch.R), uint32(revMatch.G), uint32(revMatch.B)}:
			t.Errorf("row %d (a reference read): colour %v, want a matching grey", row, got)
		}
	}
}
