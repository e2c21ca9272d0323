// Package flagstat counts the alignment records of a SAM or BAM file by
// their FLAG bits, exactly as samtools flagstat (bam_stat.c, samtools 1.16)
// does, and prints the counts in its text and JSON layouts. Records are
// counted apart by the QC-fail bit (0x200): the first column is QC-passed
// reads, the second QC-failed.
package flagstat

import (
	"github.com/biogo/hts/sam"
)

// Counts are the numbers of one column of samtools flagstat.
//
// Every record counts in Total, Mapped (when not unmapped) and Duplicates
// (when flagged). Secondary and Supplementary records count there only;
// the others are primary and also count in Primary, PrimaryMapped,
// PrimaryDuplicates and, when paired, in the pair counts: Read1, Read2,
// ProperlyPaired (proper-pair bit on a mapped read), WithMateMapped (read
// and mate mapped), Singletons (read mapped, mate not), MateOtherChr (read
// and mate mapped to different references) and MateOtherChrQ5 (the same
// with MAPQ >= 5).
type Counts struct {
	Total             int64
	Primary           int64
	Secondary         int64
	Supplementary     int64
	Duplicates        int64
	PrimaryDuplicates int64
	Mapped            int64
	PrimaryMapped     int64
	Paired            int64
	Read1             int64
	Read2             int64
	ProperlyPaired    int64
	WithMateMapped    int64
	Singletons        int64
	MateOtherChr      int64
	MateOtherChrQ5    int64
}

// Stats holds the two columns of samtools flagstat.
type Stats struct {
	Path     string
	QCPassed Counts
	QCFailed Counts
}

// Add counts one record given its FLAG, reference and mate reference IDs
// (-1 for none) and MAPQ.
func (s *Stats) Add(flags sam.Flags, refID, mateRefID int, mapq byte) {
	c := &s.QCPassed
	if flags&sam.QCFail != 0 {
		c = &s.QCFailed
	}
	c.add(flags, refID, mateRefID, mapq)
}

// add is samtools's flagstat_loop for one column.
func (c *Counts) add(flags sam.Flags, refID, mateRefID int, mapq byte) {
	mapped := flags&sam.Unmapped == 0
	c.Total++
	if mapped {
		c.Mapped++
	}
	if flags&sam.Duplicate != 0 {
		c.Duplicates++
	}
	switch {
	case flags&sam.Secondary != 0:
		c.Secondary++
		return
	case flags&sam.Supplementary != 0:
		c.Supplementary++
		return
	}
	c.Primary++
	if mapped {
		c.PrimaryMapped++
	}
	if flags&sam.Duplicate != 0 {
		c.PrimaryDuplicates++
	}
	if flags&sam.Paired == 0 {
		return
	}
	c.Paired++
	if flags&sam.ProperPair != 0 && mapped {
		c.ProperlyPaired++
	}
	if flags&sam.Read1 != 0 {
		c.Read1++
	}
	if flags&sam.Read2 != 0 {
		c.Read2++
	}
	mateMapped := flags&sam.MateUnmapped == 0
	if !mateMapped && mapped {
		c.Singletons++
	}
	if mapped && mateMapped {
		c.WithMateMapped++
		if mateRefID != refID {
			c.MateOtherChr++
			if mapq >= 5 {
				c.MateOtherChrQ5++
			}
		}
	}
}
