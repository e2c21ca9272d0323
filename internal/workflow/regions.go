package workflow

import (
	"fmt"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/pileup"
)

// Regions cuts the contigs of the FASTA reference at refPath into the
// regions a cluster calls one by one: each contig whole when chunk is 0,
// else windows of chunk bases (the last one of a contig shorter), in
// reference order. Joining their VCFs in this order gives the VCF of the
// whole genome (see vcf.ConcatFiles); the caller keeps a region's calls
// independent of where the region ends.
func Regions(refPath string, chunk int) ([]pileup.Region, error) {
	if chunk < 0 {
		return nil, fmt.Errorf("region size %d: want 0 (one region per contig) or a number of bases", chunk)
	}
	ref, err := index.ReadFASTA(refPath)
	if err != nil {
		return nil, err
	}
	var out []pileup.Region
	for i, c := range ref.Contigs {
		step := chunk
		if step == 0 {
			step = c.Length
		}
		for s := 0; s < c.Length; s += step {
			out = append(out, pileup.Region{Contig: i, Name: c.Name, Start: s, End: min(s+step, c.Length)})
		}
	}
	return out, nil
}
