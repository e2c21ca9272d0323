package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptRemovesTemporaries stops `vole align` with SIGINT and SIGTERM
// while it writes, to SAM (whose temporary exists from the start) and to
// BAM: vole must exit with 128 + the signal's number and leave neither its
// output nor a temporary, in the folder or in TMPDIR.
func TestInterruptRemovesTemporaries(t *testing.T) {
	bin := voleBinary(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ref.fa"), []byte(">c1\n"+matrixGenome+"\n"), 0o644)
	var reads strings.Builder
	for i := 0; i < 100000; i++ {
		p := (i * 7) % (len(matrixGenome) - 100)
		fmt.Fprintf(&reads, "@r%d\n%s\n+\n%s\n", i, matrixGenome[p:p+100], strings.Repeat("I", 100))
	}
	os.WriteFile(filepath.Join(dir, "reads.fq"), []byte(reads.String()), 0o644)
	if out, err := exec.Command(bin, "index", "-q", filepath.Join(dir, "ref.fa")).CombinedOutput(); err != nil {
		t.Fatalf("index: %v\n%s", err, out)
	}
	tmp := filepath.Join(dir, "tmp")
	os.Mkdir(tmp, 0o755)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		for _, out := range []string{"x.sam", "x.bam"} {
			t.Run(fmt.Sprintf("%v %s", sig, out), func(t *testing.T) {
				cmd := exec.Command(bin, "align", "-t", "2", "ref.fa", "reads.fq", "-o", out)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				waitForTemporary(dir, out)
				cmd.Process.Signal(sig)
				err := cmd.Wait()
				code := cmd.ProcessState.ExitCode()
				if code == 0 {
					t.Skipf("the alignment finished before the signal (%v)", err)
				}
				if code != 128+int(sig) || !strings.Contains(stderr.String(), "stopped by signal") {
					t.Errorf("exit %d, want %d; stderr %q", code, 128+int(sig), stderr.String())
				}
				for _, d := range []string{dir, tmp} {
					ents, _ := os.ReadDir(d)
					for _, e := range ents {
						if tempName.MatchString(e.Name()) || strings.HasPrefix(e.Name(), "x.") {
							t.Errorf("%s left in %s", e.Name(), d)
						}
					}
				}
			})
		}
	}
}

// waitForTemporary waits, up to a few seconds, until the temporary of
// output appears in dir (a BAM's appears only when it is written at the
// end, so for one it just gives the run a moment to start aligning).
func waitForTemporary(dir, output string) {
	deadline := time.Now().Add(5 * time.Second)
	if strings.HasSuffix(output, ".bam") {
		deadline = time.Now().Add(300 * time.Millisecond)
	}
	for time.Now().Before(deadline) {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), "."+output+".tmp-") {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}
