package align

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// readAll reads every record of text, stopping at the first error.
func readAll(text string) ([]Read, error) {
	rr := NewReadReader(strings.NewReader(text), "in.fq")
	var reads []Read
	var buf []byte
	for {
		rd, b, err := rr.Next(buf)
		buf = b
		if err == io.EOF {
			return reads, nil
		}
		if err != nil {
			return reads, err
		}
		reads = append(reads, rd)
	}
}

func TestReadReader(t *testing.T) {
	in := "@r1/1 comment here\nacgtn\n+r1\nIIIII\n\n>r2 desc\nACG\nUTR\r\n@r3\nA\n+\n#"
	reads, err := readAll(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []Read{{[]byte("r1"), []byte("ACGTN"), []byte("IIIII")}, {[]byte("r2"), []byte("ACGTTR"), nil}, {[]byte("r3"), []byte("A"), []byte("#")}}
	if len(reads) != len(want) {
		t.Fatalf("%d reads, want %d", len(reads), len(want))
	}
	for i := range want {
		if !bytes.Equal(reads[i].Name, want[i].Name) || !bytes.Equal(reads[i].Seq, want[i].Seq) || !bytes.Equal(reads[i].Qual, want[i].Qual) {
			t.Errorf("read %d: %q %q %q, want %q %q %q", i, reads[i].Name, reads[i].Seq, reads[i].Qual, want[i].Name, want[i].Seq, want[i].Qual)
		}
	}
}

// FuzzReadReader: the reader never panics, and every record it accepts has
// a name SAM can hold, a non-empty upper-case IUPAC sequence and, for
// FASTQ, qualities of the same length; an accepted record is read back the
// same (name, bases, qualities) after writing it out again.
func FuzzReadReader(f *testing.F) {
	for _, s := range []string{
		"@r1\nACGT\n+\nIIII\n",
		"@r1/1 x\nACGTN\n+\nIIIII\n@r1/2\nAC\n+\n##\n",
		">a\nACGT\nAC\n>b\nNNNN\n",
		"@r\nAC\n+\nI\n",
		"@r\nACGT\nIIII\n",
		"@r\n\n+\n\n",
		"",
		"\n\n@r\r\nRYKM\r\n+\r\n!!!!\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		reads, err := readAll(text)
		if err != nil && !strings.HasPrefix(err.Error(), "in.fq: record ") {
			t.Fatalf("error does not name the file and record: %v", err)
		}
		var again strings.Builder
		for _, r := range reads {
			if len(r.Seq) == 0 {
				t.Fatal("empty read accepted")
			}
			if bytes.ContainsFunc(r.Name, func(c rune) bool { return c < '!' || c > '~' }) {
				t.Fatalf("read name %q accepted: SAM allows only '!' to '~'", r.Name)
			}
			for _, b := range r.Seq {
				if !isIUPAC[b] || b >= 'a' {
					t.Fatalf("base %q accepted", b)
				}
			}
			if r.Qual != nil && len(r.Qual) != len(r.Seq) {
				t.Fatalf("quality length %d for %d bases", len(r.Qual), len(r.Seq))
			}
			// The name is written with a /1, which the reader removes
			// again: a name that itself ends in /1 (header "@x/1/1")
			// then reads back whole.
			if r.Qual == nil {
				again.WriteString(">" + string(r.Name) + "/1\n" + string(r.Seq) + "\n")
			} else {
				again.WriteString("@" + string(r.Name) + "/1\n" + string(r.Seq) + "\n+\n" + string(r.Qual) + "\n")
			}
		}
		back, err := readAll(again.String())
		if err != nil || len(back) != len(reads) {
			t.Fatalf("re-reading accepted records: %d of %d, %v", len(back), len(reads), err)
		}
		for i := range back {
			if !bytes.Equal(back[i].Name, reads[i].Name) || !bytes.Equal(back[i].Seq, reads[i].Seq) || !bytes.Equal(back[i].Qual, reads[i].Qual) {
				t.Fatalf("record %d changed on re-reading", i)
			}
		}
	})
}
