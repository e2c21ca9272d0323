package pileup

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"sort"
	"strings"

	"github.com/biogo/hts/sam"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	fx "golang.org/x/image/math/fixed"
)

// The pileup image shows the reads around one site the way DeepVariant
// (Poplin et al. 2018, "A universal SNP and small-indel variant caller
// using deep neural networks", Nature Biotechnology 36:983) gives them to
// its network: one row per read, one column per reference position, and
// one channel per kind of evidence: the base, its quality, the read's
// mapping quality, its strand, whether it supports the alternate allele,
// and whether the base differs from the reference. A composite in colour
// (bases that differ from the reference in IGV's colours, matching bases
// grey, faded by base quality, pale for reads the caller does not count)
// sits above the six channels drawn apart in grey, with a legend.

// ImageOptions configure WriteSiteImage.
type ImageOptions struct {
	// Site is the position to draw: contig:pos (1-based), as ParseRegion
	// reads it; a range is drawn around its first base.
	Site string
	// Ref and Alt are the site's alleles as a VCF record spells them; when
	// Alt is empty the most common alternate allele of the reads is used.
	Ref, Alt string
	// MinBaseQ and MinMapQ are the caller's thresholds: reads under
	// MinMapQ are drawn pale, as the caller does not count them.
	MinBaseQ, MinMapQ int
	// Flank is how many bases are drawn on each side of the site, MaxRows
	// the most reads drawn per sample.
	Flank, MaxRows int
}

// DefaultImageOptions are `vole pileup --image`'s defaults: the caller's
// thresholds, 50 bases each side, 60 reads per sample.
func DefaultImageOptions() ImageOptions {
	d := DefaultCallOptions()
	return ImageOptions{MinBaseQ: d.MinBaseQ, MinMapQ: d.MinMapQ, Flank: 50, MaxRows: 60}
}

// imageCell is one read's evidence at one reference position.
type imageCell struct {
	kind  byte // 0 nothing, 'b' a base, 'd' deleted, 'i' a base followed by an insertion
	base  byte // base code 0-4
	qual  byte
	diffs bool
}

// imageRead is one row.
type imageRead struct {
	cells   []imageCell
	mapq    int
	reverse bool
	allele  int // at the site: 1 supports the alternate allele, 0 the reference, -1 neither or not covering
	start   int
}

// siteAllele is what a site's alternate allele looks like in a read: a
// base (SNP) or an indel of a length (negative for a deletion).
type siteAllele struct {
	snp   byte // base code of a SNP allele, or 4
	indel int  // inserted (> 0) or deleted (< 0) bases; 0 for a SNP
}

// WriteSiteImage draws the reads of every BAM around opt.Site as a PNG.
func WriteSiteImage(refPath string, bams []string, w io.Writer, opt ImageOptions) error {
	si, err := NewSiteImager(refPath, bams)
	if err != nil {
		return err
	}
	return si.Write(w, opt)
}

// SiteImager draws sites of one reference and set of BAMs, loading them
// once for all the pictures.
type SiteImager struct {
	ref     refSource
	contigs []ContigLength
	files   []*alignmentFile
}

// NewSiteImager reads the reference and opens the BAMs (indexed, or read
// from the start for each picture).
func NewSiteImager(refPath string, bams []string) (*SiteImager, error) {
	ref, contigs, files, err := loadInputs(refPath, bams)
	if err != nil {
		return nil, err
	}
	return &SiteImager{ref: ref, contigs: contigs, files: files}, nil
}

// Write draws the reads around opt.Site as a PNG.
func (si *SiteImager) Write(w io.Writer, opt ImageOptions) error {
	ref, contigs, files := si.ref, si.contigs, si.files
	site, err := ParseRegion(opt.Site, contigs)
	if err != nil {
		return err
	}
	pos := site.Start
	lo, hi := max(0, pos-opt.Flank), min(contigs[site.Contig].Length, pos+opt.Flank+1)
	win := newRefWindow(ref, site.Contig)
	win.need(0, hi)
	var samples [][]*imageRead
	for _, af := range files {
		reads, err := imageReads(af, site, lo, hi, win, opt)
		if err != nil {
			return err
		}
		samples = append(samples, reads)
	}
	alt := chooseAllele(samples, pos-lo, opt)
	for _, reads := range samples {
		for _, r := range reads {
			r.allele = readAllele(r, pos-lo, alt)
		}
		sortRows(reads, pos-lo)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.sample
	}
	if win.err != nil {
		return win.err
	}
	img := drawSite(samples, names, win.slice(lo, hi), pos-lo, siteTitle(site, pos, alt, win), opt)
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("writing the image: %w", err)
	}
	return nil
}

// imageReads reads the alignments of one file that overlap [lo, hi) and
// lays each out as a row (the site's reads first, at most MaxRows).
func imageReads(af *alignmentFile, site Region, lo, hi int, win *refWindow, opt ImageOptions) ([]*imageRead, error) {
	var st *stream
	if af.index != nil {
		rr, err := af.openRegions()
		if err != nil {
			return nil, err
		}
		defer rr.Close()
		r, err := rr.region(site.Contig, lo, hi)
		if err != nil {
			return nil, err
		}
		st = newStream(af, r)
	} else {
		r, c, err := af.openAll(1)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		st = newStream(af, r)
	}
	reg := Region{Contig: site.Contig, Name: site.Name, Start: lo, End: hi}
	var reads []*imageRead
	for {
		_, rec, err := nextRead(reg, []*stream{st})
		if err != nil {
			return nil, err
		}
		if rec == nil || rec.Pos >= hi {
			break
		}
		if !passesFlags(rec) || min(refEnd(rec), win.length) <= lo {
			continue
		}
		reads = append(reads, layOutImage(rec, win, lo, hi))
	}
	return reads, nil
}

// layOutImage spells one read's cells over [lo, hi).
func layOutImage(rec *sam.Record, win *refWindow, lo, hi int) *imageRead {
	r := &imageRead{cells: make([]imageCell, hi-lo), mapq: int(rec.MapQ), reverse: rec.Flags&sam.Reverse != 0, start: rec.Pos}
	eachOp(rec, func(st cigarStep) bool {
		switch st.op {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			for p := max(st.pos, lo); p < min(st.pos+st.n, hi); p++ {
				k := st.qi + p - st.pos
				b := nibbleBase[seqNibble(rec.Seq, k)]
				r.cells[p-lo] = imageCell{kind: 'b', base: b, qual: rec.Qual[k], diffs: b != baseCode[win.at(p)]}
			}
		case sam.CigarInsertion:
			if p := st.pos - 1; p >= lo && p < hi && r.cells[p-lo].kind == 'b' {
				r.cells[p-lo].kind = 'i'
			}
		case sam.CigarDeletion:
			for p := max(st.pos, lo); p < min(st.pos+st.n, hi); p++ {
				r.cells[p-lo] = imageCell{kind: 'd', qual: 60, diffs: true}
			}
		}
		return st.pos < hi
	})
	return r
}

// chooseAllele returns the alternate allele the image shows support for:
// opt's, or the most common base other than the reference's among the
// reads at cell x.
func chooseAllele(samples [][]*imageRead, x int, opt ImageOptions) siteAllele {
	if opt.Alt != "" && opt.Ref != "" {
		if d := len(opt.Alt) - len(opt.Ref); d != 0 {
			return siteAllele{snp: 4, indel: d}
		}
		return siteAllele{snp: baseCode[opt.Alt[0]]}
	}
	var bases [5]int
	ins, del := 0, 0
	for _, reads := range samples {
		for _, r := range reads {
			c := r.cells[x]
			if c.kind == 'b' && c.diffs {
				bases[c.base]++
			}
			switch {
			case readAllele(r, x, siteAllele{snp: 4, indel: 1}) == 1:
				ins++
			case readAllele(r, x, siteAllele{snp: 4, indel: -1}) == 1:
				del++
			}
		}
	}
	best := 0
	for b := range bases[:4] {
		if bases[b] > bases[best] {
			best = b
		}
	}
	switch {
	case ins > bases[best] && ins >= del:
		return siteAllele{snp: 4, indel: 1}
	case del > bases[best]:
		return siteAllele{snp: 4, indel: -1}
	}
	return siteAllele{snp: byte(best)}
}

// readAllele says whether the read supports alt at cell x (1), shows the
// reference there (0), or neither (-1).
func readAllele(r *imageRead, x int, alt siteAllele) int {
	c := r.cells[x]
	if c.kind == 0 {
		return -1
	}
	if alt.indel == 0 {
		switch {
		case c.kind == 'd':
			return -1
		case c.base == alt.snp:
			return 1
		case !c.diffs:
			return 0
		}
		return -1
	}
	// An indel: the read supports it when it shows an insertion or
	// deletion within a few bases after the anchor.
	for k := x; k < min(len(r.cells), x+12); k++ {
		if (alt.indel > 0 && r.cells[k].kind == 'i') || (alt.indel < 0 && r.cells[k].kind == 'd') {
			return 1
		}
	}
	return 0
}

// sortRows puts the reads covering the site first (alternate allele, then
// reference, then other), each group by start.
func sortRows(reads []*imageRead, x int) {
	rank := func(r *imageRead) int {
		switch r.allele {
		case 1:
			return 0
		case 0:
			return 1
		}
		if r.cells[x].kind != 0 {
			return 2
		}
		return 3
	}
	sort.SliceStable(reads, func(i, j int) bool {
		if a, b := rank(reads[i]), rank(reads[j]); a != b {
			return a < b
		}
		return reads[i].start < reads[j].start
	})
}

// siteTitle names the site and the allele shown.
func siteTitle(site Region, pos int, alt siteAllele, win *refWindow) string {
	a := "alternate base " + string(alleleLetters[alt.snp])
	switch {
	case alt.indel > 0:
		a = "an insertion"
	case alt.indel < 0:
		a = "a deletion"
	}
	return fmt.Sprintf("%s:%d (reference %c), support for %s", site.Name, pos+1, win.at(pos), a)
}

// Drawing.

const (
	cellW, cellH   = 6, 5 // composite cell
	chanW, chanH   = 2, 2 // channel panel cell
	margin         = 10
	lineH          = 15
	refRowH        = 12
	maxImageBQ     = 40.0
	channelColumns = 3
)

var (
	white     = color.RGBA{255, 255, 255, 255}
	black     = color.RGBA{0, 0, 0, 255}
	grey      = color.RGBA{150, 150, 150, 255}
	fwdMatch  = color.RGBA{170, 180, 205, 255}
	revMatch  = color.RGBA{205, 175, 175, 255}
	baseColor = [5]color.RGBA{{0, 160, 0, 255}, {0, 0, 230, 255}, {215, 120, 0, 255}, {220, 0, 0, 255}, {100, 100, 100, 255}}
	insColor  = color.RGBA{140, 0, 200, 255}
)

// channels are the grey panels, each a function of a cell and its read
// giving a level 0-255 (0 where the read shows nothing), in DeepVariant's
// spirit: distinct levels per base, qualities scaled, strand, support.
var channels = []struct {
	name string
	f    func(c imageCell, r *imageRead) uint8
}{
	{"base (A C G T)", func(c imageCell, r *imageRead) uint8 {
		if c.kind == 'd' {
			return 40
		}
		return [5]uint8{250, 100, 180, 160, 60}[c.base]
	}},
	{"base quality", func(c imageCell, r *imageRead) uint8 { return level(float64(c.qual) / maxImageBQ) }},
	{"mapping quality", func(c imageCell, r *imageRead) uint8 { return level(float64(r.mapq) / 60) }},
	{"strand (light: forward)", func(c imageCell, r *imageRead) uint8 {
		if r.reverse {
			return 90
		}
		return 240
	}},
	{"supports the alternate", func(c imageCell, r *imageRead) uint8 {
		if r.allele == 1 {
			return 250
		}
		return 90
	}},
	{"differs from reference", func(c imageCell, r *imageRead) uint8 {
		if c.diffs {
			return 250
		}
		return 50
	}},
}

func level(f float64) uint8 { return uint8(40 + 215*min(max(f, 0), 1)) }

// drawSite lays out the whole picture.
func drawSite(samples [][]*imageRead, names []string, ref []byte, x int, title string, opt ImageOptions) *image.RGBA {
	cols := len(ref)
	compW := cols * cellW
	chanPanelW := cols * chanW
	width := max(compW, channelColumns*(chanPanelW+margin)-margin, 560) + 2*margin
	height := margin + lineH // title
	for _, reads := range samples {
		rows := min(len(reads), opt.MaxRows)
		height += lineH + refRowH + rows*cellH + margin
		height += ((len(channels)+channelColumns-1)/channelColumns)*(lineH+rows*chanH+margin) + margin
	}
	legend := legendLines(opt)
	height += len(legend)*lineH + margin
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	y := margin
	text(img, margin, y, title, black)
	y += lineH
	for s, reads := range samples {
		rows := reads[:min(len(reads), opt.MaxRows)]
		alt, here := 0, 0
		for _, r := range reads {
			if r.allele == 1 {
				alt++
			}
			if r.cells[x].kind != 0 {
				here++
			}
		}
		text(img, margin, y, fmt.Sprintf("sample %s: %d reads over the site, %d with the alternate allele; %d rows drawn", names[s], here, alt, len(rows)), black)
		y += lineH
		drawRefRow(img, margin, y, ref)
		y += refRowH
		drawComposite(img, margin, y, rows, x, opt)
		y += len(rows)*cellH + margin
		for i, ch := range channels {
			cx := margin + (i%channelColumns)*(chanPanelW+margin)
			cy := y + (i/channelColumns)*(lineH+len(rows)*chanH+margin)
			text(img, cx, cy, ch.name, black)
			drawChannel(img, cx, cy+lineH, rows, x, ch.f)
		}
		y += ((len(channels)+channelColumns-1)/channelColumns)*(lineH+len(rows)*chanH+margin) + margin
	}
	for _, l := range legend {
		text(img, margin, y, l, black)
		y += lineH
	}
	return img
}

// legendLines explains the picture.
func legendLines(opt ImageOptions) []string {
	return []string{
		"Top: the reference. Then one row per read (alternate-allele reads first),",
		"one column per reference base; the site's column is framed.",
		"Bases that differ from the reference: A green, C blue, G orange, T red.",
		"Matching bases grey: bluish on the forward strand, reddish on the reverse.",
		"Paler = lower base quality. Black line = deleted base. Purple bar =",
		fmt.Sprintf("insertion after the base. Washed-out rows: mapping quality under %d", opt.MinMapQ),
		"(the caller does not count them).",
		"Grey panels: the same reads, one kind of evidence each, as DeepVariant's",
		"input channels; brighter = higher quality, forward strand, supports the",
		"alternate allele, differs from the reference; black = no read there.",
	}
}

// drawRefRow draws the reference bases as coloured cells.
func drawRefRow(img *image.RGBA, x0, y0 int, ref []byte) {
	for i, c := range ref {
		fill(img, x0+i*cellW, y0, cellW-1, refRowH-2, baseColor[baseCode[c]])
	}
}

// drawComposite draws the colour rows.
func drawComposite(img *image.RGBA, x0, y0 int, rows []*imageRead, site int, opt ImageOptions) {
	for j, r := range rows {
		for i, c := range r.cells {
			if c.kind == 0 {
				continue
			}
			col := fwdMatch
			if r.reverse {
				col = revMatch
			}
			switch {
			case c.kind == 'd':
				col = black
			case c.diffs:
				col = baseColor[c.base]
			}
			strength := min(float64(c.qual)/maxImageBQ, 1)
			if r.mapq < opt.MinMapQ {
				strength *= 0.3
			}
			px, py := x0+i*cellW, y0+j*cellH
			if c.kind == 'd' {
				fill(img, px, py+cellH/2-1, cellW, 2, black)
			} else {
				fill(img, px, py, cellW-1, cellH-1, fade(col, 0.25+0.75*strength))
			}
			if c.kind == 'i' {
				fill(img, px+cellW-2, py-1, 3, cellH+1, insColor)
			}
		}
	}
	frame(img, x0+site*cellW-1, y0-refRowH-1, cellW+1, len(rows)*cellH+refRowH+1, black)
}

// drawChannel draws one grey channel panel.
func drawChannel(img *image.RGBA, x0, y0 int, rows []*imageRead, site int, f func(imageCell, *imageRead) uint8) {
	if len(rows) == 0 {
		return
	}
	fill(img, x0, y0, len(rows[0].cells)*chanW, len(rows)*chanH, color.RGBA{0, 0, 0, 255})
	for j, r := range rows {
		for i, c := range r.cells {
			if c.kind == 0 {
				continue
			}
			v := f(c, r)
			fill(img, x0+i*chanW, y0+j*chanH, chanW, chanH, color.RGBA{v, v, v, 255})
		}
	}
	frame(img, x0+site*chanW-1, y0-1, chanW+1, len(rows)*chanH+1, color.RGBA{255, 60, 60, 255})
}

// fade blends c towards white: s = 1 keeps c, 0 gives white.
func fade(c color.RGBA, s float64) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(255 - (255-float64(v))*s) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 255}
}

func fill(img *image.RGBA, x, y, w, h int, c color.RGBA) {
	draw.Draw(img, image.Rect(x, y, x+w, y+h), image.NewUniform(c), image.Point{}, draw.Src)
}

func frame(img *image.RGBA, x, y, w, h int, c color.RGBA) {
	fill(img, x, y, w+1, 1, c)
	fill(img, x, y+h, w+1, 1, c)
	fill(img, x, y, 1, h, c)
	fill(img, x+w, y, 1, h, c)
}

// text writes s with its top-left corner at (x, y) in a 7x13 bitmap font.
func text(img *image.RGBA, x, y int, s string, c color.RGBA) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13,
		Dot: fx.P(x, y+11)}
	d.DrawString(strings.ToValidUTF8(s, "?"))
}
