package index

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// bruteHits returns every valid start of pattern in the concatenated
// sequences (no hit across contigs or on N), by scanning each contig.
func bruteHits(seqs []string, pattern string) []int64 {
	var hits []int64
	var off int64
	for _, s := range seqs {
		for i := 0; i+len(pattern) <= len(s); i++ {
			if s[i:i+len(pattern)] == pattern && !strings.Contains(pattern, "N") {
				hits = append(hits, off+int64(i))
			}
		}
		off += int64(len(s))
	}
	return hits
}

func TestSearchMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 20; trial++ {
		lengths := make([]int, 1+rng.IntN(4))
		for i := range lengths {
			lengths[i] = 1 + rng.IntN(400)
		}
		fasta := randomFASTA(rng, lengths, 0.02)
		ix, _ := buildFromFASTA(t, fasta)
		_, seqs := naiveSeqs(fasta)
		all := strings.Join(seqs, "")
		for q := 0; q < 50; q++ {
			var pattern string
			if q%2 == 0 && len(all) > 0 {
				// a substring of the text, possibly spanning contigs or Ns
				i := rng.IntN(len(all))
				pattern = all[i:min(len(all), i+1+rng.IntN(12))]
			} else {
				p := make([]byte, 1+rng.IntN(6))
				for j := range p {
					p[j] = "ACGT"[rng.IntN(4)]
				}
				pattern = string(p)
			}
			want := bruteHits(seqs, pattern)
			codes := Encode(nil, []byte(pattern))
			iv := ix.Search(codes)
			rows := ix.Locate(iv, -1, nil)
			slices.Sort(rows)
			found, count := ix.Find(codes, -1, nil)
			if count != iv.Size() || !slices.Equal(found, rows) {
				t.Fatalf("pattern %q: Find %v (%d), Locate(Search) %v", pattern, found, count, rows)
			}
			var got []int64
			for _, p := range ix.Locate(iv, -1, nil) {
				if ix.Valid(p, len(pattern)) {
					got = append(got, p)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("trial %d pattern %q: got %v, want %v", trial, pattern, got, want)
			}
		}
	}
}

func TestFindLongPatterns(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	seq := make([]byte, 20000)
	for i := range seq {
		seq[i] = "ACGT"[rng.IntN(4)]
	}
	copy(seq[9000:], "NNNNN")
	// Contig b repeats seq[5000:5400], so patterns from there occur twice.
	ix, _ := buildFromFASTA(t, ">a\n"+string(seq)+"\n>b\n"+string(seq[5000:5400])+"\n")
	text := ix.Fetch(nil, 0, ix.TextLen())
	for q := 0; q < 3000; q++ {
		n := 20 + rng.IntN(120)
		p := rng.IntN(len(text) - n)
		if q%3 == 2 {
			p = 5000 + rng.IntN(400-n/2) // inside the repeat
		}
		codes := append([]byte(nil), text[p:min(len(text), p+n)]...)
		if q%4 == 1 { // one mismatch, often in the part Find compares
			codes[rng.IntN(len(codes))] = byte(rng.IntN(4))
		}
		iv := ix.Search(codes)
		rows := ix.Locate(iv, -1, nil)
		slices.Sort(rows)
		found, count := ix.Find(codes, -1, nil)
		if count != iv.Size() || !slices.Equal(found, rows) {
			t.Fatalf("pattern at %d len %d: Find %v (%d), Locate(Search) %v", p, n, found, count, rows)
		}
		if first, c := ix.Find(codes, 0, nil); len(first) != 0 || c != count {
			t.Fatalf("Find with max 0: %v, %d", first, c)
		}
	}
}
