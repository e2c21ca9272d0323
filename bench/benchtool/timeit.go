package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/vole-bio/vole/internal/fileio"
)

// timeBinary is GNU time (Debian package "time"); its -v report carries the
// peak resident set size, which the shell's time keyword does not.
const timeBinary = "/usr/bin/time"

// runUsage is what one timed run cost.
type runUsage struct {
	WallSeconds float64
	CPUSeconds  float64 // user + system time of the command and its children
	MaxRSSKB    int64   // peak RSS of the largest single process (GNU time's ru_maxrss)
	ExitStatus  int
}

// parseTimeV reads the report of `/usr/bin/time -v`: the "Elapsed (wall
// clock) time" line ([h:]mm:ss.ss), the user and system time lines, the
// "Maximum resident set size (kbytes)" line and the "Exit status" line. A
// report without the wall-clock or RSS line is an error.
func parseTimeV(r io.Reader) (runUsage, error) {
	var u runUsage
	var haveWall, haveRSS bool
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, val, ok := strings.Cut(strings.TrimSpace(sc.Text()), "): ")
		if !ok {
			key, val, ok = strings.Cut(strings.TrimSpace(sc.Text()), ": ")
			if !ok {
				continue
			}
		}
		var err error
		switch {
		case strings.HasPrefix(key, "Elapsed (wall clock) time"):
			u.WallSeconds, err = parseClock(val)
			haveWall = true
		case key == "User time (seconds" || key == "System time (seconds":
			var v float64
			v, err = strconv.ParseFloat(val, 64)
			u.CPUSeconds += v
		case strings.HasPrefix(key, "Maximum resident set size"):
			u.MaxRSSKB, err = strconv.ParseInt(val, 10, 64)
			haveRSS = true
		case key == "Exit status":
			u.ExitStatus, err = strconv.Atoi(val)
		}
		if err != nil {
			return u, fmt.Errorf("%q: %w", sc.Text(), err)
		}
	}
	if err := sc.Err(); err != nil {
		return u, err
	}
	if !haveWall || !haveRSS {
		return u, errors.New("no wall-clock or maximum resident set size line: not a `time -v` report")
	}
	return u, nil
}

// parseClock converts GNU time's [h:]m:ss.ss to seconds.
func parseClock(s string) (float64, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("elapsed time %q is not [h:]m:ss", s)
	}
	total := 0.0
	for _, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 {
			return 0, fmt.Errorf("elapsed time %q is not [h:]m:ss", s)
		}
		total = total*60 + v
	}
	return total, nil
}

// runTime implements `benchtool time -o OUT.tsv [-stdout F] -- CMD ARGS...`:
// it runs CMD under /usr/bin/time -v with stderr passed through, and writes
// "wall_seconds<TAB>peak_RSS_MB<TAB>cpu_seconds" to OUT. CPU seconds say
// what a run costs even when other jobs share the machine and stretch its
// wall time. It fails when CMD fails, so a
// script can mark the run as failed; OUT is then not written.
func runTime(args []string, stdout io.Writer) error {
	fs := newFlags("time", "-- COMMAND [ARGS...]")
	out := fs.String("o", "", "write \"wall_seconds<TAB>peak_RSS_MB<TAB>cpu_seconds\" to this `file` (default stdout)")
	cmdOut := fs.String("stdout", "", "send the command's standard output to this `file` (default: benchtool's stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("no command to time")
	}
	u, err := timeCommand(fs.Args(), *cmdOut, stdout)
	if err != nil {
		return err
	}
	return writeUsage(*out, u, stdout)
}

// timeCommand runs argv under GNU time and returns its usage; a command that
// exits non-zero is an error naming its status.
func timeCommand(argv []string, cmdOut string, stdout io.Writer) (runUsage, error) {
	report, err := os.CreateTemp("", "benchtool-time-*")
	if err != nil {
		return runUsage{}, err
	}
	report.Close()
	defer os.Remove(report.Name())
	cmd := exec.Command(timeBinary, append([]string{"-v", "-o", report.Name()}, argv...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, os.Stderr
	var outFile *fileio.AtomicFile
	if cmdOut != "" {
		if outFile, err = fileio.Create(cmdOut); err != nil {
			return runUsage{}, err
		}
		defer outFile.Abort()
		cmd.Stdout = outFile
	}
	runErr := cmd.Run()
	if errors.Is(runErr, exec.ErrNotFound) || errors.Is(runErr, os.ErrNotExist) {
		return runUsage{}, fmt.Errorf("%s: %w (Debian package time)", timeBinary, runErr)
	}
	f, err := os.Open(report.Name())
	if err != nil {
		return runUsage{}, err
	}
	defer f.Close()
	u, perr := parseTimeV(f)
	if perr != nil {
		return runUsage{}, fmt.Errorf("%s report for %q: %w", timeBinary, strings.Join(argv, " "), perr)
	}
	if runErr != nil || u.ExitStatus != 0 {
		return u, fmt.Errorf("%q exited with status %d after %.1f s", strings.Join(argv, " "), u.ExitStatus, u.WallSeconds)
	}
	if outFile != nil {
		return u, outFile.Commit()
	}
	return u, nil
}

// writeUsage writes the usage line to path, or to stdout when path is "".
func writeUsage(path string, u runUsage, stdout io.Writer) error {
	return writeOutput(path, stdout, func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "%.2f\t%.1f\t%.2f\n", u.WallSeconds, float64(u.MaxRSSKB)/1024, u.CPUSeconds)
		return err
	})
}
