package htsfile

import (
	"strings"
	"testing"
)

// TestOutputFor: each extension gets its format; others are refused with
// a message naming the file.
func TestOutputFor(t *testing.T) {
	for name, want := range map[string]Output{
		"": SAMText, "-": SAMText, "x.sam": SAMText, "dir.v1/X.SAM": SAMText,
		"x.sam.gz": SAMBGZF, "x.Sam.GZ": SAMBGZF, "x.bam": SortedBAMFile, "a.b.BAM": SortedBAMFile,
	} {
		if got, err := OutputFor(name); err != nil || got != want {
			t.Errorf("OutputFor(%q) = %v, %v; want %v", name, got, err, want)
		}
	}
	for name, says := range map[string]string{
		"x.cram": "x.cram: CRAM output is not supported", "x.txt": "x.txt: unknown output format .txt",
		"x.gz": "unknown output format .gz", "out": "out: the output format follows the extension",
		"x.bam.bai": "unknown output format .bai",
	} {
		if _, err := OutputFor(name); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("OutputFor(%q): %v, want %q", name, err, says)
		}
	}
}
