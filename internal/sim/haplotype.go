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
	walkHaplotype(len(c.Seq), vars, ci, s, h, func(from, to int) { hp.copyRef(c.Seq, from, to) }, func(v *Variant) {
		for range v.Alt {
			hp.refPos = append(hp.refPos, int32(v.Pos))
		}
		hp.seq = append(hp.seq, v.Alt...)
	})
	return hp
}

// walkHaplotype visits haplotype h of sample s along a contig of n bases:
// ref for each stretch [from, to) of reference bases it keeps, alt for each
// variant of contig ci it carries, in order. vars must be sorted by position
// and not overlap.
func walkHaplotype(n int, vars []Variant, ci, s, h int, ref func(from, to int), alt func(v *Variant)) {
	next := 0 // first reference base not yet visited
	for i := range vars {
		v := &vars[i]
		if v.Contig != ci || !v.Haps[s][h] {
			continue
		}
		ref(next, v.Pos)
		alt(v)
		next = v.Pos + len(v.Ref)
	}
	ref(next, n)
}

// copyRef appends reference bases [from, to).
func (hp *haplotype) copyRef(ref []byte, from, to int) {
	hp.seq = append(hp.seq, ref[from:to]...)
	for p := from; p < to; p++ {
		hp.refPos = append(hp.refPos, int32(p))
	}
}
