package vcf

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/biogo/hts/bgzf"

	"github.com/vole-bio/vole/internal/fileio"
)

// openInput opens a VCF file for reading. A BGZF file (what bgzip, bcftools
// and vole write as .vcf.gz) is inflated by biogo/hts's bgzf reader, which
// decompresses blocks in parallel: on a 1M-record VCF, inflating is a third
// of vcf stats's CPU time. A BGZF file must end with the BGZF end-of-file
// block, so that a file cut at a block boundary is reported as truncated
// rather than read short. Anything else (plain text, plain gzip, standard
// input) goes through fileio.Open.
func openInput(path string) (io.ReadCloser, error) {
	if path == "-" {
		return fileio.Open(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if !isBGZF(f) {
		f.Close()
		return fileio.Open(path)
	}
	if ok, err := bgzf.HasEOF(f); err != nil || !ok {
		f.Close()
		return nil, fmt.Errorf("%s: truncated BGZF file: no end-of-file block", path)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	bg, err := bgzf.NewReader(f, runtime.GOMAXPROCS(0))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, bgzfError(err))
	}
	return &bgzfFile{bg: bg, f: f}, nil
}

// isBGZF reports whether f starts with a gzip header carrying the BGZF
// extra subfield "BC" (SAM specification, section 4.1), and rewinds f.
func isBGZF(f *os.File) bool {
	var h [14]byte
	_, err := io.ReadFull(f, h[:])
	f.Seek(0, io.SeekStart)
	return err == nil && h[0] == 0x1f && h[1] == 0x8b && h[3]&4 != 0 && h[12] == 'B' && h[13] == 'C'
}

// bgzfFile reads a BGZF file and closes both layers.
type bgzfFile struct {
	bg *bgzf.Reader
	f  *os.File
}

func (b *bgzfFile) Read(p []byte) (int, error) {
	n, err := b.bg.Read(p)
	if err != nil && err != io.EOF {
		err = bgzfError(err)
	}
	return n, err
}

func (b *bgzfFile) Close() error {
	err := b.bg.Close()
	if cerr := b.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// bgzfError says what a failed BGZF read means for the user.
func bgzfError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, bgzf.ErrCorrupt) {
		return fmt.Errorf("truncated or corrupt BGZF block: %w", err)
	}
	return err
}
