//go:build linux

package index

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestSaveDiskFull saves an index while the file size limit stops writes
// part way, as a full disk does: Save fails naming the file, leaves neither
// the index nor its temporary file, and Open builds the index again.
func TestSaveDiskFull(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	ix, fa := buildFromFASTA(t, randomFASTA(rng, []int{20000, 3000}, 0.01))
	path := Path(fa)
	var limit syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Skip(err)
	}
	small := limit
	small.Cur = 4096
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &small); err != nil {
		t.Skip(err)
	}
	err := ix.Save(path) // the Go runtime ignores SIGXFSZ: writes fail with EFBIG
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Fatal(err)
	}
	if err == nil || !errors.Is(err, syscall.EFBIG) || !bytes.Contains([]byte(err.Error()), []byte(path)) {
		t.Fatalf("Save past the size limit: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(fa))
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
	var note bytes.Buffer
	again, err := Open(fa, &note)
	if err != nil || note.Len() == 0 {
		t.Fatalf("Open after the failed save: %v, said %q", err, note.String())
	}
	if again.primary != ix.primary {
		t.Fatal("rebuilt index differs")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("Open did not save the rebuilt index: %v", err)
	}
}
