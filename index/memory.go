package index

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
)

// BuildMemory estimates the peak resident memory, in bytes, of reading a
// reference of n bases and indexing it with BuildAndSave: the larger of the
// block phase (the 2-bit text, the BWT and the sampled rows at their final
// sizes, and the block work space) and the end (the text, the BWT and the
// k-mer table), with the garbage collector's margin and the program's own
// memory on top. BuildWith, which keeps the finished index, holds the
// marks, their ranks and the positions beside the k-mer table at the end:
// up to 0.31 bytes per base more.
func BuildMemory(n int64) int64 {
	first, rest := blockSizes(n)
	text := (n + 31) / 32 * 8
	bwt := (n>>blockShift + 1) * blockWords * 8
	sampled := (n/int64(SampleRate) + 1) * 8
	blocks := text + bwt + sampled + workWords(first, rest)*8
	end := text + bwt + 8<<(2*kmerLen(n))
	peak := max(blocks, end)
	return peak + peak*buildGCPercent/100 + programMemory
}

// programMemory is the resident size of vole itself before any index
// (measured: 16 MB for `vole index` of a 15-base FASTA), with margin.
const programMemory = 24 << 20

// meminfoPath is where Linux says how much memory is available; tests
// point it elsewhere.
var meminfoPath = "/proc/meminfo"

// CheckBuildMemory returns an error when the system says less memory is
// available than building the index of ref needs beyond what ref already
// holds (BuildMemory), so that a build that would exhaust memory stops
// before it starts and says how much it needs. Where the system does not
// say (no /proc/meminfo), it returns nil.
func CheckBuildMemory(ref *Reference) error {
	avail, ok := availableMemory()
	if !ok {
		return nil
	}
	n := ref.TextLen()
	need := BuildMemory(n) - int64(len(ref.text))*8 - programMemory
	if avail >= need {
		return nil
	}
	return fmt.Errorf("index: building the index of %d bases needs about %s more memory, and %s is available",
		n, gigabytes(need), gigabytes(avail))
}

// availableMemory returns MemAvailable from /proc/meminfo, in bytes.
func availableMemory() (int64, bool) {
	f, err := os.Open(meminfoPath)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := bytes.Fields(sc.Bytes())
		if len(fields) == 3 && string(fields[0]) == "MemAvailable:" && string(fields[2]) == "kB" {
			kb, err := strconv.ParseInt(string(fields[1]), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// gigabytes formats a byte count for a message.
func gigabytes(b int64) string { return fmt.Sprintf("%.1f GB", float64(b)/(1<<30)) }
