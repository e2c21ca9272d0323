package fileio

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// names lists a folder's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// restart undoes Cleanup so that later tests can create files again.
func restart(t *testing.T) {
	t.Cleanup(func() {
		temps.Lock()
		temps.stopped = false
		temps.Unlock()
	})
}

func TestCleanupRemovesEveryTemporary(t *testing.T) {
	restart(t)
	dir := t.TempDir()
	out, err := Create(filepath.Join(dir, "x.sam"))
	if err != nil {
		t.Fatal(err)
	}
	out.WriteString("half a file")
	spill, err := CreateTemp(dir, "vole-sort-*.bam")
	if err != nil {
		t.Fatal(err)
	}
	spill.Close() // a closed sort run stays registered until RemoveTemp
	done, _ := Create(filepath.Join(dir, "done.txt"))
	if err := done.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); len(got) != 3 {
		t.Fatalf("before Cleanup: %v", got)
	}
	if Stopped() {
		t.Fatal("Stopped before Cleanup")
	}
	Cleanup()
	if !Stopped() {
		t.Fatal("not Stopped after Cleanup")
	}
	if got := names(t, dir); !slices.Equal(got, []string{"done.txt"}) {
		t.Fatalf("after Cleanup the folder holds %v, want only done.txt", got)
	}
	if err := out.Commit(); !errors.Is(err, ErrInterrupted) {
		t.Errorf("Commit after Cleanup: %v, want ErrInterrupted", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.sam")); err == nil {
		t.Error("Commit after Cleanup published x.sam")
	}
	if _, err := Create(filepath.Join(dir, "y.sam")); !errors.Is(err, ErrInterrupted) {
		t.Errorf("Create after Cleanup: %v, want ErrInterrupted", err)
	}
}

// TestCommitAllPublishesAllOrNone: a BAM and its index are renamed
// together and a stale index of the other kind removed; after Cleanup
// neither new file appears and the stale one is not touched either, so an
// interrupt never leaves a new BAM beside an old index.
func TestCommitAllPublishesAllOrNone(t *testing.T) {
	restart(t)
	for _, interrupted := range []bool{false, true} {
		dir := t.TempDir()
		stale := filepath.Join(dir, "x.bam.csi")
		os.WriteFile(stale, []byte("old index"), 0o644)
		bam, err := Create(filepath.Join(dir, "x.bam"))
		if err != nil {
			t.Fatal(err)
		}
		bai, err := Create(filepath.Join(dir, "x.bam.bai"))
		if err != nil {
			t.Fatal(err)
		}
		bam.WriteString("bam")
		bai.WriteString("bai")
		want := []string{"x.bam", "x.bam.bai"}
		if interrupted {
			Cleanup()
			want = []string{"x.bam.csi"}
		}
		err = CommitAll([]*AtomicFile{bam, bai}, stale)
		if interrupted != errors.Is(err, ErrInterrupted) {
			t.Errorf("interrupted %v: CommitAll: %v", interrupted, err)
		}
		if got := names(t, dir); !slices.Equal(got, want) {
			t.Errorf("interrupted %v: the folder holds %v, want %v", interrupted, got, want)
		}
	}
}

func TestRemoveTempForgetsFile(t *testing.T) {
	dir := t.TempDir()
	f, err := CreateTemp(dir, "run-*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	RemoveTemp(f.Name())
	temps.Lock()
	_, held := temps.held[f.Name()]
	temps.Unlock()
	if held || len(names(t, dir)) != 0 {
		t.Fatalf("after RemoveTemp: held %v, folder %v", held, names(t, dir))
	}
}

// age sets a file's modification time to an hour ago.
func age(t *testing.T, path string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

func TestSweepRemovesOnlyOrphans(t *testing.T) {
	if !canLock {
		t.Skip("no file locks: sweeping is off")
	}
	dir := t.TempDir()
	at := func(n string) string { return filepath.Join(dir, n) }
	write := func(n string, old bool) {
		os.WriteFile(at(n), []byte("x"), 0o644)
		if old {
			age(t, at(n))
		}
	}
	write(".x.bam.tmp-123", true)     // orphan: swept
	write(".x.bam.tmp-456", false)    // too recent: kept
	write(".x.bam.tmp-789", true)     // locked below: kept
	write(".x.bam.tmp-12a", true)     // not our naming
	write(".x.bam.bai.tmp-1", true)   // another output's (SweepTemporaries)
	write("x.bam.tmp-1", true)        // not hidden: not ours
	write(".y.x.bam.tmp-1", true)     // another output's (SweepTemporaries)
	write(".tmp-1", true)             // no NAME: not ours
	write("vole-sort-55.bam", true)   // a scratch file: swept by CreateTemp
	write("vole-sort-55.bam.x", true) // not ours
	lock, err := lockFile(at(".x.bam.tmp-789"))
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()

	f, err := Create(at("x.bam"))
	if err != nil {
		t.Fatal(err)
	}
	f.Abort()
	s, err := CreateTemp(dir, "vole-sort-*.bam")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	RemoveTemp(s.Name())
	want := []string{".tmp-1", ".x.bam.bai.tmp-1", ".x.bam.tmp-12a", ".x.bam.tmp-456", ".x.bam.tmp-789", ".y.x.bam.tmp-1", "vole-sort-55.bam.x", "x.bam.tmp-1"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Fatalf("after sweeping:\n got %v\nwant %v", got, want)
	}
	SweepTemporaries(dir)
	want = []string{".tmp-1", ".x.bam.tmp-12a", ".x.bam.tmp-456", ".x.bam.tmp-789", "vole-sort-55.bam.x", "x.bam.tmp-1"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Fatalf("after SweepTemporaries:\n got %v\nwant %v", got, want)
	}
}

// TestSweepAcrossProcesses runs a second process that creates a temporary
// and waits: its file is locked, so a sweep leaves it; once the process is
// killed (as by SIGKILL, which no handler sees) the file is an orphan and
// the next sweep removes it.
func TestSweepAcrossProcesses(t *testing.T) {
	if dir := os.Getenv("FILEIO_HOLD_DIR"); dir != "" {
		f, err := Create(filepath.Join(dir, "x.sam"))
		if err != nil {
			os.Exit(2)
		}
		os.WriteFile(filepath.Join(dir, "ready"), []byte(f.File.Name()), 0o644)
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	if !canLock {
		t.Skip("no file locks: sweeping is off")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSweepAcrossProcesses$")
	cmd.Env = append(os.Environ(), "FILEIO_HOLD_DIR="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var tmp string
	for i := 0; i < 500 && tmp == ""; i++ {
		b, _ := os.ReadFile(filepath.Join(dir, "ready"))
		tmp = string(b)
		time.Sleep(10 * time.Millisecond)
	}
	if tmp == "" {
		t.Fatal("the holding process did not start")
	}
	age(t, tmp)
	sweep(dir, ".x.sam.tmp-", "")
	if _, err := os.Stat(tmp); err != nil {
		t.Fatalf("a live process's temporary was swept: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	sweep(dir, ".x.sam.tmp-", "")
	if _, err := os.Stat(tmp); err == nil {
		t.Fatalf("the killed process's orphan %s was not swept", filepath.Base(tmp))
	}
	if got := names(t, dir); !slices.Equal(got, []string{"ready"}) || !strings.HasPrefix(filepath.Base(tmp), ".x.sam.tmp-") {
		t.Fatalf("folder holds %v", got)
	}
}
