package workflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOutputFolderOwnership(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "new", "out")
	m, err := openManifest(out)
	if err != nil {
		t.Fatalf("new folder: %v", err)
	}
	if err := m.claim(filepath.Join(out, "a.bam")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(out, "a.bam"), "x")
	writeFile(t, filepath.Join(out, ".a.bam.tmp-123456"), "left by a killed run")
	if _, err := openManifest(out); err != nil {
		t.Fatalf("folder holding only vole's files refused: %v", err)
	}
	writeFile(t, filepath.Join(out, "notes.txt"), "mine")
	_, err = openManifest(out)
	if err == nil || !strings.Contains(err.Error(), "notes.txt") || !strings.Contains(err.Error(), "did not write") {
		t.Fatalf("foreign file: error %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "notes.txt")); err != nil || string(b) != "mine" {
		t.Error("the foreign file was touched")
	}
	os.Mkdir(filepath.Join(dir, "bad"), 0o755)
	writeFile(t, filepath.Join(dir, "bad", ManifestName), "{")
	if _, err := openManifest(filepath.Join(dir, "bad")); err == nil || !strings.Contains(err.Error(), ManifestName) {
		t.Errorf("corrupt manifest: error %v", err)
	}
}

func TestUpToDate(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, filepath.Join(dir, "in.fq"), "@r\nA\n+\nI\n")
	m, err := openManifest(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(dir, "out", "o.bam")
	if m.upToDate("s", "p", []string{in}, []string{outPath}) {
		t.Error("a step that never ran is up to date")
	}
	if err := m.claim(outPath); err != nil {
		t.Fatal(err)
	}
	writeFile(t, outPath, "result")
	if err := m.done("s", "p", []string{in}, []string{outPath}); err != nil {
		t.Fatal(err)
	}
	// A fresh manifest read from disk remembers the step.
	m2, err := openManifest(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	if !m2.upToDate("s", "p", []string{in}, []string{outPath}) {
		t.Fatal("unchanged step is not up to date")
	}
	if m2.upToDate("s", "q", []string{in}, []string{outPath}) {
		t.Error("changed parameters still up to date")
	}
	later := time.Now().Add(time.Hour)
	os.Chtimes(in, later, later)
	if m2.upToDate("s", "p", []string{in}, []string{outPath}) {
		t.Error("touched input still up to date")
	}
	m2.done("s", "p", []string{in}, []string{outPath})
	os.Remove(outPath)
	if m2.upToDate("s", "p", []string{in}, []string{outPath}) {
		t.Error("step with a deleted output still up to date")
	}
}
