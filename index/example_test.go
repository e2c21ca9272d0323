package index_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/vole-bio/vole/index"
)

func ExampleEncodeBWT() {
	bwt, _ := index.EncodeBWT([]byte("BANANA"))
	text, _ := index.DecodeBWT(bwt)
	fmt.Println(string(bwt), string(text))
	// Output: ANNB$AA BANANA
}

func ExampleIndex_ExactHits() {
	dir, _ := os.MkdirTemp("", "vole-example")
	defer os.RemoveAll(dir)
	fa := filepath.Join(dir, "ref.fa")
	os.WriteFile(fa, []byte(">chr1\nACGTTGCANNTTGCA\n>chr2\nTGCAAC\n"), 0o644)

	ref, err := index.ReadFASTA(fa)
	if err != nil {
		fmt.Println(err)
		return
	}
	ix, _ := index.Build(ref)
	for _, h := range ix.ExactHits(index.Encode(nil, []byte("TTGCA"))) {
		strand := "+"
		if h.Reverse {
			strand = "-"
		}
		fmt.Println(ix.Contigs()[h.Contig].Name, h.Pos+1, strand)
	}
	// Output:
	// chr1 4 +
	// chr1 11 +
	// chr2 1 -
}
