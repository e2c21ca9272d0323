package binom

import (
	"bytes"
	"math/big"
	"strings"
	"testing"
)

// exactThreshold is the independent truth: it scans k with exact integer
// arithmetic, P(X <= k) = sum_{i<=k} C(n, i) / 2^n, compared with alpha =
// a/b as sum * b < a * 2^n, with C(n, i+1) = C(n, i) (n-i) / (i+1).
func exactThreshold(n int, alpha *big.Rat) int {
	limit := new(big.Int).Lsh(alpha.Num(), uint(n)) // a * 2^n
	c := big.NewInt(1)                              // C(n, 0)
	sum, scaled := new(big.Int), new(big.Int)
	k := -1
	for i := 0; i <= n; i++ {
		sum.Add(sum, c)
		if scaled.Mul(sum, alpha.Denom()).Cmp(limit) >= 0 {
			break
		}
		k = i
		c.Mul(c, big.NewInt(int64(n-i)))
		c.Quo(c, big.NewInt(int64(i+1)))
	}
	return k
}

func TestThresholdByHand(t *testing.T) {
	// n=10: P(X<=1) = 11/1024 = .0107 < .05, P(X<=2) = 56/1024 = .0547.
	// n=5:  P(X<=0) = 1/32 = .031 < .05, P(X<=1) = 6/32 = .1875.
	// n=4:  P(X<=0) = 1/16 = .0625, nothing is rejected.
	// n=20: P(X<=5) = 21700/1048576 = .0207, P(X<=6) = 60460/1048576 = .0577.
	for _, c := range []struct {
		n, want int
	}{{4, -1}, {5, 0}, {10, 1}, {20, 5}} {
		if got := Threshold(c.n, 0.05); got != c.want {
			t.Errorf("Threshold(%d, 0.05) = %d, want %d", c.n, got, c.want)
		}
	}
}

func TestThresholdMatchesExactArithmetic(t *testing.T) {
	for _, a := range []struct {
		f   float64
		rat *big.Rat
	}{{0.05, big.NewRat(1, 20)}, {0.01, big.NewRat(1, 100)}} {
		for n := 1; n <= 200; n++ {
			if got, want := Threshold(n, a.f), exactThreshold(n, a.rat); got != want {
				t.Errorf("Threshold(%d, %v) = %d, exact %d", n, a.f, got, want)
			}
		}
	}
}

// TestTableLargeCoverage checks the walked table against a fresh search per
// row, and rows at large coverage against exact arithmetic.
func TestTableLargeCoverage(t *testing.T) {
	for _, alpha := range []float64{0.05, 0.001} {
		rows, err := Table(1, 3000, alpha)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if want := Threshold(r.N, alpha); r.K != want {
				t.Fatalf("alpha %v: Table row n=%d has k=%d, Threshold %d", alpha, r.N, r.K, want)
			}
		}
	}
	rows, _ := Table(4990, 5010, 0.05)
	for _, r := range rows {
		if want := exactThreshold(r.N, big.NewRat(1, 20)); r.K != want {
			t.Errorf("n=%d: k=%d, exact %d", r.N, r.K, want)
		}
	}
	rows, _ = Table(20000, 20000, 0.05)
	if want := exactThreshold(20000, big.NewRat(1, 20)); rows[0].K != want {
		t.Errorf("n=20000: k=%d, exact %d", rows[0].K, want)
	}
}

func TestTable(t *testing.T) {
	rows, err := Table(10, 12, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].N != 10 || rows[0].K != 1 || rows[0].Ratio != 0.1 {
		t.Fatalf("Table(10,12) = %+v", rows)
	}
	for _, bad := range [][2]int{{0, 5}, {10, 9}} {
		if _, err := Table(bad[0], bad[1], 0.05); err == nil {
			t.Errorf("Table(%d,%d) accepted", bad[0], bad[1])
		}
	}
	if _, err := Table(10, 20, 1.5); err == nil {
		t.Error("alpha 1.5 accepted")
	}
}

func TestWritePlot(t *testing.T) {
	rows, _ := Table(10, 50, 0.05)
	for _, f := range []string{"svg", "png"} {
		var b bytes.Buffer
		if err := WritePlot(&b, rows, 0.05, f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if f == "svg" && !strings.Contains(b.String(), "<svg") {
			t.Errorf("svg output has no <svg element")
		}
		if f == "png" && !bytes.HasPrefix(b.Bytes(), []byte("\x89PNG")) {
			t.Errorf("png output lacks the PNG signature")
		}
	}
	if _, err := Plot([]Row{{N: 3, K: -1}}, 0.05); err == nil {
		t.Error("Plot with no rejected count succeeded")
	}
}

func TestFormatOf(t *testing.T) {
	if f, err := FormatOf("q3.PNG"); err != nil || f != "png" {
		t.Errorf("FormatOf(q3.PNG) = %q, %v", f, err)
	}
	if _, err := FormatOf("q3.jpg"); err == nil || !strings.Contains(err.Error(), "q3.jpg") {
		t.Errorf("FormatOf(q3.jpg) error %v does not name the file", err)
	}
}

// BenchmarkTableLarge measures a table up to coverage 20000, quadratic
// (28 s) before the walk.
func BenchmarkTableLarge(b *testing.B) {
	for b.Loop() {
		if _, err := Table(10, 20000, 0.05); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTable measures the default table of `vole binom` (n = 10..200).
func BenchmarkTable(b *testing.B) {
	for b.Loop() {
		if _, err := Table(10, 200, 0.05); err != nil {
			b.Fatal(err)
		}
	}
}
