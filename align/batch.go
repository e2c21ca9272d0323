package align

import "github.com/biogo/hts/sam"

// alignSE aligns each read of a fragment on its own.
func (p *pipeline) alignSE(w *worker, f *Fragment) (ra [2]readAln) {
	for m := 0; m < 2; m++ {
		if m == 1 && !f.Paired {
			break
		}
		key := readKey(f.Mates[m].Name, m)
		if p.opt.Exact {
			ra[m] = w.alignExact(f.Mates[m].Seq, key)
		} else {
			ra[m] = w.alignRead(f.Mates[m].Seq, key)
		}
	}
	return ra
}

// finish pairs, builds records and formats one batch, aligning single-end
// the fragments whose alignments b does not hold.
func (p *pipeline) finish(w *worker, b heldBatch, seq int) batchResult {
	frags := b.frags
	res := batchResult{seq: seq, recs: make([]*sam.Record, 0, 2*len(frags))}
	for i := range frags {
		f := &frags[i]
		ra, ok := b.aligned(i)
		if !ok {
			ra = p.alignSE(w, f)
		}
		var pl [2]placement
		if f.Paired {
			if !p.opt.Exact {
				w.rescue(&ra[0], &ra[1], f.Mates[1].Seq, readKey(f.Mates[1].Name, 1), &p.model, true)
				w.rescue(&ra[1], &ra[0], f.Mates[0].Seq, readKey(f.Mates[0].Name, 0), &p.model, false)
			}
			markPrimary(&ra[0], &p.sc)
			markPrimary(&ra[1], &p.sc)
			pl = pairPlace([2]*readAln{&ra[0], &ra[1]}, &p.model, &p.sc)
		} else {
			markPrimary(&ra[0], &p.sc)
			pl[0] = placeSingle(&ra[0], &p.sc)
		}
		for m := range pl {
			if pl[m].h != nil {
				w.refine(pl[m].h, f.Mates[m].Seq)
			}
			for _, h := range pl[m].supp {
				w.refine(h, f.Mates[m].Seq)
			}
		}
		res.recs = p.builder.records(res.recs, f, pl)
	}
	if p.text {
		for _, r := range res.recs {
			res.text = appendSAM(res.text, r)
		}
	}
	return res
}
