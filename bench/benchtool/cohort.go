package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vole-bio/vole/internal/sim"
)

// runCohort writes a cohort of simulated samples on the demo's genome
// (vole demo's simulator: 160 kb in two contigs, 2x100 reads at 20x, a
// planted variant every 800 bases) with a sample sheet for the Snakemake
// workflow, so that vole run and the workflow can be timed as the number of
// samples grows.
func runCohort(args []string, stdout io.Writer) error {
	fs := newFlags("cohort", "")
	n := fs.Int("n", 3, "number of samples (named s001, s002, ...)")
	seed := fs.Uint64("seed", 1, "seed of the simulation")
	dir := fs.String("o", "", "output `folder` (created): ref.fa, truth.vcf, NAME_R1/R2.fq.gz, samples.tsv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *n < 1 {
		fs.Usage()
		return errors.New("need -o and -n >= 1")
	}
	cfg := sim.DemoConfig(*seed)
	cfg.Samples = nil
	for i := 1; i <= *n; i++ {
		cfg.Samples = append(cfg.Samples, fmt.Sprintf("s%03d", i))
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	ds, err := sim.Write(abs, cfg)
	if err != nil {
		return err
	}
	sheet := []string{"name\tr1\tr2"}
	for _, r := range ds.Reads {
		sheet = append(sheet, r.Name+"\t"+r.R1+"\t"+r.R2)
	}
	return writeOutput(filepath.Join(abs, "samples.tsv"), stdout, func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Join(sheet, "\n")+"\n")
		return err
	})
}
