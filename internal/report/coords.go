package report

import (
	"regexp"
	"strconv"
)

// regionName matches a contig named after a region of a larger sequence,
// chrom:start-end, as samtools faidx names extracted regions.
var regionName = regexp.MustCompile(`^(.+):([0-9]+)-([0-9]+)$`)

// GenomeCoord converts a 1-based position pos on a contig named like a
// region (chr11:5868417-7868417) to the position on the whole chromosome.
// The convention is samtools': the region's start is 1-based and inclusive,
// so position 1 of the contig is the start and pos maps to start + pos - 1.
// ok is false when the name is not a region or pos lies outside it.
func GenomeCoord(contig string, pos int) (chrom string, gpos int, ok bool) {
	m := regionName.FindStringSubmatch(contig)
	if m == nil {
		return "", 0, false
	}
	start, err1 := strconv.Atoi(m[2])
	end, err2 := strconv.Atoi(m[3])
	if err1 != nil || err2 != nil || start < 1 || end < start || pos < 1 || pos > end-start+1 {
		return "", 0, false
	}
	return m[1], start + pos - 1, true
}
