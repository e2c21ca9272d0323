package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/pileup"
)

func init() { register(newPileupCmd) }

// newPileupCmd builds `vole pileup`: the samtools-mpileup-like text view of
// the columns the caller sees.
func newPileupCmd() *cobra.Command {
	def := pileup.DefaultCallOptions()
	opt := pileup.TextOptions{MinBaseQ: def.MinBaseQ, MinMapQ: def.MinMapQ, MaxDepth: def.MaxDepth}
	img := pileup.DefaultImageOptions()
	var imagePath string
	cmd := &cobra.Command{
		Use:   "pileup REF.fa A.bam [B.bam ...]",
		Short: "Print the pileup columns of a sorted BAM, as samtools mpileup does",
		Long: `Print, for each covered position, the contig, the position, the reference base,
the depth, the read bases and their qualities, in samtools mpileup's text
format: '.' and ',' match on the forward and reverse strand, letters are
mismatches (lower case on the reverse strand), '*' a deleted base, '^' and
a mapping-quality character start a read, '$' ends one, +N/-N and bases
follow a base where the read has an insertion or deletion. The reads and
bases are those the caller counts: the same flag, mapping and base quality
filters, overlapping mates once.

--image FILE.png draws the reads around one site (--region contig:pos) as a
picture instead, one row per read, as DeepVariant gives them to its network:
a colour composite (mismatches in IGV's colours, faded by base quality,
pale rows for reads under the mapping quality threshold) and the channels
apart: base, base quality, mapping quality, strand, supports the alternate
allele, differs from the reference. Several BAMs are drawn one under the
other. --alt names the allele (as in a VCF, with --ref-allele); by default
it is the most common other base at the site.`,
		Example: `  vole pileup ref.fa sample.bam --region chr1:1000-1010
  vole pileup ref.fa sample.bam -r '{chr11:5868417-7868417}:100-200'
  vole pileup ref.fa mother.bam child.bam --region chr20:10001019 --image site.png`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if imagePath == "" {
				if len(args) != 2 {
					return fmt.Errorf("pileup: the text view takes one BAM (several only with --image)")
				}
				return pileup.WriteText(args[0], args[1], cmd.OutOrStdout(), opt)
			}
			if opt.Region == "" {
				return fmt.Errorf("pileup --image: give the site with --region contig:pos")
			}
			img.Site, img.MinBaseQ, img.MinMapQ = opt.Region, opt.MinBaseQ, opt.MinMapQ
			return writeImage(imagePath, args[0], args[1:], img)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opt.Region, "region", "r", "", "show only REGION: contig, contig:start-end or {contig}:start-end (1-based; needs a .bai)")
	f.IntVarP(&opt.MinBaseQ, "min-BQ", "Q", opt.MinBaseQ, "skip bases with base quality below this")
	f.IntVarP(&opt.MinMapQ, "min-MQ", "q", opt.MinMapQ, "skip reads with mapping quality below this")
	f.IntVarP(&opt.MaxDepth, "max-depth", "d", opt.MaxDepth, "show at most this many reads at a position")
	f.StringVar(&imagePath, "image", "", "draw the reads around the --region site into this PNG")
	f.StringVar(&img.Alt, "alt", "", "with --image: the alternate allele to show support for (needs --ref-allele)")
	f.StringVar(&img.Ref, "ref-allele", "", "with --image: the reference allele of --alt, as in a VCF")
	f.IntVar(&img.Flank, "flank", img.Flank, "with --image: bases drawn on each side of the site")
	f.IntVar(&img.MaxRows, "rows", img.MaxRows, "with --image: most reads drawn per BAM")
	return cmd
}

// writeImage draws the site into path atomically.
func writeImage(path, ref string, bams []string, opt pileup.ImageOptions) error {
	out, err := fileio.Create(path)
	if err != nil {
		return err
	}
	defer out.Abort()
	if err := pileup.WriteSiteImage(ref, bams, out, opt); err != nil {
		return err
	}
	return out.Commit()
}
