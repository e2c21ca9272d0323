package align

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/biogo/hts/sam"
	"github.com/vole-bio/vole/index"
)

// SAM flags used here (SAM specification section 1.4).
const (
	flagPaired       = sam.Paired
	flagProper       = sam.ProperPair
	flagUnmapped     = sam.Unmapped
	flagMateUnmapped = sam.MateUnmapped
	flagReverse      = sam.Reverse
	flagMateReverse  = sam.MateReverse
	flagRead1        = sam.Read1
	flagRead2        = sam.Read2
)

// newHeader builds the SAM header: @HD with the sort order, @SQ for every
// contig, @RG from the read-group line (already checked) and @PG with the
// command line and vole's version.
func newHeader(contigs []index.Contig, sortOrder sam.SortOrder, readGroup, commandLine, version string) (*sam.Header, error) {
	refs := make([]*sam.Reference, len(contigs))
	for i, c := range contigs {
		r, err := sam.NewReference(c.Name, "", "", c.Length, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("contig %q: %w", c.Name, err)
		}
		refs[i] = r
	}
	var text strings.Builder
	fmt.Fprintf(&text, "@HD\tVN:1.6\tSO:%s\n", sortOrder)
	if readGroup != "" {
		text.WriteString(readGroup + "\n")
	}
	h, err := sam.NewHeader([]byte(text.String()), refs)
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	pg := sam.NewProgram("vole", "vole", commandLine, "", version)
	if err := h.AddProgram(pg); err != nil {
		return nil, err
	}
	return h, nil
}

// recordBuilder turns placements into SAM records.
type recordBuilder struct {
	refs    []*sam.Reference
	contigs []index.Contig
	rg      string // read group ID for the RG tag, "" when none
}

// complement maps IUPAC letters to their complements (N and unknown to N).
var complement = func() (t [256]byte) {
	for i := range t {
		t[i] = 'N'
	}
	pairs := "ACGTRYKMBVDHSWN"
	comps := "TGCAYRMKVBHDSWN"
	for i := range pairs {
		t[pairs[i]] = comps[i]
	}
	return t
}()

// records appends the SAM records of one fragment: for each read its
// primary record (or an unmapped one) and then its supplementary records;
// mates point at each other's primary record, and an unmapped read of a
// pair whose partner maps sits at the partner's position (SAM spec 2.4).
func (b *recordBuilder) records(dst []*sam.Record, f *Fragment, pl [2]placement) []*sam.Record {
	if !f.Paired {
		return b.readRecords(dst, &f.Mates[0], &pl[0], nil, 0)
	}
	for i := 0; i < 2; i++ {
		dst = b.readRecords(dst, &f.Mates[i], &pl[i], &pl[1-i], i)
	}
	return dst
}

// readRecords appends one read's records; mate is the partner's placement
// (nil for single-end reads) and i the read's number in its pair.
func (b *recordBuilder) readRecords(dst []*sam.Record, rd *Read, p, mate *placement, i int) []*sam.Record {
	var mh *hit
	if mate != nil {
		mh = mate.h
	}
	first := len(dst)
	dst = append(dst, b.record(rd, p, p.h, p.mapq, mh, false))
	for k, h := range p.supp {
		dst = append(dst, b.record(rd, p, h, p.suppQ[k], mh, true))
	}
	recs := dst[first:]
	if len(recs) > 1 {
		b.addSA(recs)
	}
	if mate == nil {
		return dst
	}
	for _, r := range recs {
		r.Flags |= flagPaired | [2]sam.Flags{flagRead1, flagRead2}[i]
		if mh == nil {
			r.Flags |= flagMateUnmapped
		} else {
			if mh.rev {
				r.Flags |= flagMateReverse
			}
			r.MateRef, r.MatePos = b.refs[mh.contig], int(mh.pos-b.contigs[mh.contig].Offset)
			r.AuxFields = append(r.AuxFields, mustAux("MC", cigarString(mh.cigar)), mustAux("MQ", mate.mapq))
		}
		if p.proper && p.h != nil && mh != nil {
			r.Flags |= flagProper
		}
	}
	if p.h == nil && mh != nil { // unmapped: at the mate's position
		r := recs[0]
		r.Ref, r.Pos = r.MateRef, r.MatePos
	}
	if p.h != nil && mh == nil { // the unmapped mate sits here
		for _, r := range recs {
			r.MateRef, r.MatePos = recs[0].Ref, recs[0].Pos
		}
	}
	if p.h != nil && mh != nil && p.h.contig == mh.contig {
		recs[0].TempLen = templateLength(p.h, mh, i == 0)
		for k, h := range p.supp {
			if h.contig == mh.contig {
				recs[k+1].TempLen = templateLength(h, mh, i == 0)
			}
		}
	}
	return dst
}

// templateLength is the signed TLEN of hit a with mate b on one contig: from
// the leftmost aligned base of the two to the rightmost, positive for the
// read that starts leftmost (for read 1 when both start together), as the
// SAM specification defines it.
func templateLength(a, b *hit, first bool) int {
	l := int(max(a.end(), b.end()) - min(a.pos, b.pos))
	if a.pos < b.pos || (a.pos == b.pos && first) {
		return l
	}
	return -l
}

// record builds one record of a read: hit h (nil: unmapped) of placement p
// with MAPQ q; supplementary records are flagged 0x800 and hard-clipped, as
// bwa mem writes them by default, except on alt contigs (soft, as bwa).
func (b *recordBuilder) record(rd *Read, p *placement, h *hit, q int, mate *hit, supp bool) *sam.Record {
	r := &sam.Record{Name: string(rd.Name), Pos: -1, MatePos: -1}
	n := len(rd.Seq)
	rev := h != nil && h.rev
	cigar := []sam.CigarOp(nil)
	lo, hi := 0, n // read bases written (oriented as the alignment)
	if h != nil {
		cigar = h.cigar
		if supp && !h.alt {
			cigar, lo, hi = hardClip(cigar, n)
		}
	}
	seq, qual := make([]byte, hi-lo), make([]byte, hi-lo)
	for i := lo; i < hi; i++ {
		src := i
		if rev {
			src = n - 1 - i
		}
		if rev {
			seq[i-lo] = complement[rd.Seq[src]]
		} else {
			seq[i-lo] = rd.Seq[src]
		}
		if rd.Qual == nil {
			qual[i-lo] = 0xff
		} else {
			qual[i-lo] = rd.Qual[src] - 33
		}
	}
	r.Seq, r.Qual = sam.NewSeq(seq), qual
	if h == nil {
		r.Flags = flagUnmapped
		if mate != nil {
			r.Ref, r.Pos = b.refs[mate.contig], int(mate.pos-b.contigs[mate.contig].Offset)
		}
		if b.rg != "" {
			r.AuxFields = append(r.AuxFields, mustAux("RG", b.rg))
		}
		return r
	}
	if rev {
		r.Flags = flagReverse
	}
	if supp {
		r.Flags |= sam.Supplementary
	}
	r.Ref, r.Pos = b.refs[h.contig], int(h.pos-b.contigs[h.contig].Offset)
	r.MapQ = byte(q)
	r.Cigar = cigar
	r.AuxFields = append(r.AuxFields, mustAux("NM", h.nm), mustAux("MD", string(h.md)), mustAux("AS", h.score))
	if xs := max(h.sub, h.csub); xs > 0 {
		r.AuxFields = append(r.AuxFields, mustAux("XS", xs))
	}
	if b.rg != "" {
		r.AuxFields = append(r.AuxFields, mustAux("RG", b.rg))
	}
	if h.altSc > 0 {
		r.AuxFields = append(r.AuxFields, mustAux("pa", float32(h.score)/float32(h.altSc)))
	}
	if xa := b.xa(p, h); xa != "" {
		r.AuxFields = append(r.AuxFields, mustAux("XA", xa))
	}
	return r
}

// hardClip turns the soft clips at the ends of cigar into hard clips and
// returns the read interval [lo, hi) (in the alignment's orientation) that
// remains in SEQ.
func hardClip(cigar []sam.CigarOp, n int) ([]sam.CigarOp, int, int) {
	out := append([]sam.CigarOp(nil), cigar...)
	lo, hi := 0, n
	if op := out[0]; op.Type() == sam.CigarSoftClipped {
		out[0] = sam.NewCigarOp(sam.CigarHardClipped, op.Len())
		lo = op.Len()
	}
	if k := len(out) - 1; k > 0 && out[k].Type() == sam.CigarSoftClipped {
		out[k] = sam.NewCigarOp(sam.CigarHardClipped, out[k].Len())
		hi = n - out[k].Len()
	}
	return out, lo, hi
}

// addSA gives each record of a read's primary and supplementary records
// an SA tag listing the others (SAM spec: rname,pos,strand,CIGAR,mapQ,NM;
// with soft clips in the CIGAR, as bwa writes it).
func (b *recordBuilder) addSA(recs []*sam.Record) {
	parts := make([][]byte, len(recs))
	for k, r := range recs {
		var t []byte
		t = append(t, r.Ref.Name()...)
		t = append(t, ',')
		t = strconv.AppendInt(t, int64(r.Pos+1), 10)
		t = append(t, ',', "+-"[min(int(r.Flags&flagReverse), 1)], ',')
		for _, op := range r.Cigar {
			if op.Type() == sam.CigarHardClipped {
				op = sam.NewCigarOp(sam.CigarSoftClipped, op.Len())
			}
			t = strconv.AppendInt(t, int64(op.Len()), 10)
			t = append(t, op.Type().String()...)
		}
		t = append(t, ',')
		t = strconv.AppendInt(t, int64(r.MapQ), 10)
		t = append(t, ',')
		nm, _ := r.Tag([]byte("NM"))
		t = append(t, nm.String()[5:]...)
		parts[k] = append(t, ';')
	}
	for k, r := range recs {
		var sa []byte
		for j, t := range parts {
			if j != k {
				sa = append(sa, t...)
			}
		}
		r.AuxFields = append(r.AuxFields, mustAux("SA", string(sa)))
	}
}

// xaMaxHits and xaMaxAltHits bound the secondary hits listed in XA (bwa -h
// 5,200); xaDropRatio is the least share of the record's score a listed hit
// scores (bwa's XA_drop_ratio).
const (
	xaMaxHits    = 5
	xaMaxAltHits = 200
	xaDropRatio  = 0.8
)

// xa is the XA tag of reported hit h of placement p (bwa's format,
// "contig,±pos,CIGAR,NM;" per hit): the read's hits that are not reported,
// are secondary to h and score at least xaDropRatio of it; empty when there
// are none or more than xaMaxHits (xaMaxAltHits when one is on an alt
// contig).
func (b *recordBuilder) xa(p *placement, h *hit) string {
	hits := p.ra.hits
	self := -1
	for i := range hits {
		if &hits[i] == h {
			self = i
		}
	}
	reported := func(i int) bool {
		if &hits[i] == p.h {
			return true
		}
		for _, s := range p.supp {
			if &hits[i] == s {
				return true
			}
		}
		return false
	}
	owner := func(i int) int {
		if a := hits[i].parentAll; a >= 0 && reported(a) {
			return a
		}
		if a := hits[i].parent; a >= 0 && reported(a) {
			return a
		}
		return -1
	}
	count, alt := 0, false
	for i := range hits {
		if i != self && !reported(i) && owner(i) == self && float64(hits[i].score) >= xaDropRatio*float64(h.score) {
			count++
			alt = alt || hits[i].alt
		}
	}
	if count == 0 || count > xaMaxAltHits || (!alt && count > xaMaxHits) {
		return ""
	}
	var t []byte
	for i := range hits {
		o := &hits[i]
		if i == self || reported(i) || owner(i) != self || float64(o.score) < xaDropRatio*float64(h.score) {
			continue
		}
		t = append(t, b.refs[o.contig].Name()...)
		t = append(t, ',', "+-"[b2i(o.rev)])
		t = strconv.AppendInt(t, o.pos-b.contigs[o.contig].Offset+1, 10)
		t = append(t, ',')
		t = append(t, cigarString(o.cigar)...)
		t = append(t, ',')
		t = strconv.AppendInt(t, int64(o.nm), 10)
		t = append(t, ';')
	}
	return string(t)
}

// b2i is 1 for true.
func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}

// cigarString formats a CIGAR as SAM text.
func cigarString(ops []sam.CigarOp) string {
	var t []byte
	for _, op := range ops {
		t = strconv.AppendInt(t, int64(op.Len()), 10)
		t = append(t, op.Type().String()...)
	}
	return string(t)
}

// mustAux builds an aux field of a fixed, valid tag; NewAux fails only for
// bad tags or value types, which would be a bug here.
func mustAux(tag string, v any) sam.Aux {
	a, err := sam.NewAux(sam.NewTag(tag), v)
	if err != nil {
		panic(fmt.Sprintf("align: aux %s: %v", tag, err))
	}
	return a
}
