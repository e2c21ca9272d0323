package vcf

import (
	"fmt"
	"io"
	"strings"

	"github.com/biogo/hts/bgzf"

	"github.com/vole-bio/vole/internal/fileio"
)

// Output is a VCF being written to a file or to a stream. A file is written
// atomically (fileio.Create: nothing appears under its name until Commit)
// and BGZF-compressed when its name ends in .gz, so that tabix and bcftools
// can index it.
type Output struct {
	*Writer
	path string
	file *fileio.AtomicFile
	bg   *bgzf.Writer
}

// CreateOutput starts a VCF with header h at path; "" or "-" writes to
// stdout instead (uncompressed). Call Commit when every record is written,
// and defer Abort to remove an unfinished file on error.
func CreateOutput(path string, stdout io.Writer, h *Header) (*Output, error) {
	o := &Output{path: path}
	dst := stdout
	if path != "" && path != "-" {
		f, err := fileio.Create(path)
		if err != nil {
			return nil, err
		}
		o.file, dst = f, f
		if strings.HasSuffix(path, ".gz") {
			o.bg = bgzf.NewWriter(f, 1)
			dst = o.bg
		}
	}
	w, err := NewWriter(dst, h)
	if err != nil {
		o.Abort()
		return nil, err
	}
	o.Writer = w
	return o, nil
}

// Commit flushes the records, closes the compression and renames a file
// into place.
func (o *Output) Commit() error {
	if err := o.Flush(); err != nil {
		return fmt.Errorf("%s: %w", o.path, err)
	}
	if o.bg != nil {
		if err := o.bg.Close(); err != nil {
			return fmt.Errorf("%s: %w", o.path, err)
		}
	}
	if o.file != nil {
		return o.file.Commit()
	}
	return nil
}

// Abort removes an unfinished file; it does nothing after Commit or for a
// stream.
func (o *Output) Abort() {
	if o.file != nil {
		o.file.Abort()
	}
}
