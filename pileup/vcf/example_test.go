package vcf_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/vole-bio/vole/pileup/vcf"
)

// Read a VCF record by record, then write the passing ones again.
func ExampleReader() {
	text := "##fileformat=VCFv4.2\n" +
		"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tkid\n" +
		"chr1\t100\t.\tA\tG\t50\tPASS\tDP=12\tGT\t0/1\n" +
		"chr1\t200\t.\tAC\tA\t8\tLowQual\tDP=3\tGT\t1/1\n"
	r, err := vcf.NewReader(strings.NewReader(text), "example.vcf")
	if err != nil {
		fmt.Println(err)
		return
	}
	w, _ := vcf.NewWriter(os.Stdout, r.Header)
	w.Flush()
	for r.Next() {
		rec := r.Record()
		g, _ := vcf.ParseGenotype(rec.SampleValue(0, "GT"))
		fmt.Printf("# %s:%d %s>%s het=%v pass=%v\n", rec.Chrom, rec.Pos, rec.Ref, rec.Alt[0], g.IsHet(), rec.IsPass())
		if rec.IsPass() {
			w.Write(rec)
		}
		w.Flush()
	}
	if err := r.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ##fileformat=VCFv4.2
	// #CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	kid
	// # chr1:100 A>G het=true pass=true
	// chr1	100	.	A	G	50	PASS	DP=12	GT	0/1
	// # chr1:200 AC>A het=false pass=false
}

// Normalize a deletion written at the right end of a repeat: it moves to
// the left end, as bcftools norm would put it.
func ExampleNormalize() {
	ref := vcf.MapReference(map[string]string{"chr1": "GATTACACACAGG"})
	rec := &vcf.Record{Chrom: "chr1", Pos: 8, Ref: "CAC", Alt: []string{"C", "CACAC"}}
	vs, err := vcf.Normalize(rec, ref)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range vs {
		fmt.Println(v)
	}
	// Output:
	// chr1:4:TAC:T
	// chr1:4:T:TAC
}
