package align

import "github.com/biogo/hts/sam"

// alignSE aligns each read of a fragment on its own.
func (p *pipeline) alignSE(w *worker, f *Fragment) (ra [2]readAln) {
	for m := 0; m < 2; m++ {
		if m == 1 && !f.Paired {
			break
		}
		if p.opt.Exact {
			ra[m] = w.alignExact(f.Mates[m].Seq)
		} else {
			ra[m] = w.alignRead(f.Mates[m].Seq)
		}
	}
	return ra
}

// learnInserts fits the insert model to the first batch's unique confident
// forward-reverse pairs.
func learnInserts(frags []Fragment, se [][2]readAln, sc *Scoring) insertModel {
	var ins []int64
	for i := range frags {
		if !frags[i].Paired || len(se[i][0].hits) == 0 || len(se[i][1].hits) == 0 {
			continue
		}
		if mapqSE(&se[i][0], len(frags[i].Mates[0].Seq), sc) < confidentMAPQ || mapqSE(&se[i][1], len(frags[i].Mates[1].Seq), sc) < confidentMAPQ {
			continue
		}
		if v, ok := frInsert(&se[i][0].hits[0], &se[i][1].hits[0]); ok {
			ins = append(ins, v)
		}
	}
	return fitInserts(ins)
}

// finish pairs, builds records and formats one batch; se may be nil, and
// is then computed here.
func (p *pipeline) finish(w *worker, frags []Fragment, se [][2]readAln, seq int) batchResult {
	res := batchResult{seq: seq, recs: make([]*sam.Record, 0, 2*len(frags))}
	for i := range frags {
		f := &frags[i]
		var ra [2]readAln
		if se != nil {
			ra = se[i]
		} else {
			ra = p.alignSE(w, f)
		}
		var pl [2]placement
		if f.Paired {
			if !p.opt.Exact {
				w.rescue(&ra[0], &ra[1], f.Mates[1].Seq, &p.model)
				w.rescue(&ra[1], &ra[0], f.Mates[0].Seq, &p.model)
			}
			pl = pairPlace([2]*readAln{&ra[0], &ra[1]}, [2]int{len(f.Mates[0].Seq), len(f.Mates[1].Seq)}, &p.model, &p.sc)
		} else {
			pl[0] = placeSingle(&ra[0], len(f.Mates[0].Seq), &p.sc)
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
