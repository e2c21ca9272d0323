package htsfile_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/internal/htsfile"
)

// ExampleIndexedVCF writes calls.vcf.gz and its tabix index beside it, both
// atomically, as vole call does.
func ExampleIndexedVCF() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "calls.vcf.gz")
	longest := 2_000_000 // the reference's longest contig: TBI or CSI
	out, _ := fileio.Create(path)
	defer out.Abort()
	index, _ := fileio.Create(path + htsfile.VCFIndexExt(longest))
	defer index.Abort()

	v := htsfile.NewIndexedVCF(out, longest, 2)
	fmt.Fprint(v, "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
	fmt.Fprint(v, "chr1\t100\t.\tA\tG\t50\tPASS\t.\n")
	if err := v.Close(index); err != nil {
		fmt.Println(err)
		return
	}
	out.Commit()
	index.Commit()
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, n := range names {
		fmt.Println(filepath.Base(n))
	}
	// Output:
	// calls.vcf.gz
	// calls.vcf.gz.tbi
}
