package align

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vole-bio/vole/index"
)

// TestReadNameLimits: SAM's QNAME is 1 to 254 characters; a read whose name
// is empty or longer is refused when it is read, naming the record.
func TestReadNameLimits(t *testing.T) {
	long := strings.Repeat("x", maxNameLen)
	for _, c := range []struct{ in, want string }{
		{"@r1\nAC\n+\nII\n@\nACGT\n+\nIIII\n", "in.fq: record 2: empty read name"},
		{"@r1\nAC\n+\nII\n@ comment only\nACGT\n+\nIIII\n", "in.fq: record 2: empty read name"},
		{">\nACGT\n", "in.fq: record 1: empty read name"},
		{"@" + long + "y\nAC\n+\nII\n", "in.fq: record 1: read name of 255 characters is longer than SAM allows (254)"},
		{"@" + long + "\nAC\n+\nII\n", ""},
		{"@" + long + "/1\nAC\n+\nII\n", ""}, // the /1 is not part of the name
	} {
		_, err := readAll(c.in)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%.30q: error %v, want %q", c.in, err, c.want)
		}
	}
}

// TestSameFileAsBothMates: one file given as both mates (under any name)
// is refused rather than aligned as pairs of identical reads.
func TestSameFileAsBothMates(t *testing.T) {
	dir := t.TempDir()
	r1 := filepath.Join(dir, "r1.fq")
	os.WriteFile(r1, []byte("@r\nACGT\n+\nIIII\n"), 0o644)
	os.Link(r1, filepath.Join(dir, "link.fq"))
	for _, mate := range []string{r1, filepath.Join(dir, ".", "r1.fq"), filepath.Join(dir, "link.fq")} {
		_, err := openFragments([]string{r1, mate}, false)
		if err == nil || !strings.Contains(err.Error(), "are the same file") {
			t.Errorf("mate %s: error %v", mate, err)
		}
	}
}

func TestParseReadGroupFields(t *testing.T) {
	for _, c := range []struct{ in, id, want string }{
		{`@RG\tID:x\tSM:y`, "x", ""},
		{`@RG\tSM:y\tID:x`, "x", ""},
		{`@RG\tID:x\tSM:y\t`, "", `field "" is not TAG:VALUE`},
		{`@RG\tID:x\t\tSM:y`, "", `field "" is not TAG:VALUE`},
		{`@RG\tID:x\tSM`, "", `field "SM" is not TAG:VALUE`},
		{`@RG\tID:x\tSM=y`, "", `field "SM=y" is not TAG:VALUE`},
		{"@RG\tID:x\nSM:y", "", "must be one line"},
		{`@RG\tSM:y`, "", "no ID field"},
		{`@RG\tID:`, "", "no ID field"},
		{`RG\tID:x`, "", "must start with @RG"},
		{`@RG\tID:x\tID:y`, "", "duplicate field"},
		{`@RG\tID:x\tPI:abc`, "", `invalid syntax`},
	} {
		_, id, err := ParseReadGroup(c.in)
		if c.want == "" && (err != nil || id != c.id) || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%q: id %q, error %v; want id %q, error %q", c.in, id, err, c.id, c.want)
		}
	}
}

// FuzzParseReadGroup: a read group ParseReadGroup accepts goes into the
// output's SAM header, without a panic in biogo's header parser or an
// error, and carries the ID it returned.
func FuzzParseReadGroup(f *testing.F) {
	for _, s := range []string{`@RG\tID:x\tSM:y`, `@RG\tID:x\tSM:y\t`, "@RG\tID:a\tPI:12\tDT:2020-01-01", `@RG\tID:x\tID:y`, "@RG\tID:x\tPL:\x00"} {
		f.Add(s)
	}
	contigs := []index.Contig{{Name: "c1", Length: 100}}
	f.Fuzz(func(t *testing.T, in string) {
		line, id, err := ParseReadGroup(in)
		if err != nil {
			return
		}
		h, err := newHeader(contigs, 0, line, "vole align", "test")
		if err != nil {
			t.Fatalf("%q accepted, then refused in the header: %v", line, err)
		}
		for _, rg := range h.RGs() {
			if rg.Name() == id {
				return
			}
		}
		t.Fatalf("%q: header has no read group %q", line, id)
	})
}

// FuzzFragments reads arbitrary mate files, as two files or as one
// interleaved file: never a panic, and every pair it returns has mates of
// one name.
func FuzzFragments(f *testing.F) {
	f.Add([]byte("@r/1\nACGT\n+\nIIII\n"), []byte("@r/2\nTTGA\n+\nIIII\n"), false)
	f.Add([]byte("@r/1\nACGT\n+\nIIII\n@r/2\nTTGA\n+\nIIII\n"), []byte(nil), true)
	f.Add([]byte("@a\nACGT\n+\nIIII\n@b\nAC\n+\nII\n"), []byte("@a\nACGT\n+\nIIII\n"), false)
	f.Add([]byte(">a\nACGT\n>a\nAC\n>b\nA\n"), []byte(nil), true)
	dir := f.TempDir()
	r1, r2 := filepath.Join(dir, "r1.fq"), filepath.Join(dir, "r2.fq")
	f.Fuzz(func(t *testing.T, a, b []byte, interleaved bool) {
		os.WriteFile(r1, a, 0o644)
		paths := []string{r1}
		if !interleaved {
			os.WriteFile(r2, b, 0o644)
			paths = append(paths, r2)
		}
		src, err := openFragments(paths, interleaved)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		for {
			frags, err := src.batch(3)
			if err != nil || len(frags) == 0 {
				return
			}
			for _, fr := range frags {
				if !fr.Paired || string(fr.Mates[0].Name) != string(fr.Mates[1].Name) {
					t.Fatalf("fragment %d: paired %v, names %q and %q", fr.Index, fr.Paired, fr.Mates[0].Name, fr.Mates[1].Name)
				}
			}
		}
	})
}
