package workflow

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vole-bio/vole/index"
)

// TestIndexRebuiltWhenStale: an index older than its changed reference is
// rebuilt, not used and not left as an error.
func TestIndexRebuiltWhenStale(t *testing.T) {
	dir := t.TempDir()
	ref := writeFile(t, filepath.Join(dir, "ref.fa"), ">c\n"+strings.Repeat("ACGTTGCA", 100)+"\n")
	if _, err := index.Open(ref, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, ref, ">c\n"+strings.Repeat("TTGCAACG", 100)+"\n")
	later := time.Now().Add(time.Minute)
	os.Chtimes(ref, later, later)
	if _, err := index.Load(index.Path(ref), ref); err == nil {
		t.Fatal("the index of the old reference still loads: the test does not test")
	}
	var msg bytes.Buffer
	r := &runner{cfg: Config{Ref: ref, Stderr: &msg}, progress: &progress{}}
	ix, err := r.index()
	if err != nil {
		t.Fatalf("stale index not rebuilt: %v", err)
	}
	if got := ix.Search(index.Encode(nil, []byte("TTGCAACG"))); got.Size() == 0 {
		t.Error("rebuilt index does not hold the new sequence")
	}
	if _, err := index.Load(index.Path(ref), ref); err != nil {
		t.Errorf("rebuilt index not saved: %v", err)
	}
	if !strings.Contains(msg.String(), "rebuilding the index") {
		t.Errorf("no message about the rebuild: %q", msg.String())
	}
}
