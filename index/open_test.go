package index

import (
	"bytes"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

func TestOpenBuildsOnceThenLoads(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	fa := writeFile(t, "ref.fa", randomFASTA(rng, []int{400, 90}, 0.02))
	var note bytes.Buffer
	first, err := Open(fa, &note)
	if err != nil {
		t.Fatal(err)
	}
	if want := "vole: building index " + Path(fa) + "\n"; note.String() != want {
		t.Fatalf("first Open said %q, want %q", note.String(), want)
	}
	if _, err := os.Stat(Path(fa)); err != nil {
		t.Fatalf("index not saved: %v", err)
	}
	note.Reset()
	second, err := Open(fa, &note)
	if err != nil || note.Len() != 0 {
		t.Fatalf("second Open: %v, said %q", err, note.String())
	}
	if second.primary != first.primary || second.TextLen() != first.TextLen() {
		t.Fatal("loaded index differs from the built one")
	}
	if _, err := Open(fa+".missing", &note); err == nil || !strings.Contains(err.Error(), fa+".missing") {
		t.Fatalf("missing FASTA: %v", err)
	}
}
