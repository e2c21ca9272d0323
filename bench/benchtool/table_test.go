package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestTableRatios(t *testing.T) {
	in := "tool\twall s\tRSS MB\tmapped %\n" +
		"bwa mem\t10.0\t200\t99\n" +
		"vole align\t5\t100\t98\n" +
		"vole x\tn/a\n"
	tab, err := readTable(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	tab, err = tab.withRatios("bwa mem", "", []string{"wall s", "RSS MB"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	tab.writeMarkdown(&b)
	want := "| tool | wall s | wall s ratio | RSS MB | RSS MB ratio | mapped % |\n" +
		"| --- | --- | --- | --- | --- | --- |\n" +
		"| bwa mem | 10.0 | 1.00 | 200 | 1.00 | 99 |\n" +
		"| vole align | 5 | 0.50 | 100 | 0.50 | 98 |\n" +
		"| vole x | n/a | – | n/a | – | n/a |\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	if _, err := tab.withRatios("bwa mem", "", []string{"nope"}); err == nil {
		t.Error("unknown ratio column: no error")
	}
	if _, err := readTable(strings.NewReader("a\tb\nx\ty\tz\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("too many cells: error %v", err)
	}
}

func TestTableGroupedRatios(t *testing.T) {
	in := "tool\tgenome\twall s\n" +
		"bwa\tg1\t2\n" +
		"vole\tg1\t1\n" +
		"vole\tg2\t9\n" +
		"bwa\tg2\t3\n" +
		"vole\tg3\t5\n"
	tab, err := readTable(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	tab, err = tab.withRatios("bwa", "genome", []string{"wall s"})
	if err != nil {
		t.Fatal(err)
	}
	// g1: 1/2; g2: 9/3 (the anchor row comes later); g3 has no anchor.
	want := []string{"1.00", "0.50", "3.00", "1.00", "–"}
	for i, r := range tab.Rows {
		if r[3] != want[i] {
			t.Errorf("row %v: ratio %s, want %s", r, r[3], want[i])
		}
	}
	if _, err := tab.withRatios("bwa", "nope", nil); err == nil {
		t.Error("unknown group column: no error")
	}
}
