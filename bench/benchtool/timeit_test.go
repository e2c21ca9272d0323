package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// timeVReport is GNU time 1.9's -v output for a command that exited 3.
const timeVReport = `Command exited with non-zero status 3
	Command being timed: "sh -c sleep 0.2; exit 3"
	User time (seconds): 12.50
	System time (seconds): 0.25
	Percent of CPU this job got: 0%
	Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02:03.45
	Average shared text size (kbytes): 0
	Maximum resident set size (kbytes): 215652
	Page size (bytes): 4096
	Exit status: 3
`

func TestParseTimeV(t *testing.T) {
	u, err := parseTimeV(strings.NewReader(timeVReport))
	if err != nil {
		t.Fatal(err)
	}
	// 1 h 2 min 3.45 s = 3723.45 s
	if !near(u.WallSeconds, 3723.45) || !near(u.CPUSeconds, 12.75) || u.MaxRSSKB != 215652 || u.ExitStatus != 3 {
		t.Errorf("got %+v", u)
	}
	short := strings.Replace(timeVReport, "1:02:03.45", "0:06.44", 1)
	if u, _ := parseTimeV(strings.NewReader(short)); !near(u.WallSeconds, 6.44) {
		t.Errorf("m:ss.ss: got %v s, want 6.44", u.WallSeconds)
	}
	for _, bad := range []string{"", "Exit status: 0\n", strings.Replace(timeVReport, "1:02:03.45", "soon", 1)} {
		if _, err := parseTimeV(strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestTimeCommand runs a real command under /usr/bin/time: a shell that
// holds a 64 MiB buffer must report a peak RSS of at least that.
func TestTimeCommand(t *testing.T) {
	if _, err := os.Stat(timeBinary); err != nil {
		t.Skip("GNU time not installed")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not on PATH")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "cmd.out")
	var sink strings.Builder
	u, err := timeCommand([]string{"python3", "-c", "b = bytearray(64 << 20); print(len(b))"}, out, &sink)
	if err != nil {
		t.Fatal(err)
	}
	if u.MaxRSSKB < 64<<10 || u.WallSeconds <= 0 {
		t.Errorf("usage %+v: want RSS >= 65536 kB and positive wall time", u)
	}
	if b, _ := os.ReadFile(out); string(b) != "67108864\n" {
		t.Errorf("command stdout %q", b)
	}
	if _, err := timeCommand([]string{"sh", "-c", "exit 3"}, filepath.Join(dir, "fail.out"), &sink); err == nil || !strings.Contains(err.Error(), "status 3") {
		t.Errorf("failing command: error %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "fail.out")); err == nil {
		t.Errorf("a failed command left its output behind")
	}
}

func FuzzParseTimeV(f *testing.F) {
	f.Add(timeVReport)
	f.Add("Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.00\nMaximum resident set size (kbytes): 1\n")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := parseTimeV(strings.NewReader(s))
		if err == nil && u.WallSeconds < 0 {
			t.Fatalf("negative wall time from %q", s)
		}
	})
}
