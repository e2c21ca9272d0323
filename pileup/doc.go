// Package pileup calls SNPs and short indels from coordinate-sorted BAM or
// SAM files, one sample each, into one joint VCF; it also prints the
// samtools-mpileup text view of the same columns and draws the reads at a
// site as a picture (DeepVariant's input channels), for teaching.
//
// The passes, for each contig (or piece of one, with threads):
//
//  1. Reads come from every sample's file in position order (a merge of
//     the streams; with an index, only the reads that may touch the piece,
//     through one reader per file and worker). Unmapped, secondary,
//     QC-fail and duplicate reads are skipped; reads under the mapping
//     quality threshold count only in the raw depth (INFO/DP, MQ, MQ0F).
//     A pair's overlapping bases are shared between its two reads at the
//     middle of the overlap, so the molecule counts once.
//  2. Reads wait in a queue until every read that may show an indel near
//     them has arrived; then the realigner decides whether a read needs
//     its base alignment quality (BAQ, Li 2011, "Improving SNP discovery
//     by base alignment quality"): mismatches near indels that two reads
//     show, next to long homopolymers near the read's end, or an indel of
//     its own near its end. Its base qualities are then capped by BAQ (as
//     bcftools does), by the neighbours' quality plus 30, and by the
//     mapping quality (at most 60).
//  3. Each aligned base at least the base quality threshold is stored in
//     its column (allele, strand, quality, base quality, distance from the
//     read's end), up to a depth cap per column and sample; insertions and
//     deletions from the CIGAR are left-normalized against the reference
//     (Tan, Abecasis and Kang 2015, "Unified representation of genetic
//     variants") and stored at their padding base with an error that
//     falls with the length of their repeat; a base deleted by a read is an
//     allele of its own, so that no SNP is called inside a deletion.
//  4. Columns are kept in a ring buffer until no read can still reach them
//     (lag covers the left shift of normalization), then called: alternate
//     alleles with enough reads are genotyped over the reference with the
//     revised MAQ error model of bcftools (errmod.go: errors of one allele
//     on one strand count with falling weight, so systematic errors do not
//     add up like independent ones) and an infinite-sites prior
//     (heterozygosity 1e-3 for SNPs, 1e-4 for indels, as samtools); alleles
//     no genotype uses are dropped, and a record is written when some
//     sample is not hom-ref. QUAL is the phred probability that every
//     sample is hom-ref. For an indel the reference allele is supported
//     only by reads that reach past both ends of its repeat by a margin.
//  5. Each record gets the annotations filters are written for (raw DP,
//     MQ, MQ0F, DP4, FS and SOR as GATK computes them, QD, rank sums of
//     base quality and read position, EndBias, LowBQBias) and the FILTER
//     values of the hard filters (filters.go says which data chose them).
//
// Records go to the output as they are called, in order; the reference is
// read a window at a time (from a plain FASTA through its .fai or a table
// scanned from it, else unpacked from 2 bits held in memory), so memory
// follows the depth and the reads in flight, not the genome (but for a
// gzip or unevenly wrapped FASTA, held whole at 2 bits a base). Each position is called from the reads that overlap it (and
// those near enough to tell the realigner of their indels) and nothing
// else, so a region gives exactly the records of the whole run inside it,
// and the output is the same for any number of threads.
package pileup
