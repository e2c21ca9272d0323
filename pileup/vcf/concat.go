package vcf

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/htsfile"
)

// ConcatOptions configure ConcatFiles.
type ConcatOptions struct {
	// CommandLine is written as the output's ##commandline line, in place
	// of the inputs' (each says how one piece was made); "" writes none.
	CommandLine string
	// Stdout receives the VCF when the output is "" or "-".
	Stdout io.Writer
}

// ConcatFiles joins VCF files that hold consecutive stretches of one
// genome, such as the outputs of `vole call --region` over a genome's
// regions, into the VCF of the whole, as `bcftools concat` does for files
// that do not overlap: the header once, then every file's records in the
// order the files are given.
//
// The inputs must have the same header apart from their ##commandline
// lines, and their records, taken in that order, must be sorted by the
// ##contig order of the header and by position (a contig the header does
// not declare ranks after the ones seen before it). Lines are copied as they
// are, never parsed and formatted again, so that joining the regions of a
// call gives byte for byte the VCF of calling the whole genome at once.
//
// output is written as `vole call` writes it: "" or "-" for opt.Stdout, a
// .gz name for BGZF with its .tbi (or .csi) beside it, else plain text; a
// file appears only when complete.
func ConcatFiles(paths []string, output string, opt ConcatOptions) error {
	if len(paths) == 0 {
		return errors.New("no VCF files to concatenate")
	}
	for _, p := range paths {
		if p == "-" {
			return errors.New("concat reads files, not standard input (-)")
		}
	}
	sink, err := createSink(output, opt.Stdout)
	if err != nil {
		return err
	}
	defer sink.abort()
	c := &concatenator{w: sink.w, out: sink, rank: map[string]int{}}
	for i, p := range paths {
		if err := c.add(p, i == 0, opt.CommandLine); err != nil {
			return err
		}
	}
	return sink.commit()
}

// concatenator carries the header and sort order across the inputs.
type concatenator struct {
	w   io.Writer
	out *sink
	// header is the first file's header without its ##commandline lines,
	// the one every other file must have.
	header []string
	first  string
	// rank orders the contigs; last is the (contig rank, position) of the
	// last record written, from line lastLine of lastPath.
	rank     map[string]int
	last     [2]int
	lastPath string
	lastLine int
}

// add copies one file's records (and, for the first file, the header).
func (c *concatenator) add(path string, first bool, commandLine string) error {
	rc, err := openInput(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 0, 1<<16), maxLine)
	line := 0
	header, cmdAt, err := readHeaderLines(sc, path, &line)
	if err != nil {
		return err
	}
	if first {
		if err := c.start(path, header, cmdAt, commandLine); err != nil {
			return err
		}
	} else if err := c.sameHeader(path, header); err != nil {
		return err
	}
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		if err := c.record(path, line, b); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", path, line+1, scanError(err))
	}
	return nil
}

// readHeaderLines reads the ## lines and the #CHROM line. The header it
// returns leaves out the ##commandline lines; cmdAt is where the first of
// them stood (-1 when there was none).
func readHeaderLines(sc *bufio.Scanner, path string, line *int) (header []string, cmdAt int, err error) {
	cmdAt = -1
	for sc.Scan() {
		*line++
		s := sc.Text()
		switch {
		case strings.HasPrefix(s, "##commandline="):
			if cmdAt < 0 {
				cmdAt = len(header)
			}
		case strings.HasPrefix(s, "##"):
			header = append(header, s)
		case strings.HasPrefix(s, "#CHROM"):
			return append(header, s), cmdAt, nil
		default:
			return nil, 0, fmt.Errorf("%s:%d: expected a ## meta line or the #CHROM line, got %q", path, *line, clip([]byte(s)))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, 0, fmt.Errorf("%s:%d: %w", path, *line+1, scanError(err))
	}
	return nil, 0, fmt.Errorf("%s:%d: no #CHROM header line before end of file", path, *line)
}

// start writes the output header: the first file's, with the command line
// where the first file had its own (else just before #CHROM), and learns
// the contig order from its ##contig lines.
func (c *concatenator) start(path string, header []string, cmdAt int, commandLine string) error {
	c.header, c.first = header, path
	out := make([]string, 0, len(header)+1)
	if cmdAt < 0 {
		cmdAt = len(header) - 1
	}
	out = append(out, header[:cmdAt]...)
	if commandLine != "" {
		out = append(out, "##commandline=\""+strings.ReplaceAll(commandLine, "\"", "'")+"\"")
	}
	out = append(out, header[cmdAt:]...)
	longest := 0
	for i, h := range header {
		if strings.HasPrefix(h, "##contig=<") && strings.HasSuffix(h, ">") {
			ct, err := parseContig(h[len("##contig=<") : len(h)-1])
			if err != nil {
				return fmt.Errorf("%s:%d: %w", path, i+1, err)
			}
			if _, dup := c.rank[ct.Name]; !dup {
				c.rank[ct.Name] = len(c.rank)
			}
			longest = max(longest, ct.Length)
		}
	}
	if err := c.out.compress(longest); err != nil {
		return err
	}
	_, err := io.WriteString(c.w, strings.Join(out, "\n")+"\n")
	return err
}

// sameHeader checks that a later file's header is the first file's.
func (c *concatenator) sameHeader(path string, header []string) error {
	for i := range max(len(header), len(c.header)) {
		var a, b string
		if i < len(c.header) {
			a = c.header[i]
		}
		if i < len(header) {
			b = header[i]
		}
		if a != b {
			return fmt.Errorf("%s: header differs from %s's (apart from ##commandline) at %q, there %q: only pieces of one call set can be joined",
				path, c.first, clip([]byte(b)), clip([]byte(a)))
		}
	}
	return nil
}

// record checks that a data line keeps the output sorted and writes it.
func (c *concatenator) record(path string, line int, b []byte) error {
	chrom, rest, ok := bytes.Cut(b, []byte{'\t'})
	pos, _, _ := bytes.Cut(rest, []byte{'\t'})
	p, err := strconv.Atoi(string(pos))
	if !ok || len(chrom) == 0 || err != nil || p < 0 {
		return fmt.Errorf("%s:%d: not a VCF record: want CHROM and a numeric POS, got %q", path, line, clip(b))
	}
	r, known := c.rank[string(chrom)]
	if !known {
		r = len(c.rank)
		c.rank[string(chrom)] = r
	}
	key := [2]int{r, p}
	if c.lastPath != "" && (key[0] < c.last[0] || key[0] == c.last[0] && key[1] < c.last[1]) {
		return fmt.Errorf("%s:%d: %s:%d comes after a record at a later place (%s line %d): give the files in reference order, not overlapping",
			path, line, chrom, p, c.lastPath, c.lastLine)
	}
	c.last, c.lastPath, c.lastLine = key, path, line
	if _, err := c.w.Write(b); err != nil {
		return err
	}
	_, err = c.w.Write([]byte{'\n'})
	return err
}

// scanError says what a failed line scan means.
func scanError(err error) error {
	if errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("line longer than %d bytes", maxLine)
	}
	return err
}

// sink is where ConcatFiles writes: a buffered stream, or a file written
// atomically; a .gz file is compressed with its index beside it exactly as
// CreateOutput does it (htsfile.IndexedVCF, blocks cut at the same lines),
// once the header says how long the longest contig is.
type sink struct {
	w     *bufio.Writer
	path  string
	file  *fileio.AtomicFile
	index *fileio.AtomicFile
	iv    *htsfile.IndexedVCF
	stale string
}

// createSink opens output as ConcatFiles documents.
func createSink(output string, stdout io.Writer) (*sink, error) {
	s := &sink{path: output}
	if output == "" || output == "-" {
		if stdout == nil {
			return nil, errors.New("no output: give an output file")
		}
		s.w = bufio.NewWriterSize(stdout, 1<<16)
		return s, nil
	}
	f, err := fileio.Create(output)
	if err != nil {
		return nil, err
	}
	s.file = f
	if !strings.HasSuffix(output, ".gz") {
		s.w = bufio.NewWriterSize(f, 1<<16)
		return s, nil
	}
	s.w = bufio.NewWriterSize(s, 1<<16)
	return s, nil
}

// compress starts the BGZF stream and its index for contigs up to longest
// bases; a no-op for other outputs.
func (s *sink) compress(longest int) error {
	if s.file == nil || !strings.HasSuffix(s.path, ".gz") || s.iv != nil {
		return nil
	}
	ext := htsfile.VCFIndexExt(longest)
	idx, err := fileio.Create(s.path + ext)
	if err != nil {
		return err
	}
	s.index, s.stale = idx, s.path+".csi"
	if ext == ".csi" {
		s.stale = s.path + ".tbi"
	}
	s.iv = htsfile.NewIndexedVCF(s.file, longest, 2)
	return nil
}

// Write passes text to the compressor (the .gz case of s.w).
func (s *sink) Write(p []byte) (int, error) {
	if s.iv == nil {
		return 0, errors.New("no header before the records")
	}
	return s.iv.Write(p)
}

// commit flushes everything and renames the file and its index into place.
func (s *sink) commit() error {
	err := s.w.Flush()
	if err == nil && s.iv != nil {
		iv := s.iv
		s.iv = nil
		err = iv.Close(s.index)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	if s.file == nil {
		return nil
	}
	if s.index == nil {
		return s.file.Commit()
	}
	return fileio.CommitAll([]*fileio.AtomicFile{s.file, s.index}, s.stale)
}

// abort removes an unfinished file and its index; it does nothing after
// commit.
func (s *sink) abort() {
	if s.iv != nil {
		s.iv.Close(io.Discard)
		s.iv = nil
	}
	if s.file != nil {
		s.file.Abort()
	}
	if s.index != nil {
		s.index.Abort()
	}
}
