package vcf

import (
	"fmt"
	"io"
	"strings"

	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/htsfile"
)

// Output is a VCF being written to a file or to a stream. A file is written
// atomically (fileio.Create: nothing appears under its name until Commit).
// A name ending in .gz is BGZF-compressed with its tabix index beside it,
// written in the same pass (htsfile.IndexedVCF): NAME.tbi, or NAME.csi
// when a contig of the header is too long for a TBI, so that bcftools,
// tabix and region queries use it at once.
type Output struct {
	*Writer
	path  string
	file  *fileio.AtomicFile
	index *fileio.AtomicFile
	iv    *htsfile.IndexedVCF
	stale string // an index of the other kind from an earlier run
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
			longest := 0
			for _, c := range h.Contigs {
				longest = max(longest, c.Length)
			}
			ext := htsfile.VCFIndexExt(longest)
			if o.index, err = fileio.Create(path + ext); err != nil {
				o.Abort()
				return nil, err
			}
			o.stale = path + ".csi"
			if ext == ".csi" {
				o.stale = path + ".tbi"
			}
			o.iv = htsfile.NewIndexedVCF(f, longest, 2)
			dst = o.iv
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

// Commit flushes the records, finishes the compression and the index and
// renames the VCF and its index into place together (fileio.CommitAll),
// removing an index of the other kind left by an earlier run.
func (o *Output) Commit() error {
	if err := o.Flush(); err != nil {
		return fmt.Errorf("%s: %w", o.path, err)
	}
	if o.iv != nil {
		iv := o.iv
		o.iv = nil
		if err := iv.Close(o.index); err != nil {
			return fmt.Errorf("%s: %w", o.path, err)
		}
	}
	if o.file == nil {
		return nil
	}
	if o.index == nil {
		return o.file.Commit()
	}
	return fileio.CommitAll([]*fileio.AtomicFile{o.file, o.index}, o.stale)
}

// Abort removes an unfinished file and its index; it does nothing after
// Commit or for a stream.
func (o *Output) Abort() {
	if o.iv != nil {
		o.iv.Close(io.Discard) // stop its goroutines; the files go anyway
		o.iv = nil
	}
	if o.file != nil {
		o.file.Abort()
	}
	if o.index != nil {
		o.index.Abort()
	}
}
