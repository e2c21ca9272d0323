package htsfile

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/bgzf"
	"github.com/biogo/hts/bgzf/index"
	"github.com/biogo/hts/csi"
	"github.com/biogo/hts/sam"
)

// BAMIndex answers which chunks of a BAM may hold the records overlapping
// [beg, end) of a reference, and how many references it indexes with the
// span of each (for checking that it fits its BAM); biogo's bam.Index (BAI)
// has these methods, and CSI is adapted to them.
type BAMIndex interface {
	Chunks(ref *sam.Reference, beg, end int) ([]bgzf.Chunk, error)
	NumRefs() int
	ReferenceStats(id int) (index.ReferenceStats, bool)
}

// csiIndex adapts biogo's csi.Index to BAMIndex.
type csiIndex struct{ idx *csi.Index }

func (c csiIndex) Chunks(ref *sam.Reference, beg, end int) ([]bgzf.Chunk, error) {
	return c.idx.Chunks(ref.ID(), beg, end), nil
}

func (c csiIndex) NumRefs() int { return c.idx.NumRefs() }

func (c csiIndex) ReferenceStats(id int) (index.ReferenceStats, bool) {
	return c.idx.ReferenceStats(id)
}

// IndexCandidates are the index files looked for beside a BAM, in the
// order they are tried: the CSI and BAI named after the whole file name,
// then after the name without .bam, as samtools finds them.
func IndexCandidates(path string) []string {
	base := strings.TrimSuffix(path, ".bam")
	return []string{path + ".csi", path + ".bai", base + ".csi", base + ".bai"}
}

// ReadBAMIndex loads the index of the BAM at path (a BAI or a CSI; see
// IndexCandidates), skipping one older than the BAM when a newer one
// exists, and returns it with its file name (for messages about reads it
// points to). It returns nil without error when there is none, and an
// error naming the file when the only index is older than the BAM (stale)
// or cannot be read.
func ReadBAMIndex(path string) (BAMIndex, string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, "", err
	}
	stale := ""
	for _, name := range IndexCandidates(path) {
		ist, err := os.Stat(name)
		if err != nil {
			continue
		}
		if ist.ModTime().Before(st.ModTime()) {
			if stale == "" {
				stale = name
			}
			continue
		}
		idx, err := readIndexFile(name)
		if err != nil {
			return nil, "", fmt.Errorf("%s: bad BAM index: %w", name, err)
		}
		return idx, name, nil
	}
	if stale != "" {
		return nil, "", fmt.Errorf("%s is older than %s: the index is stale; run `samtools index %s`", stale, path, path)
	}
	return nil, "", nil
}

// readIndexFile reads a BAI, or a CSI (BGZF-compressed) by its name.
func readIndexFile(name string) (BAMIndex, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if !strings.HasSuffix(name, ".csi") {
		var idx *bam.Index
		if err := Guard(func() (err error) { idx, err = bam.ReadIndex(bufio.NewReader(f)); return err }); err != nil {
			return nil, err
		}
		return idx, nil
	}
	zr, err := bgzf.NewReader(f, 1)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var idx *csi.Index
	if err := Guard(func() (err error) { idx, err = csi.ReadFrom(bufio.NewReader(zr)); return err }); err != nil {
		return nil, err
	}
	return csiIndex{idx}, nil
}
