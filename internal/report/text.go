package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText prints the answers of r as plain text for the terminal: the
// per-sample table, the shared counts, the shared homozygous-alternate
// variants (with genome coordinates for region-named contigs) and, when
// present, the score against planted variants.
func WriteText(out io.Writer, r *Report) error {
	w := &strings.Builder{}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "sample\treads\tmapped\tmapped %\tproperly paired\tdepth\tSNPs\tindels\thet\thom-alt\t")
	for _, s := range r.Samples {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%d\t%.1f\t%d\t%d\t%d\t%d\t\n", s.Name, s.Reads, s.Mapped, s.MappedPercent(),
			s.ProperlyPaired, r.MeanDepth(s.Name), s.SNPs, s.Indels, s.Het, s.HomAlt)
	}
	tw.Flush() // cannot fail on a strings.Builder
	fmt.Fprintf(w, "variants shared by all %d samples: %d\n", len(r.Samples), r.SharedAll)
	fmt.Fprintf(w, "shared and homozygous-alternate in all: %d\n", len(r.SharedHomAlt))
	for _, v := range r.SharedHomAlt {
		fmt.Fprintf(w, "  %s:%d %s>%s", v.Contig, v.Pos, v.Ref, v.Alt)
		if chrom, g, ok := GenomeCoord(v.Contig, v.Pos); ok {
			fmt.Fprintf(w, " (genome %s:%d)", chrom, g)
		}
		fmt.Fprintln(w)
	}
	if t := r.Truth; t != nil {
		fmt.Fprintf(w, "planted: %d SNPs, %d indels; found: %d SNPs, %d indels, recall %.1f%%, false calls %d, genotypes right at %d sites\n",
			t.PlantedSNPs, t.PlantedIndels, t.FoundSNPs, t.FoundIndels, 100*t.Recall(), t.FalseCalls, t.GenotypeMatches)
	}
	_, err := io.WriteString(out, w.String())
	return err
}
