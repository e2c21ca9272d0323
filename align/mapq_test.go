package align

import "testing"

// mkHit is a hit of score s aligning read bases [qb, qe) without gaps.
func mkHit(s, qb, qe int, alt bool, hash uint64) hit {
	return hit{score: s, qb: qb, qe: qe, rlen: qe - qb, alt: alt, hash: hash}
}

// TestMarkPrimaryAndMAPQ checks markPrimary and mapqSE against values
// worked out by hand from bwa mem's rules (mem_mark_primary_se,
// mem_approx_mapq_se).
func TestMarkPrimaryAndMAPQ(t *testing.T) {
	sc := DefaultScoring()
	// A 150-base read: best 150, competitors 145 (within 7: counted in
	// subN), 140 and 120 on the same bases, and a part of another read's
	// length elsewhere on the read (a supplementary piece).
	ra := readAln{hits: []hit{mkHit(140, 0, 150, false, 3), mkHit(150, 0, 150, false, 2), mkHit(120, 5, 150, false, 4), mkHit(145, 0, 148, false, 1), mkHit(60, 150, 210, false, 5)}}
	markPrimary(&ra, &sc)
	h := ra.hits
	if h[0].score != 150 || h[0].sub != 145 || h[0].subN != 1 || h[0].parent != -1 {
		t.Fatalf("best: %+v", h[0])
	}
	for i := 1; i < 4; i++ {
		if h[i].parent != 0 {
			t.Errorf("hit %d (score %d) parent %d, want 0", i, h[i].score, h[i].parent)
		}
	}
	if h[4].score != 60 || h[4].parent != -1 {
		t.Errorf("the other part of the read is not primary-level: %+v", h[4])
	}
	// MAPQ: l = 150, identity 1, (ln 50 / ln 150)^2 = 0.6095: 6.02 * 5 *
	// 0.6095 = 18.3 -> 18, less round(4.343 ln 2) = 3: 15.
	if q := mapqSE(&h[0], 0, &sc); q != 15 {
		t.Errorf("MAPQ %d, want 15", q)
	}
	// Half the read covered by repetitive seeds halves it: int(7.5 + .499) = 7.
	if q := mapqSE(&h[0], 0.5, &sc); q != 7 {
		t.Errorf("MAPQ with fracRep 0.5: %d, want 7", q)
	}
	// A lone hit: sub is a minimum seed's score (19), capped at 60.
	lone := mkHit(150, 0, 150, false, 0)
	if q := mapqSE(&lone, 0, &sc); q != 60 {
		t.Errorf("lone hit MAPQ %d, want 60", q)
	}

	// Alt contigs: an equal alt hit does not lower the primary hit's MAPQ
	// (the primary is marked among primary-assembly hits only); a better
	// alt hit stays primary-level (a supplementary record) and the primary
	// hit notes its score (pa).
	ra = readAln{hits: []hit{mkHit(150, 0, 150, true, 1), mkHit(150, 0, 150, false, 2), mkHit(145, 0, 150, false, 3)}}
	markPrimary(&ra, &sc)
	h = ra.hits
	if h[0].alt || h[0].sub != 145 || h[0].subN != 1 || h[1].alt != true || h[1].parentAll != 0 {
		t.Errorf("equal alt hit: %+v / %+v", h[0], h[1])
	}
	ra = readAln{hits: []hit{mkHit(155, 0, 150, true, 1), mkHit(150, 0, 150, false, 2), mkHit(145, 0, 150, false, 3)}}
	markPrimary(&ra, &sc)
	h = ra.hits
	if !h[0].alt || h[0].parent != -1 || h[0].sub != 150 || h[0].subN != 1 {
		t.Errorf("better alt hit: %+v", h[0])
	}
	if h[1].parent != -1 || h[1].parentAll != 0 || h[1].sub != 145 || h[1].altSc != 155 {
		t.Errorf("primary hit under a better alt hit: %+v", h[1])
	}
}
