package align

import (
	"fmt"
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

// records appends the SAM records of one fragment: one per read, each read
// at its placement; mates point at each other and an unmapped read of a
// pair whose partner maps sits at the partner's position (SAM spec 2.4).
func (b *recordBuilder) records(dst []*sam.Record, f *Fragment, pl [2]placement) []*sam.Record {
	if !f.Paired {
		return append(dst, b.record(&f.Mates[0], &pl[0], nil))
	}
	r := [2]*sam.Record{b.record(&f.Mates[0], &pl[0], pl[1].h), b.record(&f.Mates[1], &pl[1], pl[0].h)}
	for i := 0; i < 2; i++ {
		me, mate, other := r[i], r[1-i], pl[1-i].h
		me.Flags |= flagPaired | [2]sam.Flags{flagRead1, flagRead2}[i]
		if other == nil {
			me.Flags |= flagMateUnmapped
		} else if other.rev {
			me.Flags |= flagMateReverse
		}
		if pl[i].proper && pl[i].h != nil && other != nil {
			me.Flags |= flagProper
		}
		me.MateRef, me.MatePos = mate.Ref, mate.Pos
		if pl[i].h != nil && other != nil && pl[i].h.contig == other.contig {
			me.TempLen = templateLength(pl[i].h, other, i == 0)
		}
	}
	return append(dst, r[0], r[1])
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

// record builds one read's record; mate is the partner's hit (nil when
// unmapped or single-end), where an unmapped read is placed.
func (b *recordBuilder) record(rd *Read, p *placement, mate *hit) *sam.Record {
	r := &sam.Record{Name: string(rd.Name), Pos: -1, MatePos: -1}
	n := len(rd.Seq)
	seq, qual := make([]byte, n), make([]byte, n)
	rev := p.h != nil && p.h.rev
	for i := 0; i < n; i++ {
		src := i
		if rev {
			src = n - 1 - i
		}
		if rev {
			seq[i] = complement[rd.Seq[src]]
		} else {
			seq[i] = rd.Seq[src]
		}
		if rd.Qual == nil {
			qual[i] = 0xff
		} else {
			qual[i] = rd.Qual[src] - 33
		}
	}
	r.Seq, r.Qual = sam.NewSeq(seq), qual
	if p.h == nil {
		r.Flags = flagUnmapped
		if mate != nil {
			r.Ref, r.Pos = b.refs[mate.contig], int(mate.pos-b.contigs[mate.contig].Offset)
		}
		if b.rg != "" {
			r.AuxFields = append(r.AuxFields, mustAux("RG", b.rg))
		}
		return r
	}
	h := p.h
	if rev {
		r.Flags = flagReverse
	}
	r.Ref, r.Pos = b.refs[h.contig], int(h.pos-b.contigs[h.contig].Offset)
	r.MapQ = byte(p.mapq)
	r.Cigar = h.cigar
	r.AuxFields = append(r.AuxFields, mustAux("NM", h.nm), mustAux("MD", string(h.md)), mustAux("AS", h.score))
	if p.xs >= 0 {
		r.AuxFields = append(r.AuxFields, mustAux("XS", p.xs))
	}
	if b.rg != "" {
		r.AuxFields = append(r.AuxFields, mustAux("RG", b.rg))
	}
	return r
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
