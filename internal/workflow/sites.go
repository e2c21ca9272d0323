package workflow

import (
	"bytes"
	"fmt"

	"github.com/vole-bio/vole/internal/report"
	"github.com/vole-bio/vole/pileup"
	"github.com/vole-bio/vole/pileup/vcf"
)

// maxSiteImages bounds the pictures of shared hom-alt calls in the report
// (each is some tens of kilobytes of PNG in the page).
const maxSiteImages = 12

// siteImages draws the reads at the shared hom-alt PASS calls (the first
// maxSiteImages) and at the PASS call of lowest QUAL, for the report.
func siteImages(ref string, bams []string, homAlt []*vcf.Record, lowest *vcf.Record) ([]report.SiteImage, error) {
	if len(homAlt) == 0 && lowest == nil {
		return nil, nil
	}
	si, err := pileup.NewSiteImager(ref, bams)
	if err != nil {
		return nil, err
	}
	var out []report.SiteImage
	draw := func(rec *vcf.Record, title, caption string) error {
		opt := pileup.DefaultImageOptions()
		opt.Site = fmt.Sprintf("{%s}:%d", rec.Chrom, rec.Pos)
		opt.Ref, opt.Alt = rec.Ref, rec.Alt[0]
		var buf bytes.Buffer
		if err := si.Write(&buf, opt); err != nil {
			return fmt.Errorf("drawing %s:%d: %w", rec.Chrom, rec.Pos, err)
		}
		out = append(out, report.SiteImage{Title: title, Caption: caption, PNG: buf.Bytes()})
		return nil
	}
	for i, rec := range homAlt[:min(len(homAlt), maxSiteImages)] {
		caption := ""
		if i == maxSiteImages-1 && len(homAlt) > maxSiteImages {
			caption = fmt.Sprintf("the first %d of %d shared hom-alt calls are drawn", maxSiteImages, len(homAlt))
		}
		if err := draw(rec, fmt.Sprintf("%s:%d %s>%s, homozygous-alternate in every sample (QUAL %.1f)", rec.Chrom, rec.Pos, rec.Ref, rec.Alt[0], rec.Qual), caption); err != nil {
			return nil, err
		}
	}
	if lowest != nil {
		err := draw(lowest, fmt.Sprintf("%s:%d %s>%s, the PASS call of lowest QUAL (%.1f)", lowest.Chrom, lowest.Pos, lowest.Ref, lowest.Alt[0], lowest.Qual),
			"the least certain call that passed every filter: is its allele in enough reads, on both strands, away from read ends?")
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
