// Package pileup calls SNPs and short indels from coordinate-sorted BAM or
// SAM files, one sample each, into one joint VCF; it also prints the
// samtools-mpileup text view of the same columns for teaching.
//
// The passes, for each contig (or piece of one, with threads):
//
//  1. Reads come from every sample's file in position order (a merge of
//     the streams; with an index, only the reads that may touch the piece).
//     Unmapped, secondary, QC-fail and duplicate reads are skipped, as are
//     reads under the mapping quality threshold and bases under the base
//     quality threshold. The bases of a read that overlap its mate, when
//     the mate came first, are not counted again.
//  2. Each aligned base adds three table look-ups to its column: for the
//     base it shows, the sums of log P(read | genotype) over genotypes that
//     carry 0, 1 or 2 copies of it. These sums give the exact diploid
//     likelihood of every genotype (Li 2011, "A statistical framework for
//     SNP calling, mutation discovery, association mapping and population
//     genetical parameter estimation from sequencing data", Bioinformatics
//     27:2987), with the error of a base its base quality capped by the
//     read's mapping quality, so the pileup needs no per-read storage.
//     Insertions and deletions from the CIGAR are left-normalized against
//     the reference (Tan, Abecasis and Kang 2015, "Unified representation of
//     genetic variants") and counted at their padding base; a base deleted
//     by a read is an allele of its own, so that no SNP is called inside a
//     deletion.
//  3. Columns are kept in a ring buffer until no read can still reach them
//     (the next read starts more than lag bases later, lag covering the
//     left shift of normalization), then called: alternate alleles with
//     enough reads are genotyped over the reference and up to three
//     alternates per kind with an infinite-sites prior (heterozygosity 1e-3
//     for SNPs, 1e-4 for indels, as samtools), alleles no genotype uses are
//     dropped, and a record is written when some sample is not hom-ref.
//     QUAL is the phred probability that every sample is hom-ref.
//  4. For an indel the reference allele is supported only by reads that
//     reach past both ends of its repeat by a margin: a read ending inside a
//     homopolymer or tandem repeat cannot tell whether the indel is there.
//     The indel error of a read is Q40 outside repeats and falls with the
//     length of the repeat, where polymerase slippage is common.
//
// Each position is called from the reads that overlap it and nothing else,
// so a region gives exactly the records of the whole run inside it, and the
// output is the same for any number of threads.
package pileup
