package main

import (
	"bytes"
	"testing"

	"github.com/vole-bio/vole/internal/sim"
)

// TestGenome checks that the subcommand writes the generator's genome for
// the options it was given, and refuses a size the generator cannot make.
func TestGenome(t *testing.T) {
	var got bytes.Buffer
	if err := runGenome([]string{"-size", "300000", "-contigs", "30", "-alts", "2", "-seed", "7"}, &got); err != nil {
		t.Fatal(err)
	}
	o := sim.DefaultHumanOptions(300000, 7)
	o.Contigs, o.Alts = 30, 2
	var want bytes.Buffer
	if _, err := sim.HumanLike(&want, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) || bytes.Count(got.Bytes(), []byte(">")) != 32 {
		t.Errorf("benchtool genome wrote %d bytes, %d contigs; the generator %d bytes",
			got.Len(), bytes.Count(got.Bytes(), []byte(">")), want.Len())
	}
	if err := runGenome([]string{"-size", "1000"}, &got); err == nil {
		t.Error("a 1000-base genome was accepted")
	}
}
