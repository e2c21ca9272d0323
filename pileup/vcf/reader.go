package vcf

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxLine is the longest VCF line the Reader accepts; a longer one is
// reported rather than read into memory without bound.
const maxLine = 64 << 20

// fixedColumns are the eight mandatory columns of the #CHROM line.
var fixedColumns = []string{"#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"}

// Reader reads a VCF stream: NewReader parses the header, then Next steps
// through the data lines like bufio.Scanner. Every error names the stream and
// the line ("calls.vcf:12: bad POS \"x\"").
type Reader struct {
	// Header is the parsed header: meta lines, contigs and sample names.
	Header *Header

	name   string
	br     *bufio.Reader
	closer io.Closer
	line   int
	rec    *Record
	err    error
	cols   []string // reused by every parseRecord: the fields point into the line
}

// Open opens a VCF file (plain, gzip or BGZF; "-" is standard input) and
// parses its header. Close the Reader when done.
func Open(path string) (*Reader, error) {
	f, err := openInput(path)
	if err != nil {
		return nil, err
	}
	r, err := NewReader(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closer = f
	return r, nil
}

// NewReader parses the header of the VCF in r; name is used in error
// messages. The header must end with a #CHROM line.
func NewReader(r io.Reader, name string) (*Reader, error) {
	vr := &Reader{name: name, br: bufio.NewReaderSize(r, 1<<16), Header: &Header{}}
	for {
		line, err := vr.readLine()
		if err != nil {
			if err == io.EOF {
				return nil, vr.errorf("no #CHROM header line before end of file")
			}
			return nil, err
		}
		switch {
		case bytes.HasPrefix(line, []byte("##")):
			if err := vr.parseMeta(string(line[2:])); err != nil {
				return nil, err
			}
		case bytes.HasPrefix(line, []byte("#CHROM")):
			if err := vr.parseColumns(string(line)); err != nil {
				return nil, err
			}
			return vr, nil
		default:
			return nil, vr.errorf("expected a ## meta line or the #CHROM line, got %q", clip(line))
		}
	}
}

// Next reads the next record; it returns false at the end of the stream or on
// an error, which Err then returns.
func (vr *Reader) Next() bool {
	if vr.err != nil {
		return false
	}
	for {
		line, err := vr.readLine()
		if err != nil {
			if err != io.EOF {
				vr.err = err
			}
			return false
		}
		if len(line) == 0 {
			continue // blank lines (often a trailing one) carry nothing
		}
		rec, err := vr.parseRecord(string(line))
		if err != nil {
			vr.err = err
			return false
		}
		vr.rec = rec
		return true
	}
}

// Record returns the record read by the last successful Next. Each Next makes
// a new Record, so callers may keep it.
func (vr *Reader) Record() *Record { return vr.rec }

// Err returns the first error met, or nil at a clean end of stream.
func (vr *Reader) Err() error { return vr.err }

// Line returns the number of the line last read (1-based).
func (vr *Reader) Line() int { return vr.line }

// Name returns the name the Reader reports in errors.
func (vr *Reader) Name() string { return vr.name }

// Close closes the file opened by Open; it does nothing for a Reader made by
// NewReader.
func (vr *Reader) Close() error {
	if vr.closer == nil {
		return nil
	}
	return vr.closer.Close()
}

// errorf builds an error that names the stream and the current line.
func (vr *Reader) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", vr.name, vr.line, fmt.Sprintf(format, args...))
}

// readLine returns the next line without its line ending. Its bytes are valid
// until the next call.
func (vr *Reader) readLine() ([]byte, error) {
	line, err := vr.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		long := append([]byte(nil), line...)
		for errors.Is(err, bufio.ErrBufferFull) && len(long) <= maxLine {
			line, err = vr.br.ReadSlice('\n')
			long = append(long, line...)
		}
		if len(long) > maxLine {
			vr.line++
			return nil, vr.errorf("line longer than %d bytes", maxLine)
		}
		line = long
	}
	if err != nil && err != io.EOF {
		vr.line++
		return nil, fmt.Errorf("%s:%d: %w", vr.name, vr.line, err)
	}
	if len(line) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	vr.line++
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return line, nil
}

// parseMeta records one ## line (given without the ##).
func (vr *Reader) parseMeta(m string) error {
	switch {
	case strings.HasPrefix(m, "fileformat="):
		return nil // the Writer always writes its own version line
	case strings.HasPrefix(m, "contig=<") && strings.HasSuffix(m, ">"):
		c, err := parseContig(m[len("contig=<") : len(m)-1])
		if err != nil {
			return vr.errorf("%v", err)
		}
		vr.Header.Contigs = append(vr.Header.Contigs, c)
	default:
		vr.Header.Meta = append(vr.Header.Meta, m)
	}
	return nil
}

// parseContig reads the ID and length of a ##contig line's <...> body.
func parseContig(body string) (Contig, error) {
	var c Contig
	for _, kv := range strings.Split(body, ",") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "ID":
			c.Name = v
		case "length":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return c, fmt.Errorf("bad contig length %q", v)
			}
			c.Length = n
		}
	}
	if c.Name == "" {
		return c, fmt.Errorf("##contig line without ID")
	}
	return c, nil
}

// parseColumns checks the #CHROM line and takes the sample names from it.
func (vr *Reader) parseColumns(line string) error {
	cols := strings.Split(line, "\t")
	if len(cols) < len(fixedColumns) {
		return vr.errorf("#CHROM line has %d tab-separated columns, want at least %d", len(cols), len(fixedColumns))
	}
	for i, want := range fixedColumns {
		if cols[i] != want {
			return vr.errorf("#CHROM line column %d is %q, want %q", i+1, cols[i], want)
		}
	}
	if len(cols) > len(fixedColumns) {
		if cols[8] != "FORMAT" {
			return vr.errorf("#CHROM line column 9 is %q, want FORMAT", cols[8])
		}
		vr.Header.Samples = append([]string(nil), cols[9:]...)
		seen := map[string]bool{}
		for _, s := range vr.Header.Samples {
			if s == "" || seen[s] {
				return vr.errorf("#CHROM line: empty or duplicate sample name %q", s)
			}
			seen[s] = true
		}
	}
	return nil
}

// parseRecord parses one data line.
func (vr *Reader) parseRecord(line string) (*Record, error) {
	vr.cols = splitInto(vr.cols[:0], line, '\t')
	cols := vr.cols
	want := len(fixedColumns)
	if len(vr.Header.Samples) > 0 {
		want += 1 + len(vr.Header.Samples)
	}
	if len(cols) != want {
		return nil, vr.errorf("%d tab-separated columns, want %d (8 fixed + FORMAT + %d samples)", len(cols), want, len(vr.Header.Samples))
	}
	r := &Record{Chrom: cols[0], ID: cols[2], Ref: cols[3]}
	if r.Chrom == "" {
		return nil, vr.errorf("empty CHROM")
	}
	pos, err := strconv.Atoi(cols[1])
	if err != nil || pos < 1 {
		return nil, vr.errorf("bad POS %q", cols[1])
	}
	r.Pos = pos
	if r.ID == "" {
		return nil, vr.errorf("empty ID (use '.')")
	}
	if !validAllele(r.Ref) || r.Ref == "." {
		return nil, vr.errorf("bad REF %q", r.Ref)
	}
	if cols[4] != "." {
		r.Alt = strings.Split(cols[4], ",")
		for _, a := range r.Alt {
			if !validAllele(a) {
				return nil, vr.errorf("bad ALT %q", cols[4])
			}
		}
	}
	if r.Qual, err = parseQual(cols[5]); err != nil {
		return nil, vr.errorf("bad QUAL %q", cols[5])
	}
	if cols[6] == "" {
		return nil, vr.errorf("empty FILTER (use '.')")
	}
	if cols[6] != "." {
		r.Filter = strings.Split(cols[6], ";")
	}
	if r.Info, err = parseInfo(cols[7]); err != nil {
		return nil, vr.errorf("%v", err)
	}
	if len(vr.Header.Samples) > 0 {
		if err := parseSamples(r, cols[8], cols[9:]); err != nil {
			return nil, vr.errorf("%v", err)
		}
	}
	return r, nil
}

// validAllele accepts a non-empty allele without separators or spaces: bases,
// '.', '*', or a symbolic or breakend allele.
func validAllele(a string) bool {
	return a != "" && !strings.ContainsAny(a, ", ;")
}

// parseQual parses QUAL: '.' is Missing.
func parseQual(s string) (float64, error) {
	if s == "." {
		return Missing, nil
	}
	q, err := strconv.ParseFloat(s, 64)
	if err != nil || q != q {
		return 0, fmt.Errorf("bad QUAL %q", s)
	}
	return q, nil
}

// parseInfo splits the INFO column into keys and values; '.' is no INFO.
func parseInfo(s string) ([]InfoField, error) {
	if s == "." {
		return nil, nil
	}
	if s == "" {
		return nil, fmt.Errorf("empty INFO (use '.')")
	}
	parts := strings.Split(s, ";")
	info := make([]InfoField, 0, len(parts))
	for _, p := range parts {
		k, v, hasValue := strings.Cut(p, "=")
		if k == "" {
			return nil, fmt.Errorf("INFO entry %q has no key", p)
		}
		info = append(info, InfoField{Key: k, Value: v, Flag: !hasValue})
	}
	return info, nil
}

// parseSamples fills r.Format and r.Samples from the FORMAT column and the
// sample columns. A sample may drop trailing fields, as VCF allows, but may
// not have more fields than FORMAT.
func parseSamples(r *Record, format string, samples []string) error {
	if format == "" {
		return fmt.Errorf("empty FORMAT")
	}
	r.Format = strings.Split(format, ":")
	r.Samples = make([][]string, len(samples))
	// One backing array for every sample's fields: one allocation per
	// record instead of one per sample.
	n := 0
	for _, s := range samples {
		n += 1 + strings.Count(s, ":")
	}
	fields := make([]string, 0, n)
	for i, s := range samples {
		start := len(fields)
		fields = splitInto(fields, s, ':')
		r.Samples[i] = fields[start:len(fields):len(fields)]
		if len(r.Samples[i]) > len(r.Format) {
			return fmt.Errorf("sample %d has %d fields but FORMAT %q has %d", i+1, len(r.Samples[i]), format, len(r.Format))
		}
	}
	return nil
}

// clip shortens a line for an error message.
func clip(b []byte) string {
	const n = 60
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

// splitInto appends the sep-separated fields of s to dst, as strings.Split
// would return them, without allocating when dst has room.
func splitInto(dst []string, s string, sep byte) []string {
	for {
		i := strings.IndexByte(s, sep)
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
}
