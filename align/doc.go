// Package align maps sequencing reads to a reference held in an FM-index
// (package index) and writes SAM or coordinate-sorted BAM.
//
// The default mode is seed, chain and extend, as bwa mem (H. Li 2013,
// "Aligning sequence reads, clone sequences and assembly contigs with
// BWA-MEM", arXiv:1303.3997):
//
//  1. seeds (seed.go): greedy maximal exact matches found by backward
//     search (Ferragina and Manzini 2000) on both strands, at least 19
//     bases; of seeds with more than 500 occurrences 50 spread over the
//     interval are located, and they lower MAPQ; long unique seeds are searched again from their middle to
//     reveal near-identical repeat copies; the index's k-mer interval
//     table (index.KmerInterval) replaces the first k steps of each search,
//     and a match that became unique is located and extended by comparison
//     with the text, both giving exactly the seeds plain backward search
//     gives;
//  2. chains (chain.go): located seeds grouped by diagonal when colinear
//     (copies of one read interval shifted by a tandem repeat's period are
//     separate chains, hence separate hits and MAPQ 0), weighted by the
//     read bases they cover; chains much weaker than one covering the same
//     read bases dropped, as bwa's mem_chain_flt;
//  3. extension (extend.go, dp.go): a gapless alignment when provably
//     optimal, else banded affine-gap DP (Gotoh 1982) with soft clipping
//     under bwa mem's scores (scoring.go);
//  4. primary, secondary and supplementary hits and MAPQ (mapq.go), as
//     bwa's mem_mark_primary_se and mem_approx_mapq_se, alt contigs
//     (alt.go) as bwa's README-alt.md; equal hits ordered by a hash of the
//     read name (aligner.go), so the copies of a repeat share the reads;
//  5. pairs (insert.go, pair.go): insert-size model of each orientation
//     learned from the first unique pairs of the input, pair choice by score
//     and insert likelihood with bwa's n_sub, mate rescue in the window the
//     partner implies;
//  6. records (record.go, samtext.go): primary, supplementary (SA, hard
//     clipped), XA, MC and MQ as bwa mem writes them; output (sink.go, with
//     internal/htsfile for BAM): SAM text, or BAM sorted with bounded
//     memory and indexed as it is written.
//
// Constants tuned on data say so. The tuning data: a 4 Mb human-like genome
// (Alu- and L1-like families, segmental duplications, satellites, 20 alt
// contigs) and a 2 Mb tandem-array genome, both drawn with seed 1 by a
// throwaway generator, with dwgsim pairs (-z 11), and ART pairs of a 1.5 Mb
// vole sim genome (seed 1); the figures in README.md come from other data
// (bench/run.sh heldout: vole sim genome and benchtool tandem, seed 2).
//
// --exact mode (Options.Exact) is whole-read exact backward search on both
// strands only, the algorithm an applied-genomics course teaches.
//
// Reads flow in batches through worker goroutines and come out in input
// order (pipeline.go); every choice is deterministic and depends on the
// read and the reference only, so the output is byte-identical for any
// number of threads and any batch size. AlignFiles is the entry point.
package align
