package workflow

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vole-bio/vole/index"
)

func TestPrepareDemoRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "notes.txt"), "mine")
	_, err := PrepareDemo(dir, 1)
	if err == nil || !strings.Contains(err.Error(), "not a vole demo folder") {
		t.Fatalf("foreign folder: error %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("folder now holds %d entries", len(ents))
	}
}

// TestPrepareDemoReuse checks that a second call with the same seed keeps
// the simulated files and that another seed replaces them and drops the
// index of the old reference.
func TestPrepareDemoReuse(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the demo data set twice")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	cfg, err := PrepareDemo(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.validate(); err != nil {
		t.Fatalf("demo config does not validate: %v", err)
	}
	if len(cfg.Samples) != 3 || cfg.Truth == "" || filepath.Dir(cfg.OutDir) != dir {
		t.Fatalf("demo config %+v", cfg)
	}
	before, _ := os.Stat(cfg.Samples[0].Reads[0])
	ref1, _ := os.ReadFile(cfg.Ref)
	if _, err := PrepareDemo(dir, 1); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(cfg.Samples[0].Reads[0])
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("same seed re-simulated the reads")
	}
	writeFile(t, index.Path(cfg.Ref), "old index")
	if _, err := PrepareDemo(dir, 2); err != nil {
		t.Fatal(err)
	}
	ref2, _ := os.ReadFile(cfg.Ref)
	if bytes.Equal(ref1, ref2) {
		t.Error("another seed kept the old reference")
	}
	if _, err := os.Stat(index.Path(cfg.Ref)); err == nil {
		t.Error("the old reference's index survived a new seed")
	}
}
