package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// variantKey identifies one normalized biallelic variant.
type variantKey struct {
	Chrom string
	Pos   int
	Ref   string
	Alt   string
}

// variantKind separates the two classes scored apart.
type variantKind int

const (
	kindSNP variantKind = iota
	kindIndel
)

func (k variantKind) String() string { return [...]string{"snp", "indel"}[k] }

// callInfo is what is compared once two variants match by key.
type callInfo struct {
	Kind variantKind
	GT   string // unphased with sorted alleles ("0/1"), or "." when unknown
}

// vcfFilter says which records of a normalized VCF to keep.
type vcfFilter struct {
	MinQual   float64 // drop records with QUAL below this (0: keep all)
	AllFilter bool    // keep records whatever their FILTER; else only PASS and "."
	DwgsimGT  bool    // without a GT, derive it from dwgsim's INFO pl (3: 1/1, else 0/1)
	Sample    string  // sample whose genotype is scored ("": the first)

	sampleCol int // column of Sample, set from the #CHROM line (0: column 9)
}

// parseVCFRecord turns one data line of a normalized (split, left-aligned)
// VCF into scored variants, following vcfcmp.py: symbolic and missing ALTs
// are skipped, hom-ref and no-call genotypes are skipped, an MNP (REF and ALT
// of equal length > 1) becomes one SNP per differing base, anything else with
// a length change is an indel. A record without a GT keeps GT ".", which
// agrees with any call. It returns no variants for a record the filter drops.
func parseVCFRecord(line string, f vcfFilter) (map[variantKey]callInfo, error) {
	col := strings.Split(line, "\t")
	if len(col) < 8 {
		return nil, fmt.Errorf("%d tab-separated columns, VCF needs at least 8", len(col))
	}
	chrom, ref, alt, qual, filter := col[0], col[3], col[4], col[5], col[6]
	pos, err := strconv.Atoi(col[1])
	if err != nil || pos < 1 {
		return nil, fmt.Errorf("POS %q is not a positive integer", col[1])
	}
	switch alt {
	case ".", "*", "<*>", "<NON_REF>":
		return nil, nil
	}
	if strings.Contains(alt, ",") {
		return nil, fmt.Errorf("ALT %q is multi-allelic: the VCF was not split by bcftools norm -m -any", alt)
	}
	if !f.AllFilter && filter != "PASS" && filter != "." {
		return nil, nil
	}
	if qual != "." && f.MinQual > 0 {
		q, err := strconv.ParseFloat(qual, 64)
		if err != nil {
			return nil, fmt.Errorf("QUAL %q is not a number", qual)
		}
		if q < f.MinQual {
			return nil, nil
		}
	}
	gt, called := genotype(col, max(f.sampleCol, 9), f.DwgsimGT)
	if !called {
		return nil, nil
	}
	out := map[variantKey]callInfo{}
	switch {
	case len(ref) == 1 && len(alt) == 1:
		out[variantKey{chrom, pos, ref, alt}] = callInfo{kindSNP, gt}
	case len(ref) == len(alt):
		for i := range len(ref) {
			if ref[i] != alt[i] {
				out[variantKey{chrom, pos + i, ref[i : i+1], alt[i : i+1]}] = callInfo{kindSNP, gt}
			}
		}
	default:
		out[variantKey{chrom, pos, ref, alt}] = callInfo{kindIndel, gt}
	}
	return out, nil
}

// genotype returns the GT in column sc (a sample column), unphased with sorted alleles, and
// whether the record counts as a call: a GT whose alleles are all 0 (hom-ref)
// or all missing (no-call) does not. Without a GT field the genotype is "."
// (unknown) unless dwgsim's INFO pl gives it.
func genotype(col []string, sc int, dwgsimGT bool) (string, bool) {
	if len(col) > sc {
		keys := strings.Split(col[8], ":")
		vals := strings.Split(col[sc], ":")
		for i, k := range keys {
			if k != "GT" {
				continue
			}
			if i >= len(vals) {
				return ".", false
			}
			alleles := strings.FieldsFunc(vals[i], func(r rune) bool { return r == '/' || r == '|' })
			sort.Strings(alleles)
			allRef, allMissing := true, true
			for _, a := range alleles {
				allRef = allRef && a == "0"
				allMissing = allMissing && a == "."
			}
			if allRef || allMissing {
				return "", false
			}
			return strings.Join(alleles, "/"), true
		}
	}
	if dwgsimGT {
		for _, kv := range strings.Split(col[7], ";") {
			if v, ok := strings.CutPrefix(kv, "pl="); ok {
				if v == "3" {
					return "1/1", true
				}
				return "0/1", true
			}
		}
	}
	return ".", true
}
