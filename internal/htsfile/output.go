package htsfile

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Output is the format of an alignment output, chosen by its name.
type Output int

const (
	// SAMText is SAM text: standard output ("" or "-") or a .sam file.
	SAMText Output = iota
	// SAMBGZF is SAM text compressed as BGZF (.sam.gz), which gzip,
	// samtools and htslib read.
	SAMBGZF
	// SortedBAMFile is a coordinate-sorted BAM with its index (.bam).
	SortedBAMFile
)

// OutputFor returns the format an alignment output named name is written
// in: SAM for "" or "-" (standard output) and .sam, BGZF-compressed SAM for
// .sam.gz, a coordinate-sorted BAM for .bam (case does not matter). Any
// other name is an error naming it, so that a command refuses it before
// doing any work rather than writing SAM text under a name that says
// otherwise.
func OutputFor(name string) (Output, error) {
	lower := strings.ToLower(name)
	switch {
	case name == "" || name == "-" || strings.HasSuffix(lower, ".sam"):
		return SAMText, nil
	case strings.HasSuffix(lower, ".sam.gz"):
		return SAMBGZF, nil
	case strings.HasSuffix(lower, ".bam"):
		return SortedBAMFile, nil
	}
	ext := filepath.Ext(lower)
	switch ext {
	case ".cram":
		return 0, fmt.Errorf("%s: CRAM output is not supported: name the output .bam (sorted BAM), .sam or .sam.gz", name)
	case "":
		return 0, fmt.Errorf("%s: the output format follows the extension: name it .bam (sorted BAM), .sam or .sam.gz", name)
	}
	return 0, fmt.Errorf("%s: unknown output format %s: name the output .bam (sorted BAM), .sam or .sam.gz", name, ext)
}
