package main

// The bad-input matrix: every way of misusing vole that a user (or a fuzzer)
// found, run against the built binary, each in a fresh copy of the same
// small data set. Every row checks, besides its own message or output:
//   - no panic, and the expected exit status (1 for an error);
//   - an error is one line on stderr, "vole: ...", with the row's fragment,
//     after any progress lines;
//   - after an error, no new file in the folder and nothing on stdout;
//   - no temporary file left (ours: .NAME.tmp-NNN and vole-sort-NNN.bam,
//     in the folder or in TMPDIR);
//   - every file that was there before is unchanged (by SHA-256), so no
//     input was written.
//
// A row whose fix is on another branch names that branch in owner and is
// skipped until the fix is merged (delete the owner then).

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// badCase is one row of the matrix.
type badCase struct {
	name string   // what the user did
	args []string // vole's arguments, run in the case's folder
	// setup makes the row's own inputs in dir from the shared fixtures.
	setup func(t *testing.T, dir string)
	stdin string // a file of dir to read as standard input
	// stdout, when set, is where standard output goes ("/dev/full").
	stdout string
	code   int    // exit status; 0 means 1 unless ok is set
	ok     bool   // the command must succeed (exit 0)
	want   string // in the error line (or, with ok, in stdout)
	not    string // must not be in the error line
	// gone lists files setup made that the run must remove (orphans).
	gone []string
	// rewrites lists files setup made that a successful run may rewrite
	// (the answers of an earlier `vole run` in its output folder).
	rewrites []string
	// limitMB caps the process's address space (a run that would
	// otherwise take the machine's memory).
	limitMB int
	owner   string // the branch with the fix; skipped until it is merged
}

// badCases is the matrix.
var badCases = []badCase{
	// Crashes.
	{name: "SAM without header on stdin (call)", args: []string{"call", "ref.fa", "-"}, stdin: "nohdr.sam", setup: noHeaderSAM, want: "header"},
	{name: "SAM without header (pileup)", args: []string{"pileup", "ref.fa", "nohdr.sam"}, setup: noHeaderSAM, want: "header"},
	{name: "SAM with a trailing blank line does not crash (call)", args: []string{"call", "ref.fa", "blank.sam"}, setup: blankLineSAM(true), code: -1},
	{name: "SAM with a blank line mid-file does not crash (pileup)", args: []string{"pileup", "ref.fa", "blank.sam"}, setup: blankLineSAM(false), code: -1},
	{name: "SAM with a trailing blank line: read, or a clear error (call)", args: []string{"call", "ref.fa", "blank.sam"}, setup: blankLineSAM(true), code: -1, not: "runtime error"},
	{name: "read group with a trailing tab", args: []string{"align", "-R", `@RG\tID:x\tSM:y\t`, "ref.fa", "r1.fq"}, want: `is not TAG:VALUE`},
	{name: "read group with a doubled tab", args: []string{"align", "-R", `@RG\tID:x\t\tSM:y`, "ref.fa", "r1.fq", "-o", "x.bam"}, want: `is not TAG:VALUE`},
	{name: "read group with a repeated tag", args: []string{"align", "-R", `@RG\tID:x\tID:y`, "ref.fa", "r1.fq"}, want: `read group "@RG\tID:x\tID:y": sam: duplicate field`},
	{name: "CIGAR with a 2,000,000,000-base deletion (pileup)", args: []string{"pileup", "ref.fa", "hugedel.sam"}, setup: hugeDeletionSAM, code: -1, limitMB: 3000},
	{name: "index damaged behind a valid checksum (search)", args: []string{"search", "ref.fa", "ACGTAC"}, setup: damageIndex, want: "corrupt"},
	{name: "index damaged behind a valid checksum (align)", args: []string{"align", "ref.fa", "r1.fq"}, setup: damageIndex, want: "corrupt"},

	// Wrong answers with exit 0.
	{name: "unmapped read with RNAME * mid-file (pileup)", args: []string{"pileup", "ref.fa", "star.sam"}, setup: starMidFile, ok: true, want: "c1\t2501\t"},
	{name: "unmapped read with RNAME * mid-file (call)", args: []string{"call", "ref.fa", "star.sam"}, setup: starMidFile, ok: true, want: "c1\t2505\t"},
	{name: "the same file as R1 and R2", args: []string{"align", "ref.fa", "r1.fq", "r1.fq"}, want: "are the same file"},
	{name: "the same file as R1 and R2 under two names", args: []string{"align", "ref.fa", "r1.fq", "./r1.fq", "-o", "x.bam"}, want: "are the same file"},
	{name: "FASTQ header '@' alone", args: []string{"align", "ref.fa", "noname.fq", "-o", "x.sam"}, setup: writeText("noname.fq", "@r1\nACGTACGTAA\n+\nIIIIIIIIII\n@\nACGTACGTAA\n+\nIIIIIIIIII\n"), want: "noname.fq: record 2: empty read name"},
	{name: "read name with a control character", args: []string{"align", "ref.fa", "ctl.fq", "-o", "x.bam"}, setup: writeText("ctl.fq", "@r1\nACGTACGTAA\n+\nIIIIIIIIII\n@r\x01x\nACGTACGTAA\n+\nIIIIIIIIII\n"), want: `ctl.fq: record 2: read name "r\x01x" has a control character (byte 0x01)`},
	{name: "read name over 254 characters, BAM output", args: []string{"align", "ref.fa", "longname.fq", "-o", "x.bam"}, setup: writeText("longname.fq", "@"+strings.Repeat("n", 255)+"\nACGTACGTAA\n+\nIIIIIIIIII\n"), want: "longname.fq: record 1: read name of 255 characters"},
	{name: "breakend ALT in vcf stats", args: []string{"vcf", "stats", "bnd.vcf"}, setup: writeText("bnd.vcf", bndVCF), ok: true, want: "PASS\tothers\t2\n"},
	{name: "vcf view -g 1/", args: []string{"vcf", "view", "a.vcf", "-g", "1/"}, want: `bad -g "1/"`},
	{name: "flagstat of an empty file", args: []string{"flagstat", "empty.sam"}, setup: writeText("empty.sam", ""), want: "empty.sam: no SAM header or records (empty file)"},
	{name: "flagstat of an empty standard input", args: []string{"flagstat", "-"}, stdin: "empty.sam", setup: writeText("empty.sam", ""), want: "standard input: no SAM header or records (empty file)"},
	{name: "flagstat of a BAM without its EOF block", args: []string{"flagstat", "cut.bam"}, setup: cutEOFBlock, want: "cut.bam: truncated BAM (no BGZF end-of-file block)"},

	// Inputs lost.
	{name: "align -o the reference", args: []string{"align", "ref.fa", "r1.fq", "-o", "ref.fa"}, want: "output ref.fa is the input ref.fa"},
	{name: "align -o the reads", args: []string{"align", "ref.fa", "r1.fq", "r2.fq", "-o", "r2.fq"}, want: "output r2.fq is the input r2.fq"},
	{name: "align -o the index", args: []string{"align", "ref.fa", "r1.fq", "-o", "ref.fa.vole"}, want: "output ref.fa.vole is the index of the input ref.fa"},
	{name: "align -o a hard link to the reads", args: []string{"align", "ref.fa", "r1.fq", "-o", "link.fq"}, setup: hardLink("r1.fq", "link.fq"), want: "is the input r1.fq"},
	{name: "align -o X.bam whose X.bam.bai is an input", args: []string{"align", "ref.fa", "x.bam.bai", "-o", "x.bam"}, setup: writeText("x.bam.bai", "@r\nACGT\n+\nIIII\n"), want: "x.bam.bai is the input x.bam.bai"},
	{name: "call -o the BAM's index", args: []string{"call", "ref.fa", "a.bam", "-o", "a.bam.bai"}, want: "output a.bam.bai is the index of the input a.bam"},
	{name: "call -o the BAM", args: []string{"call", "ref.fa", "a.bam", "-o", "a.bam"}, want: "is the input a.bam"},
	{name: "index -o the FASTA", args: []string{"index", "ref.fa", "-o", "ref.fa"}, want: "is the input ref.fa"},
	{name: "vcf view -o the input", args: []string{"vcf", "view", "a.vcf", "-o", "./a.vcf"}, want: "is the input a.vcf"},
	{name: "vcf isec -o an input", args: []string{"vcf", "isec", "a.vcf", "bnd.vcf", "-o", "bnd.vcf"}, setup: writeText("bnd.vcf", bndVCF), want: "is the input bnd.vcf"},
	{name: "-o /dev/stdout is written, not replaced", args: []string{"vcf", "view", "a.vcf", "-o", "/dev/stdout"}, ok: true, want: "#CHROM\tPOS"},
	{name: "run again without sample b: b's files and orphaned temporaries go, a's stay", args: []string{"run", "-q", "--ref", "ref.fa", "--sample", "a=r1.fq", "-o", "out"}, setup: earlierRun(""), ok: true,
		gone: []string{"out/b.bam", "out/b.bam.bai", "out/b.flagstat.txt", "out/.b.bam.tmp-123456", "out/.a.bam.tmp-123456", "out/.calls.vcf.gz.tmp-123456"}, rewrites: runAnswers},
	{name: "run again without sample b, a user's file in the folder: refused, nothing removed", args: []string{"run", "-q", "--ref", "ref.fa", "--sample", "a=r1.fq", "-o", "out"}, setup: earlierRun("b.notes.txt"), want: "holds files vole did not write (b.notes.txt)"},
	{name: "stale temporary of an earlier killed run is swept", args: []string{"align", "ref.fa", "r1.fq", "-o", "x.sam", "-q"}, setup: orphan(".x.sam.tmp-123456"), ok: true, gone: []string{".x.sam.tmp-123456"}},

	// Unbounded cost.
	{name: "-o in a missing folder fails before aligning", args: []string{"align", "ref.fa", "late.fq", "-o", "nodir/x.bam"}, setup: lateBadRead, want: "cannot write nodir/x.bam: folder nodir does not exist"},
	{name: "call -o x.bcf", args: []string{"call", "ref.fa", "a.bam", "-o", "x.bcf"}, want: "x.bcf: BCF output is not supported: write x.vcf.gz"},
	{name: "call -o in a missing folder", args: []string{"call", "ref.fa", "a.bam", "-o", "nodir/x.vcf.gz"}, want: "folder nodir does not exist"},

	// Unclear messages.
	{name: "empty SAM (call)", args: []string{"call", "ref.fa", "empty.sam"}, setup: writeText("empty.sam", ""), want: "empty.sam: no SAM header or records (empty file)"},
	{name: "empty SAM (pileup)", args: []string{"pileup", "ref.fa", "empty.sam"}, setup: writeText("empty.sam", ""), want: "empty.sam: no SAM header or records (empty file)"},
	{name: "full disk on standard output (vcf view)", args: []string{"vcf", "view", "a.vcf"}, stdout: "/dev/full", want: "vole: cannot write standard output: no space left on device"},
	{name: "full disk on standard output (call)", args: []string{"call", "ref.fa", "a.bam"}, stdout: "/dev/full", want: "vole: cannot write standard output: no space left on device"},
	{name: "full disk on standard output (align)", args: []string{"align", "ref.fa", "r1.fq"}, stdout: "/dev/full", want: "vole: cannot write standard output: no space left on device"},
	{name: "-o names a folder", args: []string{"align", "ref.fa", "r1.fq", "-o", "sub"}, setup: mkdir("sub"), want: "output sub is a folder"},
	{name: "-o names a folder with a slash", args: []string{"vcf", "view", "a.vcf", "-o", "sub/"}, setup: mkdir("sub"), want: "output sub/ is a folder"},
	{name: "--plot names a folder", args: []string{"binom", "--plot", "sub"}, setup: mkdir("sub"), want: "output sub is a folder"},
	{name: "reference on standard input (align)", args: []string{"align", "-", "r1.fq"}, stdin: "ref.fa", want: "the reference cannot be standard input"},
	{name: "reference on standard input (search)", args: []string{"search", "-", "ACGT"}, stdin: "ref.fa", want: "the reference cannot be standard input"},
	{name: "- given twice", args: []string{"align", "ref.fa", "-", "-"}, stdin: "r1.fq", want: "standard input (-) is named 2 times"},
	{name: "- given twice (call)", args: []string{"call", "ref.fa", "-", "-"}, stdin: "a.sam", want: "standard input (-) is named 2 times"},
	{name: "BAI of another BAM", args: []string{"call", "ref.fa", "a.bam", "-r", "c1:1-1000"}, setup: otherBAI, want: "a.bam.bai", not: "gzip: invalid header"},
	{name: "reference contig named * (index)", args: []string{"index", "star.fa"}, setup: writeText("star.fa", starFASTA), want: `star.fa: line 3: contig name "*" means "no reference"`},
	{name: "reference contig named * (align)", args: []string{"align", "-q", "star.fa", "r1.fq", "-o", "x.bam"}, setup: writeText("star.fa", starFASTA), want: `star.fa: line 3: contig name "*"`},
	{name: "reference contig named * (call)", args: []string{"call", "star.fa", "a.bam"}, setup: writeText("star.fa", starFASTA), want: `star.fa: line 3: contig name "*"`},
	{name: "reference contig name SAM forbids", args: []string{"index", "paren.fa"}, setup: writeText("paren.fa", ">chr(1)\nACGT\n"), want: `paren.fa: line 1: contig name "chr(1)" has '(', which SAM does not allow`},
	{name: "reference contig name of blanks", args: []string{"index", "blank.fa"}, setup: writeText("blank.fa", ">c1\nACGT\n> \t\nACGT\n"), want: "blank.fa: line 3: FASTA header has no name"},
	{name: "FASTQ given as the reference", args: []string{"index", "r1.fq"}, want: "FASTQ"},
	{name: "gzip with trailing garbage", args: []string{"align", "ref.fa", "junk.fq.gz", "-o", "x.sam"}, setup: trailingGarbage, want: "junk.fq.gz: trailing garbage after gzip data", not: "truncated"},
	{name: "gzip cut short", args: []string{"align", "ref.fa", "cut.fq.gz", "-o", "x.sam"}, setup: cutGzip, want: "cut.fq.gz: truncated gzip stream"},
	{name: "index present but FASTA missing", args: []string{"search", "ref.fa", "ACGT"}, setup: remove("ref.fa"), want: "ref.fa is missing", not: "rerun"},
	{name: "-t 0", args: []string{"align", "-t", "0", "ref.fa", "r1.fq"}, want: "align: -t/--threads must be at least 1, got 0"},
	{name: "-t -3", args: []string{"align", "-t", "-3", "ref.fa", "r1.fq"}, want: "align: -t/--threads must be at least 1, got -3"},
	{name: "call -t 0", args: []string{"call", "-t", "0", "ref.fa", "a.bam"}, want: "call: -t/--threads must be at least 1"},
	{name: "-Q -5", args: []string{"call", "-Q", "-5", "ref.fa", "a.bam"}, want: "call: -Q/--min-BQ must be 0 or more, got -5"},
	{name: "pileup -q -1", args: []string{"pileup", "-q", "-1", "ref.fa", "a.bam"}, want: "pileup: -q/--min-MQ must be 0 or more, got -1"},
	{name: "run -t 0", args: []string{"run", "-t", "0", "--ref", "ref.fa", "--sample", "s=r1.fq", "-o", "out"}, want: "run: -t/--threads must be at least 1"},
	{name: "align with one argument", args: []string{"align", "ref.fa"}, want: "align: accepts between 2 and 3 arg(s), received 1 (usage: vole align REF.fa"},
	{name: "call with one argument", args: []string{"call", "ref.fa"}, want: "call: requires at least 2 arg(s), only received 1 (usage: vole call"},
	{name: "vcf stats without a file", args: []string{"vcf", "stats"}, want: "vcf stats: accepts 1 arg(s), received 0 (usage: vole vcf stats"},
	{name: "unknown flag", args: []string{"flagstat", "--bogus", "a.bam"}, want: "flagstat: unknown flag: --bogus"},
	{name: "a folder as the reads", args: []string{"align", "ref.fa", "sub"}, setup: mkdir("sub"), want: "input sub is a folder"},
	{name: "a folder as the BAM", args: []string{"call", "ref.fa", "sub/"}, setup: mkdir("sub"), want: "input sub/ is a folder"},
	{name: "missing reference", args: []string{"call", "nosuch.fa", "a.bam"}, want: "nosuch.fa"},
	{name: "missing reads", args: []string{"align", "ref.fa", "nosuch.fq"}, want: "nosuch.fq"},
}

// tempName matches the temporaries vole makes (fileio): none may be left.
var tempName = regexp.MustCompile(`^(\..+\.tmp-[0-9]+|vole-sort-[0-9]+\.bam)$`)

func TestBadInputMatrix(t *testing.T) {
	bin := voleBinary(t)
	base := t.TempDir()
	makeFixtures(t, bin, base)
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			if c.owner != "" {
				t.Skipf("the fix is on the %s branch", c.owner)
			}
			runBadCase(t, bin, base, c)
		})
	}
}

// runBadCase runs one row in a copy of the fixtures and checks it.
func runBadCase(t *testing.T, bin, base string, c badCase) {
	dir := t.TempDir()
	copyDir(t, base, dir)
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	if c.setup != nil {
		c.setup(t, dir)
	}
	before := hashFiles(t, dir)
	stdout, stderr, code := runBinary(t, bin, dir, c)
	want := c.code
	switch {
	case c.ok:
		want = 0
	case want == 0:
		want = 1
	}
	if strings.Contains(stderr, "panic:") || strings.Contains(stderr, "goroutine ") {
		t.Fatalf("crashed (exit %d):\n%s", code, stderr)
	}
	if want >= 0 && code != want {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, want, stderr)
	}
	after := hashFiles(t, dir)
	for name, sum := range before {
		if slicesContain(c.gone, name) {
			if _, ok := after[name]; ok {
				t.Errorf("%s was not removed", name)
			}
			continue
		}
		if code == 0 && slicesContain(c.rewrites, name) {
			continue
		}
		if after[name] != sum {
			t.Errorf("input %s was changed or removed", name)
		}
	}
	for name := range after {
		if tempName.MatchString(filepath.Base(name)) {
			t.Errorf("temporary %s left behind", name)
		}
		if _, ok := before[name]; !ok && code != 0 {
			t.Errorf("failed run left %s", name)
		}
	}
	if code == 0 {
		if !strings.Contains(stdout, c.want) {
			t.Errorf("stdout lacks %q:\n%.2000s", c.want, stdout)
		}
		return
	}
	if c.stdout == "" && stdout != "" {
		t.Errorf("failed run wrote to stdout:\n%.500s", stdout)
	}
	// Progress lines ("vole align: 136 reads aligned ...") may come first;
	// the error is the one line starting "vole: ", and the last.
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if errorLines(lines) != 1 || !strings.HasPrefix(last, "vole: ") || !strings.HasSuffix(stderr, "\n") ||
		!strings.Contains(last, c.want) || c.not != "" && strings.Contains(last, c.not) {
		t.Errorf("stderr %q\nwant one error line with %q (and without %q)", stderr, c.want, c.not)
	}
}

// errorLines counts the lines that are vole's error messages.
func errorLines(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "vole: ") {
			n++
		}
	}
	return n
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// runBinary runs vole in dir with TMPDIR=dir/tmp and returns its streams
// and exit status.
func runBinary(t *testing.T, bin, dir string, c badCase) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, c.args...)
	if c.limitMB > 0 {
		script := fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, c.limitMB<<10)
		cmd = exec.Command("sh", append([]string{"-c", script, bin}, c.args...)...)
	}
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+filepath.Join(dir, "tmp"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if c.stdin != "" {
		f, err := os.Open(filepath.Join(dir, c.stdin))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	if c.stdout != "" {
		f, err := os.OpenFile(c.stdout, os.O_WRONLY, 0)
		if err != nil {
			t.Skipf("%s: %v", c.stdout, err)
		}
		defer f.Close()
		cmd.Stdout = f
	}
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), errb.String(), 0
	case errors.As(err, &exit):
		return out.String(), errb.String(), exit.ExitCode()
	}
	t.Fatalf("running vole: %v", err)
	return "", "", 0
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// voleBinary builds vole once per test run, into a folder removed by
// TestMain.
func voleBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vole-matrix-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "vole")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// hashFiles returns the SHA-256 of every regular file under dir, by path
// relative to dir.
func hashFiles(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	sums := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sums[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// copyDir copies the regular files of src into dst, keeping their
// modification times (an index must stay newer than its BAM).
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		info, _ := e.Info()
		p := filepath.Join(dst, e.Name())
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, info.ModTime(), info.ModTime())
	}
}

// matrixGenome is the reference of the fixtures: 3000 random bases.
var matrixGenome = func() string {
	rng := rand.New(rand.NewPCG(7, 7))
	b := make([]byte, 3000)
	for i := range b {
		b[i] = "ACGT"[rng.IntN(4)]
	}
	return string(b)
}()

// revcomp returns the reverse complement of ACGT text.
func revcomp(s string) string {
	b := make([]byte, len(s))
	for i := range s {
		b[len(s)-1-i] = "TGCA"[strings.IndexByte("ACGT", s[i])]
	}
	return string(b)
}

// samHeader is the header of the hand-made SAM fixtures.
const samHeader = "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:c1\tLN:3000\n"

// samRead is a 100M read at 1-based pos with the genome's bases, except alt
// (when not 0) at 1-based position snp.
func samRead(name string, pos, snp int, alt byte) string {
	seq := []byte(matrixGenome[pos-1 : pos+99])
	if alt != 0 && snp >= pos && snp < pos+100 {
		seq[snp-pos] = alt
	}
	return fmt.Sprintf("%s\t0\tc1\t%d\t60\t100M\t*\t0\t0\t%s\t%s\n", name, pos, seq, strings.Repeat("I", 100))
}

// altOf is a base other than the genome's at 1-based pos.
func altOf(pos int) byte { return "CGTA"[strings.IndexByte("ACGT", matrixGenome[pos-1])] }

// makeFixtures writes the shared data set into dir: ref.fa and its index,
// paired reads r1.fq and r2.fq, a.bam (+ .bai) aligned from them, a sorted
// a.sam whose reads carry a homozygous SNP at 1500, a.vcf called from it,
// and other.bai, the index of a BAM of another reference.
func makeFixtures(t *testing.T, bin, dir string) {
	t.Helper()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ref.fa", ">c1\n"+matrixGenome+"\n")
	var r1, r2, sam strings.Builder
	for p := 0; p+300 <= len(matrixGenome); p += 20 {
		fmt.Fprintf(&r1, "@p%d/1\n%s\n+\n%s\n", p, matrixGenome[p:p+100], strings.Repeat("I", 100))
		fmt.Fprintf(&r2, "@p%d/2\n%s\n+\n%s\n", p, revcomp(matrixGenome[p+200:p+300]), strings.Repeat("I", 100))
	}
	sam.WriteString(samHeader)
	for p := 1; p+99 <= len(matrixGenome); p += 10 {
		sam.WriteString(samRead(fmt.Sprintf("s%d", p), p, 1500, altOf(1500)))
	}
	write("r1.fq", r1.String())
	write("r2.fq", r2.String())
	write("a.sam", sam.String())
	other := []byte(matrixGenome[:2000])
	for i := range other {
		other[i] = "ACGT"[(strings.IndexByte("ACGT", other[i])+i)%4]
	}
	write("other.fa", ">d1\n"+string(other)+"\n")
	write("other.fq", fmt.Sprintf("@o1\n%s\n+\n%s\n", other[100:200], strings.Repeat("I", 100)))
	for _, args := range [][]string{
		{"align", "-q", "ref.fa", "r1.fq", "r2.fq", "-o", "a.bam"},
		{"call", "ref.fa", "a.sam", "-o", "a.vcf"},
		{"align", "-q", "other.fa", "other.fq", "-o", "other.bam"},
	} {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("vole %v: %v\n%s", args, err, out)
		}
	}
	if err := os.Rename(filepath.Join(dir, "other.bam.bai"), filepath.Join(dir, "other.bai")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"other.fa", "other.fa.vole", "other.fq", "other.bam"} {
		os.Remove(filepath.Join(dir, name))
	}
}

// writeText is a setup writing one file.
// starFASTA has a contig named "*", SAM's RNAME of an unplaced read.
const starFASTA = ">c1\n" + "ACGTACGTAC\n" + ">* unplaced\nACGTACGTAC\n"

// runAnswers are the files of `vole run`'s output folder that every run
// rewrites, whichever samples it names.
var runAnswers = []string{"out/.vole-run.json", "out/calls.vcf.gz", "out/calls.vcf.gz.tbi", "out/calls.stats.txt", "out/shared.vcf", "out/shared_homalt.vcf", "out/report.html"}

// earlierRun is a setup that runs `vole run` with samples a and b into
// out, as an earlier run would have, then leaves there either a file of
// the user's (user) or, when user is "", orphaned temporaries of a killed
// run (a refused run may not touch them).
func earlierRun(user string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		cmd := exec.Command(voleBinary(t), "run", "-q", "--ref", "ref.fa", "--sample", "a=r1.fq", "--sample", "b=r2.fq", "-o", "out")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("the earlier run: %v\n%s", err, out)
		}
		if user != "" {
			writeText(filepath.Join("out", user), "mine")(t, dir)
			return
		}
		for _, name := range []string{".b.bam.tmp-123456", ".a.bam.tmp-123456", ".calls.vcf.gz.tmp-123456"} {
			orphan(filepath.Join("out", name))(t, dir)
		}
	}
}

func writeText(name, text string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mkdir(name string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func remove(name string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}

func hardLink(from, to string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := os.Link(filepath.Join(dir, from), filepath.Join(dir, to)); err != nil {
			t.Fatal(err)
		}
	}
}

// orphan is a setup leaving a temporary of a run killed an hour ago.
func orphan(name string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		writeText(name, "half a file")(t, dir)
		old := time.Now().Add(-time.Hour)
		os.Chtimes(filepath.Join(dir, name), old, old)
	}
}

// edit is a setup writing name as change(content of from).
func edit(from, name string, change func(string) string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		b, err := os.ReadFile(filepath.Join(dir, from))
		if err != nil {
			t.Fatal(err)
		}
		writeText(name, change(string(b)))(t, dir)
	}
}

var noHeaderSAM = edit("a.sam", "nohdr.sam", func(s string) string { return strings.TrimPrefix(s, samHeader) })

// blankLineSAM puts a blank line at the end of a.sam, or in its middle.
func blankLineSAM(trailing bool) func(*testing.T, string) {
	return edit("a.sam", "blank.sam", func(s string) string {
		if trailing {
			return s + "\n"
		}
		i := len(s) / 2
		i += strings.IndexByte(s[i:], '\n') + 1
		return s[:i] + "\n" + s[i:]
	})
}

// hugeDeletionSAM is a read whose CIGAR spans 2,000,000,000 reference bases.
var hugeDeletionSAM = writeText("hugedel.sam", samHeader+
	"d1\t0\tc1\t100\t60\t50M2000000000D50M\t*\t0\t0\t"+strings.Repeat("A", 100)+"\t"+strings.Repeat("I", 100)+"\n")

// starMidFile puts an unmapped read with RNAME * between placed reads: the
// reads after it, at 2501 with a SNP at 2505, must still be seen.
var starMidFile = writeText("star.sam", samHeader+
	samRead("a1", 101, 0, 0)+
	"u1\t4\t*\t0\t0\t*\t*\t0\t0\tACGT\tIIII\n"+
	strings.Repeat(samRead("b", 2501, 2505, altOf(2505)), 8))

// bndVCF has two breakend records, which vcf stats counts as others.
const bndVCF = "##fileformat=VCFv4.2\n##contig=<ID=c1,length=3000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n" +
	"c1\t10\t.\tA\tA[c1:100[\t50\tPASS\t.\n" +
	"c1\t20\t.\tA\t]c1:200]A\t50\tPASS\t.\n"

// cutEOFBlock copies a.bam without its 28-byte BGZF end-of-file block.
var cutEOFBlock = edit("a.bam", "cut.bam", func(s string) string { return s[:len(s)-28] })

// lateBadRead is r1.fq with an invalid record at its end.
var lateBadRead = edit("r1.fq", "late.fq", func(s string) string { return s + "@bad\nAC!T\n+\nIIII\n" })

// trailingGarbage gzips r1.fq and appends junk.
var trailingGarbage = edit("r1.fq", "junk.fq.gz", func(s string) string { return gzipped(s) + "garbage\n" })

// cutGzip gzips r1.fq and cuts it in the middle.
var cutGzip = edit("r1.fq", "cut.fq.gz", func(s string) string { g := gzipped(s); return g[:len(g)/2] })

// otherBAI puts the index of another BAM beside a.bam, newer than it.
func otherBAI(t *testing.T, dir string) {
	edit("other.bai", "a.bam.bai", func(s string) string { return s })(t, dir)
	later := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(dir, "a.bam.bai"), later, later)
}

// damageIndex sets every suffix-array sample of ref.fa.vole to a position
// far outside the text and recomputes the file's checksum, as a damaged
// file that passes the checksum would be.
func damageIndex(t *testing.T, dir string) {
	path := filepath.Join(dir, "ref.fa.vole")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := damageSamples(b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// damageSamples overwrites the suffix-array samples of an index file (the
// layout in index/file.go) with 0xffffff00 and recomputes its CRC-32C.
func damageSamples(b []byte) error {
	le := binary.LittleEndian
	at := func(off int) int { return int(le.Uint64(b[off:])) }
	pad := func(n int) int { return (n + 7) &^ 7 }
	nContigs, nRuns, nText, nBlocks, nMarks, nSamples := at(128), at(136), at(144), at(152), at(160), at(168)
	off := 176
	for i := 0; i < nContigs; i++ {
		off += 24 + pad(at(off))
	}
	off += 16*nRuns + 8*nText + 8*nBlocks + 8*nMarks + pad(4*nMarks)
	if off+4*nSamples > len(b)-8 {
		return fmt.Errorf("index layout: samples end at %d, file has %d bytes", off+4*nSamples, len(b))
	}
	for i := 0; i < nSamples; i++ {
		le.PutUint32(b[off+4*i:], 0xffffff00)
	}
	le.PutUint64(b[len(b)-8:], uint64(crc32.Checksum(b[:len(b)-8], crc32.MakeTable(crc32.Castagnoli))))
	return nil
}
