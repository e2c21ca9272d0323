package pileup

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/vole-bio/vole/index"
)

// refSource gives the bases of the reference's contigs, as uppercase
// letters with every base other than A, C, G, T read as N, a stretch at a
// time: the pileup's reference window (refWindow) asks for the bases it
// moves over and never holds a contig whole.
type refSource interface {
	// contigs names the contigs and gives their lengths, in file order.
	contigs() []ContigLength
	// fetch appends the bases [start, end) of contig c to dst[:0]; the
	// range lies inside the contig.
	fetch(dst []byte, c, start, end int) ([]byte, error)
}

// openReference opens the FASTA at path for the pileup. A plain FASTA file
// (not gzip, not standard input) is read as the pileup needs its bases,
// through its samtools faidx table, so memory does not grow with the
// genome: the table of a current index beside it (path.fai, not older than
// the FASTA) or else one worked out by scanning the file once (scanFai; no
// .fai is written). A FASTA that has no such table (lines of different
// lengths inside a contig), or is compressed or standard input, is read
// into memory 2-bit packed (index.ReadFASTA: a quarter of a byte a base),
// as is a FASTA ReadFASTA refuses, so that its error says what is wrong.
func openReference(path string) (refSource, error) {
	if fs, err := openFaidx(path); err != nil || fs != nil {
		return fs, err
	}
	ref, err := index.ReadFASTA(path)
	if err != nil {
		return nil, err
	}
	t := twoBit{ref: ref}
	for _, c := range ref.Contigs {
		t.names = append(t.names, ContigLength{c.Name, c.Length})
	}
	return t, nil
}

// twoBit is a reference held 2-bit packed in memory.
type twoBit struct {
	ref   *index.Reference
	names []ContigLength
}

func (t twoBit) contigs() []ContigLength { return t.names }

func (t twoBit) fetch(dst []byte, c, start, end int) ([]byte, error) {
	off := t.ref.Contigs[c].Offset
	dst = t.ref.Fetch(dst, off+int64(start), off+int64(end))
	for i, b := range dst {
		dst[i] = index.Letter(b)
	}
	return dst, nil
}

// faidxContig is one line of a .fai file.
type faidxContig struct {
	ContigLength
	offset               int64 // of the first base in the file
	lineBases, lineBytes int
}

// faidx reads bases from a plain FASTA file through its samtools faidx
// table.
type faidx struct {
	path  string
	f     io.ReaderAt
	fai   string // the index file the table was read from; "" when scanned
	index []faidxContig
	names []ContigLength
}

// stale words what a table that does not fit the file means, and what to
// do about it.
func (x *faidx) stale() string {
	if x.fai == "" {
		return "the file has changed since vole scanned it; run again"
	}
	return x.fai + " does not fit the file (is it stale?); rebuild it with `samtools faidx`"
}

// openFaidx returns a faidx source for path, or nil (without error) when
// the FASTA is standard input or gzip-compressed, or has no index beside it
// (or an older one) and scanFai finds no table. A malformed index is an
// error naming it.
func openFaidx(path string) (*faidx, error) {
	if path == "-" {
		return nil, nil
	}
	fst, err := os.Stat(path)
	if err != nil {
		return nil, nil // ReadFASTA says what is wrong
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var magic [2]byte
	if _, err := io.ReadFull(f, magic[:]); err == nil && magic == [2]byte{0x1f, 0x8b} {
		f.Close()
		return nil, nil
	}
	x := &faidx{path: path, f: f, fai: path + ".fai"}
	if ist, err := os.Stat(x.fai); err == nil && !ist.ModTime().Before(fst.ModTime()) {
		x.index, err = readFai(x.fai)
	} else {
		x.fai = ""
		var ok bool
		if _, err = f.Seek(0, io.SeekStart); err == nil {
			x.index, ok, err = scanFai(f)
		}
		if err == nil && !ok {
			f.Close()
			return nil, nil
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", path, err)
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	for _, c := range x.index {
		x.names = append(x.names, c.ContigLength)
	}
	return x, nil
}

// readFai parses a .fai file: name, length, offset, bases per line, bytes
// per line, tab-separated.
func readFai(path string) ([]faidxContig, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []faidxContig
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 5 {
			return nil, fmt.Errorf("%s: line %d: %d fields, a faidx index has 5 (rebuild it with `samtools faidx`)", path, line, len(fields))
		}
		var v [4]int64
		for i := range v {
			if v[i], err = strconv.ParseInt(fields[i+1], 10, 64); err != nil || v[i] < 0 {
				return nil, fmt.Errorf("%s: line %d: bad number %q (rebuild it with `samtools faidx`)", path, line, fields[i+1])
			}
		}
		if v[0] < 1 || v[2] < 1 || v[3] < v[2] {
			return nil, fmt.Errorf("%s: line %d: impossible contig %s (rebuild it with `samtools faidx`)", path, line, fields[0])
		}
		out = append(out, faidxContig{ContigLength{fields[0], int(v[0])}, v[1], int(v[2]), int(v[3])})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: empty faidx index", path)
	}
	return out, nil
}

func (x *faidx) contigs() []ContigLength { return x.names }

// fetch reads the lines holding [start, end) and keeps their bases. It is
// safe for concurrent use (ReadAt).
func (x *faidx) fetch(dst []byte, c, start, end int) ([]byte, error) {
	dst = dst[:0]
	if end <= start {
		return dst, nil
	}
	ct := x.index[c]
	at := func(p int) int64 {
		return ct.offset + int64(p/ct.lineBases)*int64(ct.lineBytes) + int64(p%ct.lineBases)
	}
	from, to := at(start), at(end-1)+1
	raw := make([]byte, to-from) // not kept: workers share the source
	if _, err := x.f.ReadAt(raw, from); err != nil {
		return nil, fmt.Errorf("%s: reading %s:%d-%d: %w: %s", x.path, ct.Name, start+1, end, err, x.stale())
	}
	for _, b := range raw {
		switch {
		case b == '\n' || b == '\r':
		case baseCode[b] < 4:
			dst = append(dst, "ACGT"[baseCode[b]])
		case b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z':
			dst = append(dst, 'N')
		default:
			return nil, fmt.Errorf("%s: byte %q inside %s:%d-%d, where the faidx table says there are bases: %s", x.path, b, ct.Name, start+1, end, x.stale())
		}
	}
	if len(dst) != end-start {
		return nil, fmt.Errorf("%s: %d bases in %s:%d-%d, want %d: %s", x.path, len(dst), ct.Name, start+1, end, end-start, x.stale())
	}
	return dst, nil
}
