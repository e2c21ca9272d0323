package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestInterruptRemovesTemporaries stops `vole align` with SIGINT, SIGTERM and SIGHUP
// while it aligns, to SAM (whose temporary exists from the start) and to
// BAM, and while it writes the BAM and its index (whose temporaries appear
// only at the end): vole must exit with 128 + the signal's number and leave
// no temporary, in the folder or in TMPDIR, and none of its outputs
// (or, when the signal came after the final rename, all of them).
//
// The signal is sent only once vole is ready (its first progress line, so
// its handler is installed; for the write, once the BAM's temporary
// exists), whatever the machine's load; a run that ends before the signal
// reaches it is skipped.
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
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		for _, c := range []struct {
			out     string
			writing bool
		}{{"x.sam", false}, {"x.bam", false}, {"x.bam", true}} {
			name := fmt.Sprintf("%v %s aligning", sig, c.out)
			if c.writing {
				name = fmt.Sprintf("%v %s writing", sig, c.out)
			}
			t.Run(name, func(t *testing.T) {
				code, stderr := interruptAlign(t, bin, dir, tmp, c.out, sig, c.writing)
				if code == 0 {
					t.Skip("the alignment finished before the signal")
				}
				if code != 128+int(sig) || !strings.Contains(stderr, "stopped by signal") {
					t.Errorf("exit %d, want %d; stderr %q", code, 128+int(sig), stderr)
				}
				var published []string
				for _, d := range []string{dir, tmp} {
					ents, _ := os.ReadDir(d)
					for _, e := range ents {
						if tempName.MatchString(e.Name()) {
							t.Errorf("%s left in %s", e.Name(), d)
						}
						if strings.HasPrefix(e.Name(), "x.") {
							published = append(published, e.Name())
						}
					}
				}
				// A signal after the final rename finds the outputs
				// complete: all of them may stay, never some.
				all := []string{c.out}
				if c.out == "x.bam" {
					all = append(all, "x.bam.bai")
				}
				if len(published) > 0 && !slices.Equal(published, all) {
					t.Errorf("%v left in %s, want none or all of %v", published, dir, all)
				}
				for _, f := range published {
					os.Remove(filepath.Join(dir, f))
				}
			})
		}
	}
}

// interruptAlign starts `vole align` to output, waits for its first line on
// stderr (a progress line: vole is running and handles signals) and, when
// writing, for the output's temporary to appear, sends sig, and returns
// the exit status (0 when vole finished first) and stderr.
func interruptAlign(t *testing.T, bin, dir, tmp, output string, sig syscall.Signal, writing bool) (int, string) {
	cmd := exec.Command(bin, "align", "-t", "2", "ref.fa", "reads.fq", "-o", output)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	ready, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var once sync.Once
		defer once.Do(func() { close(ready) })
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			stderr.WriteString(sc.Text() + "\n")
			once.Do(func() { close(ready) })
		}
	}()
	<-ready
	for writing && !hasTemporary(dir, output) {
		select {
		case <-done:
			writing = false // vole ended: the signal finds nothing
		case <-time.After(time.Millisecond):
		}
	}
	cmd.Process.Signal(sig)
	<-done
	cmd.Wait()
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// hasTemporary reports whether dir holds a temporary of output.
func hasTemporary(dir, output string) bool {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "."+output+".tmp-") {
			return true
		}
	}
	return false
}
