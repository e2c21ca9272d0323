package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogo/hts/bam"
	"github.com/biogo/hts/sam"
)

func TestParseDwgsimName(t *testing.T) {
	cases := []struct {
		name   string
		first  bool
		want   dwgsimTruth
		ok     bool
		hasErr bool
	}{
		{"chr1_100_350_0_1_0_0_1:0:0_0:0:0_a", true, dwgsimTruth{"chr1", 100}, true, false},
		{"chr1_100_350_0_1_0_0_1:0:0_0:0:0_a", false, dwgsimTruth{"chr1", 350}, true, false},
		// contig names with '_' are the join of all leading fields
		{"my_long_contig_7_9_0_1_0_0_1:0:0_0:0:0_1f", false, dwgsimTruth{"my_long_contig", 9}, true, false},
		{"gi|1|ref|NC_008253.1|_4447378_4447013_1_0_0_0_2:0:0_3:0:0_0", true, dwgsimTruth{"gi|1|ref|NC_008253.1|", 4447378}, true, false},
		{"rand_0_0_0_0_1_1_0:0:0_0:0:0_0", true, dwgsimTruth{}, false, false},
		{"read42", true, dwgsimTruth{}, false, true},
		{"c_x_9_0_1_0_0_1:0:0_0:0:0_a", true, dwgsimTruth{}, false, true},
	}
	for _, c := range cases {
		got, ok, err := parseDwgsimName(c.name, c.first)
		if (err != nil) != c.hasErr || ok != c.ok || got != c.want {
			t.Errorf("parseDwgsimName(%q, %v) = %+v, %v, %v; want %+v, %v, error %v", c.name, c.first, got, ok, err, c.want, c.ok, c.hasErr)
		}
	}
}

func TestLeadingClip(t *testing.T) {
	for cigar, want := range map[string]int{"*": 0, "100M": 0, "5S95M": 5, "3H2S95M": 5, "95M5S": 0, "10H": 10} {
		got, err := leadingClip([]byte(cigar))
		if err != nil || got != want {
			t.Errorf("leadingClip(%q) = %d, %v; want %d", cigar, got, err, want)
		}
	}
	for _, bad := range []string{"S", "5", "12", "M5S"} {
		if _, err := leadingClip([]byte(bad)); err == nil {
			t.Errorf("leadingClip(%q): no error", bad)
		}
	}
}

// craftedSAM has one case per scoring rule; the expected tallies below are
// counted by hand from the comments.
const craftedSAM = `@HD	VN:1.6
@SQ	SN:chrA	LN:10000
@SQ	SN:chrB	LN:10000
chrA_1000_1300_0_1_0_0_0:0:0_0:0:0_0	99	chrA	1000	60	150M	=	1300	450	*	*
chrA_1000_1300_0_1_0_0_0:0:0_0:0:0_0	147	chrA	1320	60	150M	=	1000	-450	*	*
chrA_2000_2300_0_1_0_0_0:0:0_0:0:0_1	65	chrA	2010	25	10S140M	*	0	0	*	*
chrA_2000_2300_0_1_0_0_0:0:0_0:0:0_1	129	chrB	2300	0	150M	*	0	0	*	*
chrA_2000_2300_0_1_0_0_0:0:0_0:0:0_1	2177	chrA	5000	0	50H100M	*	0	0	*	*
chrA_3000_3300_0_1_0_0_0:0:0_0:0:0_2	77	*	0	0	*	*	0	0	*	*
chrA_3000_3300_0_1_0_0_0:0:0_0:0:0_2	141	*	0	0	*	*	0	0	*	*
rand_0_0_0_0_1_1_0:0:0_0:0:0_3	65	chrB	7000	30	150M	*	0	0	*	*
chrA_4000_4300_0_1_0_0_0:0:0_0:0:0_4	64	chrA	4021	10	150M	*	0	0	*	*
chrA_4000_4300_0_1_0_0_0:0:0_0:0:0_4	320	chrA	4300	60	150M	*	0	0	*	*
`

// Hand count (tol 20), primary records only (flag & 0x900 == 0):
//
//	r/1 chrA 1000 vs 1000: correct, q60
//	r/2 chrA 1320 vs 1300: |20| <= 20 correct, q60
//	s/1 chrA 2010-10=2000 vs 2000: correct, q25
//	s/2 chrB vs chrA: wrong, q0
//	s supplementary (2048): ignored
//	t/1, t/2 unmapped: counted as reads only
//	rand mapped: wrong, q30
//	u/1 chrA 4021 vs 4000: 21 > 20 wrong, q10
//	u secondary (256): ignored
//
// reads 8, mapped 6, correct 3, wrong 3.
func TestMapTallyCrafted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.sam")
	if err := os.WriteFile(path, []byte(craftedSAM), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := scoreAlignments(path, 20)
	if err != nil {
		t.Fatal(err)
	}
	if m.Reads != 8 || m.Mapped != 6 || m.Correct != 3 {
		t.Fatalf("reads/mapped/correct = %d/%d/%d, want 8/6/3", m.Reads, m.Mapped, m.Correct)
	}
	want := map[int][2]int{0: {6, 3}, 1: {5, 2}, 10: {5, 2}, 20: {4, 1}, 30: {3, 1}, 60: {2, 0}}
	for q, w := range want {
		a, wr := m.AtLeast(q)
		if a != w[0] || wr != w[1] {
			t.Errorf("MAPQ>=%d: aligned %d wrong %d, want %d %d", q, a, wr, w[0], w[1])
		}
	}
	var out bytes.Buffer
	m.WriteText(&out)
	wantText := `reads=8 mapped=6 (75.00%) correct=3 (37.50%) wrong=3
  MAPQ>=0  aligned=6 wrong=3 error_rate=5.00e-01
  MAPQ>=1  aligned=5 wrong=2 error_rate=4.00e-01
  MAPQ>=10 aligned=5 wrong=2 error_rate=4.00e-01
  MAPQ>=20 aligned=4 wrong=1 error_rate=2.50e-01
  MAPQ>=30 aligned=3 wrong=1 error_rate=3.33e-01
  MAPQ>=60 aligned=2 wrong=0 error_rate=0.00e+00
`
	if out.String() != wantText {
		t.Errorf("text report:\n%s\nwant:\n%s", out.String(), wantText)
	}
	if m2, _ := scoreAlignments(path, 21); m2.Correct != 4 {
		t.Errorf("tol 21: correct %d, want 4 (u/1 is 21 bases off)", m2.Correct)
	}
}

// TestBAMMatchesSAM writes the crafted records as BAM with biogo/hts and
// checks that both readers score them the same.
func TestBAMMatchesSAM(t *testing.T) {
	dir := t.TempDir()
	samPath := filepath.Join(dir, "c.sam")
	if err := os.WriteFile(samPath, []byte(craftedSAM), 0o644); err != nil {
		t.Fatal(err)
	}
	sr, err := sam.NewReader(strings.NewReader(craftedSAM))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	bw, err := bam.NewWriter(&buf, sr.Header(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for {
		rec, err := sr.Read()
		if err != nil {
			break
		}
		if err := bw.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	bamPath := filepath.Join(dir, "c.bam")
	if err := os.WriteFile(bamPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fromSAM, err := scoreAlignments(samPath, 20)
	if err != nil {
		t.Fatal(err)
	}
	fromBAM, err := scoreAlignments(bamPath, 20)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	fromSAM.WriteText(&a)
	fromBAM.WriteText(&b)
	if a.String() != b.String() {
		t.Errorf("BAM scored differently:\n%s\nSAM:\n%s", b.String(), a.String())
	}
}

func TestMapevalBadInput(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"short.sam":    "r_1_2_0_1_0_0_0:0:0_0:0:0_0\t0\tchrA\n",
		"flag.sam":     "r_1_2_0_1_0_0_0:0:0_0:0:0_0\tx\tchrA\t1\t60\t10M\t*\t0\t0\t*\t*\n",
		"noname.sam":   "@HD\tVN:1.6\nread1\t0\tchrA\t1\t60\t10M\t*\t0\t0\t*\t*\n",
		"badcigar.sam": "r_1_2_0_1_0_0_0:0:0_0:0:0_0\t0\tchrA\t1\t60\t10\t*\t0\t0\t*\t*\n",
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(body), 0o644)
		_, err := scoreAlignments(path, 20)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming the file", name, err)
		}
		if name == "noname.sam" && !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%s: error %v does not name line 2", name, err)
		}
	}
}

func FuzzParseSAMLine(f *testing.F) {
	for _, l := range strings.Split(craftedSAM, "\n") {
		if l != "" && l[0] != '@' {
			f.Add(l)
		}
	}
	f.Add("a\t4\t*\t0\t0\t*")
	f.Fuzz(func(t *testing.T, line string) {
		rec, err := parseSAMLine([]byte(line))
		if err != nil {
			return
		}
		if rec.Flag < 0 || rec.Pos < 0 || rec.MapQ < 0 || rec.LeadClip < 0 {
			t.Fatalf("negative field from %q: %+v", line, rec)
		}
		var m mapTally
		m.Add(rec) // must not panic, whatever the name
	})
}
