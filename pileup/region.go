package pileup

import (
	"fmt"
	"strconv"
	"strings"
)

// Region is a stretch of one contig: Contig is the index into the
// reference's contig list, Start and End are 0-based and half-open.
type Region struct {
	Contig     int
	Name       string
	Start, End int
}

// String formats the region as samtools does, 1-based and inclusive, with the
// contig name in braces when it would otherwise be read as a range.
func (r Region) String() string {
	name := r.Name
	if strings.ContainsAny(name, ":-") {
		name = "{" + name + "}"
	}
	return fmt.Sprintf("%s:%d-%d", name, r.Start+1, r.End)
}

// ContigLength names one contig and gives its length; ParseRegion checks a
// region against a list of them.
type ContigLength struct {
	Name   string
	Length int
}

// ParseRegion parses a region as samtools does: `contig`, `contig:start`,
// `contig:start-end` (1-based, inclusive; commas in numbers allowed) or, for a
// contig whose name contains ':' or '-', `{contig}` or `{contig}:start-end`.
// A string that names one contig whole and also reads as a range of another
// is ambiguous and an error that says how to write each meaning; so is a
// range outside the contig.
func ParseRegion(s string, contigs []ContigLength) (Region, error) {
	find := func(name string) int {
		for i, c := range contigs {
			if c.Name == name {
				return i
			}
		}
		return -1
	}
	if strings.HasPrefix(s, "{") {
		end := strings.Index(s, "}")
		if end < 0 {
			return Region{}, fmt.Errorf("region %q: missing '}'", s)
		}
		name, rest := s[1:end], s[end+1:]
		i := find(name)
		if i < 0 {
			return Region{}, fmt.Errorf("region %q: no contig %q in the reference", s, name)
		}
		if rest == "" {
			return Region{Contig: i, Name: name, End: contigs[i].Length}, nil
		}
		if !strings.HasPrefix(rest, ":") {
			return Region{}, fmt.Errorf("region %q: expected ':' after '}'", s)
		}
		return rangeOf(s, i, contigs[i], rest[1:])
	}
	whole := find(s)
	var (
		ranged    Region
		rangedErr error = fmt.Errorf("region %q: no contig of that name in the reference", s)
		rangedOK  bool
	)
	if colon := strings.LastIndexByte(s, ':'); colon >= 0 {
		if i := find(s[:colon]); i >= 0 {
			ranged, rangedErr = rangeOf(s, i, contigs[i], s[colon+1:])
			rangedOK = rangedErr == nil
		}
	}
	switch {
	case whole >= 0 && rangedOK:
		return Region{}, fmt.Errorf("region %q is ambiguous: write {%s} for the whole contig or {%s}:%s for the range",
			s, s, ranged.Name, s[strings.LastIndexByte(s, ':')+1:])
	case whole >= 0:
		return Region{Contig: whole, Name: s, End: contigs[whole].Length}, nil
	case rangedOK:
		return ranged, nil
	}
	return Region{}, rangedErr
}

// rangeOf parses "start", "start-" or "start-end" (1-based, inclusive) on
// contig i and checks it lies within the contig.
func rangeOf(s string, i int, c ContigLength, spec string) (Region, error) {
	spec = strings.ReplaceAll(spec, ",", "")
	from, to, hasTo := strings.Cut(spec, "-")
	start, err := strconv.Atoi(from)
	if err != nil || start < 1 {
		return Region{}, fmt.Errorf("region %q: bad start %q (positions are 1-based)", s, from)
	}
	end := c.Length
	if hasTo && to != "" {
		if end, err = strconv.Atoi(to); err != nil {
			return Region{}, fmt.Errorf("region %q: bad end %q", s, to)
		}
	}
	if start > c.Length || end > c.Length {
		return Region{}, fmt.Errorf("region %q is outside contig %s (length %d)", s, c.Name, c.Length)
	}
	if end < start {
		return Region{}, fmt.Errorf("region %q: end %d is before start %d", s, end, start)
	}
	return Region{Contig: i, Name: c.Name, Start: start - 1, End: end}, nil
}
