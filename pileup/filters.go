package pileup

import (
	"fmt"
	"math"
	"strconv"

	"github.com/vole-bio/vole/pileup/vcf"
)

// siteAnnotations are a record's INFO annotations besides the allele
// counts, and what the hard filters look at.
type siteAnnotations struct {
	dp                          int
	mq, mq0f                    float64
	strands                     strandTable
	fs, sor                     float64
	qd                          float64
	hasQD                       bool
	bqRankSum, posRankSum       float64
	hasBQRankSum, hasPosRankSum bool
	endBias, lowBQ              float64
}

// info returns the INFO fields, in header order.
func (a siteAnnotations) info() []vcf.InfoField {
	f := []vcf.InfoField{
		{Key: "DP", Value: strconv.Itoa(a.dp)},
		{Key: "MQ", Value: fixed(a.mq, 2)},
		{Key: "MQ0F", Value: fixed(a.mq0f, 3)},
		{Key: "DP4", Value: joinInts([]int{a.strands.refFwd, a.strands.refRev, a.strands.altFwd, a.strands.altRev})},
		{Key: "FS", Value: fixed(a.fs, 3)},
		{Key: "SOR", Value: fixed(a.sor, 3)},
	}
	if a.hasQD {
		f = append(f, vcf.InfoField{Key: "QD", Value: fixed(a.qd, 2)})
	}
	if a.hasBQRankSum {
		f = append(f, vcf.InfoField{Key: "BaseQRankSum", Value: fixed(a.bqRankSum, 3)})
	}
	if a.hasPosRankSum {
		f = append(f, vcf.InfoField{Key: "ReadPosRankSum", Value: fixed(a.posRankSum, 3)})
	}
	return append(f,
		vcf.InfoField{Key: "EndBias", Value: fixed(a.endBias, 2)},
		vcf.InfoField{Key: "LowBQBias", Value: fixed(a.lowBQ, 2)})
}

// fixed formats x with at most d decimals, without trailing zeros (and -0
// as 0).
func fixed(x float64, d int) string {
	p := math.Pow(10, float64(d))
	x = math.Round(x*p) / p
	if x == 0 {
		x = 0
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// HardFilters are the thresholds of the FILTER values other than LowQual.
// A record fails a filter when its annotation passes the threshold; the
// zero value of a threshold turns its filter off. The defaults and the data
// they were chosen on are in DefaultFilters.
type HardFilters struct {
	// StrandBias: SNPs with SOR above SNPMaxSOR while FS is above
	// MinFSWithSOR, or FS above SNPMaxFS; indels likewise with IndelMaxSOR
	// and IndelMaxFS; at sites with at least MinRefReads reads of the
	// reference allele (strand bias is the alternate allele's strands set
	// against the reference's; without reference reads there is nothing to
	// set them against).
	SNPMaxSOR, SNPMaxFS, IndelMaxSOR, IndelMaxFS, MinFSWithSOR float64
	MinRefReads                                                int
	// ReadEnd: EndBias (the phred-scaled probability that the alternate
	// reads show their allele this close to their ends this often, were
	// they placed like the reference reads) above MaxEndBias.
	MaxEndBias float64
	// LowBaseQ: LowBQBias (the same test for base qualities under 20)
	// above MaxLowBQBias.
	MaxLowBQBias float64
}

// DefaultFilters are the hard filters `vole call` applies, chosen on the
// tuning set (ART HiSeq 2500 reads at 30x on benchtool's synthetic 3 Mb
// genome, seed 7, variants by benchtool mutate -seed 7; the reported
// figures are on other genomes and seeds). The simulator makes no strand-,
// end- or quality-specific errors, so every record these filters remove
// there is a true variant lost; the limits are the tightest that lose none
// (or, for indel SOR, GATK's) while still catching the patterns of real
// errors (eight reverse-strand reads showing an allele the forward reads
// do not have: SOR 4.4; an allele only in the last bases of reads or only
// at low base quality: EndBias or LowBQBias far above 40):
//   - StrandBias: GATK's recommended SNP limit SOR > 3 filtered 10 true
//     SNPs there (SOR up to 3.9 at 30x by chance) and 6 hom-alt SNPs with
//     no reference reads; SOR > 4 with at least 3 reference reads loses
//     none. SOR is not a test: a het with 7 alternate reads, all on one
//     strand by chance (1.6% of such hets), has SOR 4.2; so SOR counts
//     only where Fisher's test also finds the imbalance unlikely by chance.
//     How unlikely follows from how many hets a sample has, not from a
//     data set: a per-site limit of p < 0.01 (FS > 20, the first choice)
//     lost no true SNP on the tuning sets but 3 of about 2,000 hets of the
//     chr11 ART set and 2 of the human-like held-out set (seed 2), FS 22
//     to 27, as 1% of thousands of tests must; p < 0.0001 (FS > 40)
//     expects less than one loss per 10,000 hets, and still flags an
//     allele on 22 reverse reads against 26 balanced reference reads (FS
//     42). The tuning sets cannot choose between the two (no true variant
//     there has FS between 20 and 40 with SOR > 4). FS > 60 (SNPs) and
//     SOR > 10 or FS > 200 (indels) are GATK's.
//   - ReadEnd and LowBaseQ: the largest values of true variants were
//     EndBias 31.7 and LowBQBias 17.7.
var DefaultFilters = HardFilters{SNPMaxSOR: 4, SNPMaxFS: 60, IndelMaxSOR: 10, IndelMaxFS: 200, MinFSWithSOR: 40, MinRefReads: 3, MaxEndBias: 40, MaxLowBQBias: 40}

// apply returns the FILTER values of a record: PASS, or the name of every
// filter it fails.
func (h HardFilters) apply(qual, lowQual float64, indel bool, a siteAnnotations) []string {
	var out []string
	if qual < lowQual {
		out = append(out, "LowQual")
	}
	maxSOR, maxFS := h.SNPMaxSOR, h.SNPMaxFS
	if indel {
		maxSOR, maxFS = h.IndelMaxSOR, h.IndelMaxFS
	}
	refReads := a.strands.refFwd + a.strands.refRev
	if refReads >= h.MinRefReads && ((maxSOR > 0 && a.sor > maxSOR && a.fs > h.MinFSWithSOR) || (maxFS > 0 && a.fs > maxFS)) {
		out = append(out, "StrandBias")
	}
	if h.MaxEndBias > 0 && a.endBias > h.MaxEndBias {
		out = append(out, "ReadEnd")
	}
	if h.MaxLowBQBias > 0 && a.lowBQ > h.MaxLowBQBias {
		out = append(out, "LowBaseQ")
	}
	if out == nil {
		out = []string{"PASS"}
	}
	return out
}

// headerLines returns the FILTER definitions.
func (h HardFilters) headerLines(lowQual float64) []string {
	return []string{
		fmt.Sprintf("FILTER=<ID=LowQual,Description=\"QUAL below %g\">", lowQual),
		fmt.Sprintf("FILTER=<ID=StrandBias,Description=\"Alternate allele mostly on one strand, unlike the reference allele (at least %d reads): SOR above %g with FS above %g, or FS above %g (SNPs); SOR above %g with FS above %g, or FS above %g (indels)\">",
			h.MinRefReads, h.SNPMaxSOR, h.MinFSWithSOR, h.SNPMaxFS, h.IndelMaxSOR, h.MinFSWithSOR, h.IndelMaxFS),
		fmt.Sprintf("FILTER=<ID=ReadEnd,Description=\"Alternate allele seen near read ends far more often than the reference allele: EndBias above %g\">", h.MaxEndBias),
		fmt.Sprintf("FILTER=<ID=LowBaseQ,Description=\"Alternate allele seen at base quality under 20 far more often than the reference allele: LowBQBias above %g\">", h.MaxLowBQBias),
	}
}

// nearEnd is how close to an end of the aligned part of a read a base is
// "near the end" for EndBias.
const nearEnd = 5

// lowBQ is the base quality under which a base is "low quality" for
// LowBQBias.
const lowBQ = 20

// endBias is the phred-scaled probability that, of the alternate alleles'
// reads, at least as many as observed show it within nearEnd bases of a
// read end, were each as likely to as a reference read (with one
// pseudo-read each way): a binomial upper tail. Real errors from adapter
// remnants, misaligned read ends and end-of-read quality collapse sit at
// read ends; a real allele sits anywhere in the read.
func endBias(alt, ref []int) float64 {
	return biasPhred(alt, ref, func(d int) bool { return d < nearEnd })
}

// lowBaseQuality is endBias's test for base qualities under lowBQ: an
// allele the sequencer only ever reads with low confidence.
func lowBaseQuality(alt, ref []int) float64 {
	return biasPhred(alt, ref, func(q int) bool { return q < lowBQ })
}

// biasPhred is the phred-scaled binomial upper tail P(X >= k), X ~
// Binomial(len(alt), f), k the alternate values that are marked and f the
// marked fraction of the reference values with one pseudo-count each way.
func biasPhred(alt, ref []int, marked func(int) bool) float64 {
	k, r := 0, 0
	for _, v := range alt {
		if marked(v) {
			k++
		}
	}
	for _, v := range ref {
		if marked(v) {
			r++
		}
	}
	if k == 0 {
		return 0
	}
	f := float64(r+1) / float64(len(ref)+2)
	return -10 * math.Log10(max(binomUpperTail(len(alt), k, f), 1e-300))
}

// binomUpperTail returns P(X >= k) for X ~ Binomial(n, p).
func binomUpperTail(n, k int, p float64) float64 {
	var s float64
	lp, lq := math.Log(p), math.Log1p(-p)
	for x := k; x <= n; x++ {
		s += math.Exp(logChoose(n, x) + float64(x)*lp + float64(n-x)*lq)
	}
	return min(s, 1)
}
