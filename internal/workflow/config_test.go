package workflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSample(t *testing.T) {
	s, err := ParseSample("ana=a_R1.fq.gz,a_R2.fq.gz")
	if err != nil || s.Name != "ana" || len(s.Reads) != 2 || s.Reads[1] != "a_R2.fq.gz" {
		t.Fatalf("ParseSample = %+v, %v", s, err)
	}
	if s, err := ParseSample("x.1=se.fq"); err != nil || len(s.Reads) != 1 {
		t.Errorf("single-end sample: %+v, %v", s, err)
	}
	for _, bad := range []string{"ana", "ana=", "=r.fq", "a b=r.fq", ".a=r.fq", "a=r1,r2,r3", "a=r1,", "a/b=r.fq"} {
		if _, err := ParseSample(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseSample(%q): error %v does not name the value", bad, err)
		}
	}
}

// writeFile creates path with content and returns it.
func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	ref := writeFile(t, filepath.Join(dir, "ref.fa"), ">c\nACGT\n")
	r1 := writeFile(t, filepath.Join(dir, "a1.fq"), "@r\nA\n+\nI\n")
	r2 := writeFile(t, filepath.Join(dir, "a2.fq"), "@r\nA\n+\nI\n")
	empty := writeFile(t, filepath.Join(dir, "empty.fq"), "")
	out := filepath.Join(dir, "out")
	good := Config{Ref: ref, OutDir: out, Samples: []Sample{{"a", []string{r1, r2}}}}
	if err := good.validate(); err != nil {
		t.Fatalf("good config: %v", err)
	}
	for _, c := range []struct {
		name    string
		samples []Sample
		want    string
	}{
		{"name twice", []Sample{{"a", []string{r1}}, {"a", []string{r2}}}, `sample "a" is given twice`},
		{"missing FASTQ", []Sample{{"a", []string{r1, filepath.Join(dir, "nope.fq")}}}, "nope.fq"},
		{"empty FASTQ", []Sample{{"a", []string{empty}}}, "empty.fq is empty"},
		{"FASTQ twice", []Sample{{"a", []string{r1}}, {"b", []string{r1}}}, "a1.fq is given twice"},
		{"folder as FASTQ", []Sample{{"a", []string{dir}}}, "is a folder"},
		{"platform", good.Samples, `platform "illumna" is not one`},
	} {
		cfg := good
		cfg.Samples = c.samples
		if c.name == "platform" {
			cfg.Platform = "illumna"
		}
		err := cfg.validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("validate created the output folder")
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"out/a.bam":   "out/a.bam",
		"my file.fq":  "'my file.fq'",
		"it's":        `'it'\''s'`,
		"chr1:1-2.fa": "chr1:1-2.fa",
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %q, want %q", in, got, want)
		}
	}
}
