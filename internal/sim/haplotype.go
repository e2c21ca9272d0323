package sim

// haplotype is one copy of a contig as a sample carries it: the reference
// with the variants of that copy applied. refPos[i] is the 0-based reference
// position of base i (inserted bases take their anchor's position), which is
// how read names report true reference coordinates.
type haplotype struct {
	seq    []byte
	refPos []int32
}

// buildHaplotype applies to contig ci the variants that haplotype h of
// sample s carries. vars must be sorted by position and not overlap.
func buildHaplotype(c *Contig, ci int, vars []Variant, s, h int) haplotype {
	hp := haplotype{seq: make([]byte, 0, len(c.Seq)+64), refPos: make([]int32, 0, len(c.Seq)+64)}
	next := 0 // first reference base not yet copied
	for i := range vars {
		v := &vars[i]
		if v.Contig != ci || !v.Haps[s][h] {
			continue
		}
		hp.copyRef(c.Seq, next, v.Pos)
		for range v.Alt {
			hp.refPos = append(hp.refPos, int32(v.Pos))
		}
		hp.seq = append(hp.seq, v.Alt...)
		next = v.Pos + len(v.Ref)
	}
	hp.copyRef(c.Seq, next, len(c.Seq))
	return hp
}

// copyRef appends reference bases [from, to).
func (hp *haplotype) copyRef(ref []byte, from, to int) {
	hp.seq = append(hp.seq, ref[from:to]...)
	for p := from; p < to; p++ {
		hp.refPos = append(hp.refPos, int32(p))
	}
}
