package fileio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckOutput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	for _, c := range []struct {
		path, want string // want "" means no error
	}{
		{"", ""}, {"-", ""},
		{filepath.Join(dir, "out.bam"), ""},
		{file, ""}, // replacing an existing file is allowed
		{dir, "is a folder"},
		{dir + "/", "is a folder"},
		{filepath.Join(dir, "nodir", "x.bam"), "folder " + filepath.Join(dir, "nodir") + " does not exist"},
		{filepath.Join(file, "x.bam"), "is not a folder"},
	} {
		err := CheckOutput(c.path)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("CheckOutput(%q) = %v, want %q", c.path, err, c.want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("probing left files: %v", ents)
	}
}

func TestRefuseInputs(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	for _, n := range []string{"ref.fa", "ref.fa.fai", "a.bam", "a.bam.bai", "b.bam", "b.bai", "r1.fq", "other.txt"} {
		os.WriteFile(at(n), []byte(n), 0o644)
	}
	os.Link(at("r1.fq"), at("hard.fq"))
	os.Symlink(at("ref.fa"), at("link.fa"))
	inputs := []string{at("ref.fa"), "-", at("a.bam"), at("b.bam"), at("r1.fq")}
	for _, c := range []struct {
		output string
		refuse bool
	}{
		{at("ref.fa"), true},
		{dir + "/./ref.fa", true},
		{at("link.fa"), true},     // a link to an input
		{at("hard.fq"), true},     // another name of an input
		{at("ref.fa.vole"), true}, // not built yet, but it will be
		{at("ref.fa.fai"), true},
		{at("a.bam.bai"), true},
		{at("b.bai"), true},
		{at("b.bam.csi"), true},
		{at("other.txt"), false},
		{at("new.sam"), false},
		{at("ref.vole"), false},
		{"-", false}, {"", false},
	} {
		err := RefuseInputs(c.output, inputs...)
		if (err != nil) != c.refuse {
			t.Errorf("RefuseInputs(%s) = %v, want refusal %v", c.output, err, c.refuse)
		}
		if err != nil && !strings.Contains(err.Error(), c.output) {
			t.Errorf("error %q does not name the output", err)
		}
	}
}
