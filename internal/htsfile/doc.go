// Package htsfile is vole's one place for the htslib file formats it writes
// (SAM/BAM specification, samtools.github.io/hts-specs): BGZF blocks whose
// writer reports every record's virtual offset, the binning indexes (BAI,
// CSI, and tabix's TBI) built while the data is written, BAM record
// encoding, and the coordinate-sorted BAM writer with bounded memory.
//
// Records go through biogo/hts's sam.Record; what is here is what biogo
// does not do fast enough or at all for a writer: knowing each record's
// virtual offset as it is written (so the index needs no second pass over
// the file), compressing blocks on all threads, and sorting with spills.
//
// Virtual offsets handed out by Writer are provisional: the high 48 bits
// hold the block's number, not its file offset, because blocks are
// compressed (and so sized) after the record is placed. The BlockOffsets
// that Writer.Close returns turn them into file virtual offsets; the index
// builders take them at write time.
package htsfile
