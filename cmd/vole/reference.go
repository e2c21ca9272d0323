package main

import (
	"fmt"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/pileup/vcf"
)

// fastaReference reads a FASTA file (plain or gzip) with index.ReadFASTA and
// returns a vcf.Reference over its contigs (ambiguous bases read as N), with
// the contigs in file order for the output header. It lives with the
// commands because package vcf stays a leaf that knows no FASTA reader.
func fastaReference(path string) (vcf.Reference, []vcf.Contig, error) {
	ref, err := index.ReadFASTA(path)
	if err != nil {
		return nil, nil, err
	}
	seqs := make(map[string]string, len(ref.Contigs))
	contigs := make([]vcf.Contig, len(ref.Contigs))
	for i, c := range ref.Contigs {
		seqs[c.Name] = string(ref.ContigSeq(i))
		contigs[i] = vcf.Contig{Name: c.Name, Length: c.Length}
	}
	get := vcf.MapReference(seqs)
	named := func(contig string, start, end int) (string, error) {
		s, err := get(contig, start, end)
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		return s, nil
	}
	return named, contigs, nil
}
