package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"unsafe"
)

// errTruncated marks a file that ends before its sections do.
var errTruncated = errors.New("file is truncated")

// fileReader walks the sections of an index file held in memory.
type fileReader struct {
	buf []byte
	off int
	err error
}

// next returns the next n bytes and moves past their padding.
func (fr *fileReader) next(n int64) []byte {
	if fr.err != nil || n < 0 || n > int64(len(fr.buf)-fr.off) {
		fr.err = errTruncated
		return nil
	}
	b := fr.buf[fr.off : fr.off+int(n)]
	fr.off += int(n+7) &^ 7
	if fr.off > len(fr.buf) {
		fr.off = len(fr.buf)
	}
	return b
}

// int reads one 64-bit integer.
func (fr *fileReader) int() int64 {
	b := fr.next(8)
	if b == nil {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(b))
}

// sliceOf returns count elements of T at the cursor, sharing the buffer.
func sliceOf[T uint32 | uint64](fr *fileReader, count int64) []T {
	var zero T
	size := int64(unsafe.Sizeof(zero))
	if count < 0 || count > int64(len(fr.buf))/size {
		fr.err = errTruncated
		return nil
	}
	b := fr.next(count * size)
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), count)
}

// Load maps the index at indexPath into memory (read-only, shared with the
// page cache, so the index is never copied through the heap and several
// processes share one copy) and checks it: format and version, checksum,
// internal consistency, and, when fastaPath is not empty, that the FASTA is
// the one the index was built from (its size and mtime, or failing those
// its content hash). A truncated, corrupt or stale file is an error naming
// it; so is a missing FASTA. Close releases the mapping.
//
// The checksum reads the whole file at every load. It is kept there rather
// than behind a separate verify step because it is cheap next to what an
// aligner does with the index: 70 ms of the 88 ms that loading the 453 MB
// index of a 300 Mb genome takes when the file is in the page cache (about
// 0.2 s per GB), and it brings in pages that aligning touches anyway.
func Load(indexPath, fastaPath string) (*Index, error) {
	if !littleEndian {
		return nil, errors.New("index: loading needs a little-endian machine")
	}
	buf, unmap, err := mapFile(indexPath)
	if err != nil {
		return nil, err
	}
	ix, err := decode(buf)
	if err != nil {
		unmap()
		return nil, fmt.Errorf("index %s: %w; rerun `vole index`", indexPath, err)
	}
	if fastaPath != "" {
		if err := checkFresh(ix.ref.fingerprint, fastaPath); err != nil {
			unmap()
			if errors.Is(err, fs.ErrNotExist) {
				// Rebuilding cannot help: the FASTA is what is missing.
				return nil, fmt.Errorf("%s is missing (its index %s is there: put the FASTA back beside it)", fastaPath, indexPath)
			}
			return nil, fmt.Errorf("index %s is stale: %w; rerun `vole index %s`", indexPath, err, fastaPath)
		}
	}
	ix.unmap, ix.path = unmap, indexPath
	return ix, nil
}

// Close releases the memory mapping of an index from Load; the index and
// everything taken from it (its Reference included) must not be used
// afterwards. It does nothing for an index from Build, whose memory the
// garbage collector reclaims, and may be called more than once.
func (ix *Index) Close() error {
	if ix.unmap == nil {
		return nil
	}
	err := ix.unmap()
	ix.unmap = nil
	return err
}

// mapFile returns the bytes of the file at path, mapped into memory where
// the system allows (mapOpen), and the function that releases them.
func mapFile(path string) ([]byte, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.Size() == 0 {
		return []byte{}, func() error { return nil }, nil // nothing to map
	}
	return mapOpen(f, st.Size())
}

// decode checks the magic, version and checksum of buf and builds the index
// over it. The sections are laid out before the checksum is computed so
// that the checks of the big ones run beside it (checkSections); a
// checksum mismatch is reported before any damage they find.
func decode(buf []byte) (*Index, error) {
	m := min(len(buf), len(fileMagic))
	if !bytes.Equal(buf[:m], fileMagic[:m]) {
		return nil, errors.New("not a vole index file")
	}
	if len(buf) < len(fileMagic)+16 || len(buf)%8 != 0 {
		return nil, errTruncated
	}
	fr := &fileReader{buf: buf[:len(buf)-8], off: len(fileMagic)}
	if v := fr.int(); v != formatVersion {
		return nil, fmt.Errorf("format version %d, this vole reads version %d", v, formatVersion)
	}
	ix, err := decodeSections(fr)
	if err == nil {
		err = fr.err
	}
	if err == nil {
		err = ix.checkLengths()
	}
	checked := make(chan error, 1)
	if err == nil {
		go func() { checked <- ix.checkSections() }()
	} else {
		checked <- nil
	}
	crc := crc32.Checksum(fr.buf, castagnoli)
	serr := <-checked
	if uint64(crc) != binary.LittleEndian.Uint64(buf[len(buf)-8:]) {
		return nil, errors.New("checksum mismatch: the file is truncated or corrupt")
	}
	if errors.Is(err, errTruncated) {
		// The checksum vouches that the file is whole: its lengths are wrong.
		err = errors.New("corrupt section lengths: the sections run past the end of the file")
	}
	if err == nil {
		err = serr
	}
	if err == nil {
		err = ix.check()
	}
	return ix, err
}

// decodeSections reads every section after the version.
func decodeSections(fr *fileReader) (*Index, error) {
	ref := &Reference{}
	ix := &Index{ref: ref, sa: &saSamples{}}
	ix.sa.rate = fr.int()
	ix.n, ix.primary = fr.int(), fr.int()
	for i := range ix.c {
		ix.c[i] = fr.int()
	}
	copy(ref.fingerprint.Digest[:], fr.next(32))
	ref.fingerprint.Size, ref.fingerprint.MTime = fr.int(), fr.int()
	nContigs, nRuns, nText, nBlocks, nMarks, nSamples := fr.int(), fr.int(), fr.int(), fr.int(), fr.int(), fr.int()
	left := int64(len(fr.buf) - fr.off) // bounds the counts before anything is allocated for them
	if nContigs < 1 || nContigs > left/24 || nRuns < 0 || nRuns > left/16 {
		return nil, errors.New("corrupt contig table")
	}
	ref.n = ix.n
	ref.Contigs = make([]Contig, nContigs)
	for i := range ref.Contigs {
		nameLen, length, offset := fr.int(), fr.int(), fr.int()
		ref.Contigs[i] = Contig{Name: string(fr.next(nameLen)), Length: int(length), Offset: offset}
	}
	ref.runs = make([]Run, nRuns)
	for i := range ref.runs {
		ref.runs[i] = Run{fr.int(), fr.int()}
	}
	ref.text = sliceOf[uint64](fr, nText)
	ix.blocks = sliceOf[uint64](fr, nBlocks)
	ix.sa.marks = sliceOf[uint64](fr, nMarks)
	ix.sa.ranks = sliceOf[uint32](fr, nMarks)
	ix.sa.samples = sliceOf[uint32](fr, nSamples)
	ix.kmers.k = int(fr.int())
	if ix.kmers.k < 0 || ix.kmers.k > maxKmerLen {
		return nil, errors.New("corrupt k-mer table")
	}
	if ix.kmers.k > 0 {
		ix.kmers.iv = sliceOf[uint32](fr, 2<<(2*ix.kmers.k))
	}
	if fr.err == nil && fr.off != len(fr.buf) {
		return nil, errors.New("corrupt section lengths")
	}
	return ix, nil
}

// checkLengths verifies the text length, the section lengths that follow
// from it, and the header of the BWT: what checkSections and check rely on.
func (ix *Index) checkLengths() error {
	n, ref := ix.n, ix.ref
	switch {
	case n < 1 || n > MaxTextLen:
		return fmt.Errorf("corrupt text length %d", n)
	case int64(len(ref.text)) != (n+31)/32 || int64(len(ix.blocks)) != (n>>blockShift+1)*blockWords:
		return errors.New("corrupt text or BWT length")
	case int64(len(ix.sa.marks)) != (n+64)/64 || ix.sa.rate < 1 || ix.sa.rate > MaxTextLen || int64(len(ix.sa.samples)) != n/ix.sa.rate+1:
		return errors.New("corrupt suffix-array samples")
	case ix.primary < 1 || ix.primary > n || ix.c[0] != 1 || ix.c[4] != n+1:
		return errors.New("corrupt BWT header")
	}
	return nil
}

// check verifies, after checkLengths and checkSections (verify.go), that the
// decoded sections agree with each other, so that damage which passed the
// checksum (a file rewritten with its checksum recomputed) is refused
// rather than met later as a panic or an endless Locate: the C array
// against the counts, the sample ranks and the rows of suffixes 0 and n,
// the contig table and the ambiguous runs. An index of up to fullCheckLen
// bases is also inverted (checkInversion), which proves the BWT, the
// samples and the k-mer table right.
func (ix *Index) check() error {
	n, ref := ix.n, ix.ref
	for c := byte(0); c < 4; c++ {
		if occStored(ix.blocks, c, n) != ix.c[c+1]-ix.c[c] {
			return errors.New("corrupt C array")
		}
	}
	if err := ix.checkSampledRows(); err != nil {
		return err
	}
	var end int64
	for _, c := range ref.Contigs {
		if c.Offset != end || c.Length < 1 || int64(c.Length) > n-end {
			return fmt.Errorf("corrupt contig table at %q", c.Name)
		}
		end = c.End()
	}
	if end != n {
		return fmt.Errorf("corrupt contig table: lengths add up to %d, the text has %d", end, n)
	}
	prev := int64(0)
	for _, r := range ref.runs {
		if r.Start < prev || r.End <= r.Start || r.End > n {
			return errors.New("corrupt ambiguous runs")
		}
		prev = r.End
	}
	if n <= fullCheckLen {
		return ix.checkInversion()
	}
	return nil
}

// checkFresh tells whether the FASTA at path still has fingerprint fp: equal
// size and mtime are taken as unchanged; otherwise the file is read again and
// its content hash compared. A missing FASTA is an fs.ErrNotExist error.
func checkFresh(fp Fingerprint, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Size() == fp.Size && st.ModTime().UnixNano() == fp.MTime {
		return nil
	}
	ref, err := ReadFASTA(path)
	if err != nil {
		return err
	}
	if ref.fingerprint.Digest != fp.Digest {
		return fmt.Errorf("%s has changed since the index was built", path)
	}
	return nil
}
