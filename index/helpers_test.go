package index

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// randomFASTA returns a FASTA text with the given contig lengths, random
// bases in mixed case and, when nRate > 0, runs of N and other IUPAC codes.
func randomFASTA(rng *rand.Rand, lengths []int, nRate float64) string {
	var b strings.Builder
	for i, n := range lengths {
		// Names SAM allows (CheckContigName), unique, with a ':' as
		// region-like names have: chra:1-0 ... chrz:1-5, chra1:1-6 ...
		name := "chr" + string(rune('a'+i%26))
		if i >= 26 {
			name += strconv.Itoa(i / 26)
		}
		b.WriteString(">" + name + ":1-" + string(rune('0'+i%10)) + " description\n")
		for j := 0; j < n; j++ {
			switch {
			case nRate > 0 && rng.Float64() < nRate:
				run := 1 + rng.IntN(5)
				for k := 0; k < run && j < n; k++ {
					b.WriteByte("NNNRYKM"[rng.IntN(7)])
					j++
				}
				j--
			case rng.IntN(10) == 0:
				b.WriteByte("acgt"[rng.IntN(4)])
			default:
				b.WriteByte("ACGT"[rng.IntN(4)])
			}
			if j%60 == 59 {
				b.WriteByte('\n')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// writeFile writes content to name in a fresh temporary folder.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// naiveSeqs parses FASTA text the simple way: contig names and uppercase
// sequences with every non-ACGT letter as N, the truth for the reader.
func naiveSeqs(fasta string) (names []string, seqs []string) {
	for _, rec := range strings.Split(fasta, ">")[1:] {
		lines := strings.Split(rec, "\n")
		names = append(names, strings.Fields(lines[0])[0])
		seq := strings.ToUpper(strings.Join(lines[1:], ""))
		seq = strings.Map(func(r rune) rune {
			if strings.ContainsRune("ACGT", r) {
				return r
			}
			return 'N'
		}, strings.TrimSpace(seq))
		seqs = append(seqs, seq)
	}
	return names, seqs
}

// buildFromFASTA reads and indexes FASTA text.
func buildFromFASTA(t testing.TB, fasta string) (*Index, string) {
	t.Helper()
	path := writeFile(t, "ref.fa", fasta)
	ref, err := ReadFASTA(path)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(ref)
	if err != nil {
		t.Fatal(err)
	}
	return ix, path
}

// readFile returns the content of path.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
