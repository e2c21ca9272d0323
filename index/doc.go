// Package index holds a reference genome and its FM-index: the FASTA reader
// (contigs, 2-bit packed text, runs of ambiguous bases), the construction of
// the Burrows-Wheeler transform block by block (the rightmost block sorted by
// induced sorting, SA-IS, each block to its left merged into the index of the
// text to its right; merge.go), so that building a human genome takes about
// 1.3 bytes per base, the BWT with interleaved occurrence checkpoints,
// backward search (started from a k-mer table of intervals), locate through a
// sampled suffix array, Find (which switches from backward search to
// comparing the packed text once a match is unique), and the on-disk index
// file, which Load maps into memory. It also keeps the naive rotation-sort
// BWT encoder and the LF-mapping decoder used for teaching.
//
// Coordinates: the contigs are concatenated without separators into one text
// of TextLen bases; a position is an offset into that text and Contig.Offset
// maps it back to a contig. Ambiguous bases (N and the other IUPAC codes)
// are stored in the packed text as pseudo-random bases so that they neither
// match each other nor form long artificial repeats, and they are recorded as
// runs; hits that cross a contig boundary or touch an ambiguous run are not
// real and Valid rejects them.
//
// The index covers the forward strand only: callers search the reverse
// complement of a read to find reverse-strand hits.
//
// References: M. Burrows and D. J. Wheeler (1994), "A block-sorting lossless
// data compression algorithm"; P. Ferragina and G. Manzini (2000),
// "Opportunistic data structures with applications" (FM-index, backward
// search); G. Nong, S. Zhang and W. H. Chan (2009), "Linear suffix array
// construction by almost pure induced-sorting" (SA-IS); H. Li and R. Durbin
// (2009), "Fast and accurate short read alignment with Burrows-Wheeler
// transform" (bwa's interleaved BWT/occurrence layout); P. Ferragina, T.
// Gagie and G. Manzini (2012), "Lightweight data indexing and compression in
// external memory" (BWT construction by merging blocks).
package index
