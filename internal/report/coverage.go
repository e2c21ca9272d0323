package report

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
)

// skipFlags are the reads that do not count towards depth, as in samtools
// depth: unmapped, secondary, supplementary, QC-failed and duplicate.
const skipFlags = sam.Unmapped | sam.Secondary | sam.Supplementary | sam.QCFail | sam.Duplicate

// CoverageFromBAM reads a BAM and returns, for each reference of its header,
// the mean depth of aligned bases (CIGAR M, = and X) in about bins equal
// bins, labelled with sample. Deleted and skipped reference bases do not
// count, as in samtools depth. bins below 1 count as 1.
func CoverageFromBAM(path, sample string, bins int) ([]Track, error) {
	bins = max(bins, 1)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br, err := bam.NewReader(f, 1)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer br.Close()
	refs := br.Header().Refs()
	sums := make([][]float64, len(refs))
	sizes := make([]int, len(refs))
	for i, r := range refs {
		sizes[i] = max(1, (r.Len()+bins-1)/bins)
		sums[i] = make([]float64, (r.Len()+sizes[i]-1)/sizes[i])
	}
	for n := 1; ; n++ {
		rec, err := br.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("%s: record %d: %w", path, n, err)
		}
		if rec.Flags&skipFlags != 0 || rec.Ref == nil || rec.Ref.ID() >= len(refs) {
			continue
		}
		id := rec.Ref.ID()
		addBlocks(sums[id], sizes[id], rec)
	}
	tracks := make([]Track, len(refs))
	for i, r := range refs {
		depth := sums[i]
		for b := range depth {
			binLen := min(sizes[i], r.Len()-b*sizes[i])
			depth[b] /= float64(binLen)
		}
		tracks[i] = Track{Sample: sample, Contig: r.Name(), BinSize: sizes[i], Depth: depth}
	}
	return tracks, nil
}

// addBlocks adds the reference bases rec aligns to the bins of sum.
func addBlocks(sum []float64, size int, rec *sam.Record) {
	pos := rec.Pos
	for _, op := range rec.Cigar {
		n := op.Len()
		switch op.Type() {
		case sam.CigarMatch, sam.CigarEqual, sam.CigarMismatch:
			addRange(sum, size, pos, pos+n)
			pos += n
		case sam.CigarDeletion, sam.CigarSkipped:
			pos += n
		}
	}
}

// addRange adds one to every base of [from, to) in bins of size.
func addRange(sum []float64, size, from, to int) {
	for from < to {
		b := from / size
		if b >= len(sum) {
			return
		}
		end := min(to, (b+1)*size)
		sum[b] += float64(end - from)
		from = end
	}
}
