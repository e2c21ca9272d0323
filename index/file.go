package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/bits"
	"unsafe"

	"github.com/vole-bio/vole/internal/fileio"
)

// The index file (REF.fa.vole) is little-endian, every section starting on an
// 8-byte boundary so that Load can use the slices inside the one buffer it
// reads without copying:
//
//	magic "VOLEFMI\x00", format version, sample rate
//	n, primary, C[0..4]
//	FASTA fingerprint: SHA-256 of names and sequence, file size, mtime
//	section lengths: contigs, runs, text words, BWT words, mark words, samples
//	contig table: per contig name length, name (padded), length, offset
//	ambiguous runs: start, end pairs
//	2-bit text, BWT blocks, sample marks, mark ranks, samples
//	k-mer length, k-mer table
//	CRC-32C of everything before it (8 bytes)

// formatVersion changes whenever the layout above does.
const formatVersion = 2

var fileMagic = [8]byte{'V', 'O', 'L', 'E', 'F', 'M', 'I', 0}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Path returns where the index of fastaPath lives: fastaPath + ".vole".
func Path(fastaPath string) string { return fastaPath + ".vole" }

// littleEndian reports whether this machine stores integers little-endian,
// the byte order of the file.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// byteView returns the bytes of a slice of fixed-size integers.
func byteView[T uint32 | uint64 | int64](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

// fileWriter writes padded sections and keeps the running checksum.
type fileWriter struct {
	w   *bufio.Writer
	crc uint32
	off int64
}

// bytes writes b and zero padding up to the next 8-byte boundary.
func (fw *fileWriter) bytes(b []byte) {
	fw.crc = crc32.Update(fw.crc, castagnoli, b)
	fw.w.Write(b) // errors surface at Flush
	fw.off += int64(len(b))
	if pad := -fw.off & 7; pad != 0 {
		z := make([]byte, pad)
		fw.crc = crc32.Update(fw.crc, castagnoli, z)
		fw.w.Write(z)
		fw.off += pad
	}
}

// ints writes 64-bit integers.
func (fw *fileWriter) ints(v ...int64) { fw.bytes(byteView(v)) }

// Save writes the index to path atomically: under a temporary name in the
// same folder, renamed into place only when complete, so a failed write (a
// full disk) leaves no index behind and the next run builds it again.
func (ix *Index) Save(path string) error {
	return saveFile(path, ix.write)
}

// saveFile writes path atomically with write.
func saveFile(path string, write func(io.Writer) error) error {
	if !littleEndian {
		return errors.New("index: saving needs a little-endian machine")
	}
	f, err := fileio.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}

// write writes the index file's bytes to w.
func (ix *Index) write(w io.Writer) error {
	sa := ix.sa
	return writeIndexFile(w, ix, sa.rate, int64(len(sa.marks)), int64(len(sa.samples)), func(fw *fileWriter) {
		fw.bytes(byteView(sa.marks))
		fw.bytes(byteView(sa.ranks))
		fw.bytes(byteView(sa.samples))
	}, func() kmerTable { return ix.kmers })
}

// writeIndexFile writes an index file to w: the header and the sections of ix
// up to the BWT, then the marks, ranks and samples (marks words and samples
// entries long) that samples writes, then the k-mer table that kmers makes.
func writeIndexFile(w io.Writer, ix *Index, rate, marks, samples int64, sampled func(*fileWriter), kmers func() kmerTable) error {
	fw := &fileWriter{w: bufio.NewWriterSize(w, 1<<20)}
	ref := ix.ref
	fw.bytes(fileMagic[:])
	fw.ints(formatVersion, rate, ix.n, ix.primary)
	fw.ints(ix.c[:]...)
	fw.bytes(ref.fingerprint.Digest[:])
	fw.ints(ref.fingerprint.Size, ref.fingerprint.MTime)
	fw.ints(int64(len(ref.Contigs)), int64(len(ref.runs)), int64(len(ref.text)), int64(len(ix.blocks)), marks, samples)
	for _, c := range ref.Contigs {
		fw.ints(int64(len(c.Name)), int64(c.Length), c.Offset)
		fw.bytes([]byte(c.Name))
	}
	for _, r := range ref.runs {
		fw.ints(r.Start, r.End)
	}
	fw.bytes(byteView(ref.text))
	fw.bytes(byteView(ix.blocks))
	sampled(fw)
	t := kmers()
	fw.ints(int64(t.k))
	fw.bytes(byteView(t.iv))
	fw.w.Write(binary.LittleEndian.AppendUint64(nil, uint64(fw.crc)))
	return fw.w.Flush()
}

// sampledRows writes the marks, ranks and samples sections (as an index
// with words mark words holds them) from the sampled rows of a build
// (row<<32 | position, in row order), a chunk at a time: the same bytes,
// without the arrays.
func (fw *fileWriter) sampledRows(rows []uint64, words int64) {
	chunk := make([]uint64, 0, 1<<12)
	chunk32 := make([]uint32, 0, 1<<12) // even until the last, so no padding inside
	put := func(v uint64, last bool) {
		if chunk = append(chunk, v); len(chunk) == cap(chunk) || last {
			fw.bytes(byteView(chunk))
			chunk = chunk[:0]
		}
	}
	put32 := func(v uint32, last bool) {
		if chunk32 = append(chunk32, v); len(chunk32) == cap(chunk32) || last {
			fw.bytes(byteView(chunk32))
			chunk32 = chunk32[:0]
		}
	}
	for pass := 0; pass < 2; pass++ { // the marks, then their ranks
		k := 0
		for w := int64(0); w < words; w++ {
			var m uint64
			for ; k < len(rows) && rows[k]>>32 < uint64(w+1)*64; k++ {
				m |= 1 << (rows[k] >> 32 & 63)
			}
			if pass == 0 {
				put(m, w == words-1)
			} else {
				put32(uint32(k-bits.OnesCount64(m)), w == words-1)
			}
		}
	}
	for k, v := range rows {
		put32(uint32(v), k == len(rows)-1)
	}
}
