package sim

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"path/filepath"

	"github.com/vole-bio/vole/internal/fileio"
	"github.com/vole-bio/vole/pileup/vcf"
)

// DataSet is a simulated data set on disk and the truth behind it.
type DataSet struct {
	Contigs  []Contig
	Variants []Variant
	Samples  []string
	// Ref, Truth and the read paths are the files Write produced.
	Ref   string
	Truth string
	Reads []SampleReads
}

// SampleReads names one sample's FASTQ pair.
type SampleReads struct {
	Name   string
	R1, R2 string
}

// Write simulates the data set of cfg into dir (which must exist): ref.fa,
// truth.vcf and NAME_R1.fq.gz, NAME_R2.fq.gz per sample. Each file is
// written under a temporary name and renamed when complete.
func Write(dir string, cfg Config) (*DataSet, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	g := makeGenome(&cfg)
	vars := plantVariants(&cfg, g)
	ds := &DataSet{
		Contigs: g, Variants: vars, Samples: cfg.Samples,
		Ref:   filepath.Join(dir, "ref.fa"),
		Truth: filepath.Join(dir, "truth.vcf"),
	}
	if err := writeFASTA(ds.Ref, g); err != nil {
		return nil, err
	}
	if err := writeTruth(ds.Truth, ds); err != nil {
		return nil, err
	}
	for s, name := range cfg.Samples {
		sr := SampleReads{Name: name,
			R1: filepath.Join(dir, name+"_R1.fq.gz"),
			R2: filepath.Join(dir, name+"_R2.fq.gz")}
		if err := writeReads(&cfg, g, vars, s, sr); err != nil {
			return nil, err
		}
		ds.Reads = append(ds.Reads, sr)
	}
	return ds, nil
}

// writeFASTA writes the contigs with 60 bases a line.
func writeFASTA(path string, g []Contig) error {
	f, err := fileio.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	w := bufio.NewWriter(f)
	for _, c := range g {
		fmt.Fprintf(w, ">%s\n", c.Name)
		for i := 0; i < len(c.Seq); i += 60 {
			w.Write(c.Seq[i:min(i+60, len(c.Seq))])
			w.WriteByte('\n')
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}

// writeTruth writes the planted variants as a VCF with phased genotypes
// (haplotype 0 | haplotype 1).
func writeTruth(path string, ds *DataSet) error {
	f, err := fileio.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	var contigs []vcf.Contig
	for _, c := range ds.Contigs {
		contigs = append(contigs, vcf.Contig{Name: c.Name, Length: len(c.Seq)})
	}
	w, err := newTruthWriter(f, ds.Samples, contigs)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for i := range ds.Variants {
		v := &ds.Variants[i]
		if err := writeTruthRecord(w, ds.Contigs[v.Contig].Name, v); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}

// newTruthWriter starts a truth VCF: one phased GT per sample.
func newTruthWriter(out io.Writer, samples []string, contigs []vcf.Contig) (*vcf.Writer, error) {
	h := &vcf.Header{
		Meta: []string{
			"source=vole-sim",
			`FORMAT=<ID=GT,Number=1,Type=String,Description="Planted genotype, haplotype 0|haplotype 1">`,
		},
		Samples: samples,
		Contigs: contigs,
	}
	return vcf.NewWriter(out, h)
}

// writeTruthRecord writes v on contig chrom with its phased genotypes.
func writeTruthRecord(w *vcf.Writer, chrom string, v *Variant) error {
	r := &vcf.Record{
		Chrom: chrom, Pos: v.Pos + 1, Ref: v.Ref, Alt: []string{v.Alt},
		Qual: vcf.Missing, Filter: []string{"PASS"}, Format: []string{"GT"},
	}
	for _, h := range v.Haps {
		r.Samples = append(r.Samples, []string{fmt.Sprintf("%d|%d", b2i(h[0]), b2i(h[1]))})
	}
	return w.Write(r)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// writeReads writes sample s's read pairs, gzip-compressed, to sr.R1 and
// sr.R2.
func writeReads(cfg *Config, g []Contig, vars []Variant, s int, sr SampleReads) error {
	f1, err := fileio.Create(sr.R1)
	if err != nil {
		return err
	}
	defer f1.Abort()
	f2, err := fileio.Create(sr.R2)
	if err != nil {
		return err
	}
	defer f2.Abort()
	z1, _ := gzip.NewWriterLevel(f1, gzip.BestSpeed)
	z2, _ := gzip.NewWriterLevel(f2, gzip.BestSpeed)
	b1, b2 := bufio.NewWriterSize(z1, 1<<16), bufio.NewWriterSize(z2, 1<<16)
	rs := newReadSim(cfg, g, vars, s)
	for range rs.pairs() {
		rs.writePair(b1, b2)
	}
	for _, c := range []struct {
		name string
		buf  *bufio.Writer
		z    *gzip.Writer
	}{{sr.R1, b1, z1}, {sr.R2, b2, z2}} {
		if err := c.buf.Flush(); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		if err := c.z.Close(); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	if err := f1.Commit(); err != nil {
		return err
	}
	return f2.Commit()
}
