package align

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/fileio"
)

// Alt contigs, in bwa's convention (bwa's README-alt.md): a file REF.fa.alt
// beside the reference names the contigs that are alternative haplotypes of
// a part of the primary assembly (GRCh38's ALT contigs, HLA alleles), one
// per line in the first tab-separated column (bwa ships the ALT-to-reference
// alignments there as SAM; lines starting with '@' are headers). Hits on
// alt contigs do not lower the MAPQ of hits on the primary assembly; see
// markPrimary.

// AltPath is the alt-contig file bwa reads for reference fasta:
// fasta + ".alt", or "" when there is none.
func AltPath(fasta string) string {
	p := fasta + ".alt"
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// readAlt reads the alt contig names of path and returns, per contig of
// contigs, whether it is an alt contig. A name that is not a contig of the
// reference is an error (the file belongs to another reference).
func readAlt(path string, contigs []index.Contig) ([]bool, error) {
	f, err := fileio.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byName := make(map[string]int, len(contigs))
	for i, c := range contigs {
		byName[c.Name] = i
	}
	alt := make([]bool, len(contigs))
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<26)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || text[0] == '@' {
			continue
		}
		name, _, _ := strings.Cut(text, "\t")
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		i, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("%s: line %d: alt contig %q is not in the reference", path, line, name)
		}
		alt[i] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return alt, nil
}
