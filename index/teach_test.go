package index

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestBWTBanana(t *testing.T) {
	// Hand-computed: sorted rotations of BANANA$ end in A N N B $ A A.
	for name, encode := range map[string]func([]byte) ([]byte, error){"naive": NaiveBWT, "suffix array": EncodeBWT} {
		got, err := encode([]byte("BANANA"))
		if err != nil || string(got) != "ANNB$AA" {
			t.Errorf("%s: BWT(BANANA) = %q, %v; want ANNB$AA", name, got, err)
		}
	}
	text, err := DecodeBWT([]byte("ANNB$AA"))
	if err != nil || string(text) != "BANANA" {
		t.Errorf("decode ANNB$AA = %q, %v", text, err)
	}
	rows, _ := Rotations([]byte("BANANA"))
	if string(rows[0]) != "$BANANA" || string(rows[6]) != "NANA$BA" {
		t.Errorf("rotation matrix %q", rows)
	}
}

func TestBWTNaiveAgreesAndRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	alphabets := []string{"ACGT", "ab", "a", "\x00\x01\x02#%", ""}
	for trial := 0; trial < 500; trial++ {
		n := rng.IntN(120)
		text := make([]byte, n)
		alpha := alphabets[trial%len(alphabets)]
		for i := range text {
			if alpha == "" {
				for text[i] = Sentinel; text[i] == Sentinel; {
					text[i] = byte(rng.IntN(256))
				}
			} else {
				text[i] = alpha[rng.IntN(len(alpha))]
			}
		}
		naive, err1 := NaiveBWT(text)
		fast, err2 := EncodeBWT(text)
		if err1 != nil || err2 != nil || !bytes.Equal(naive, fast) {
			t.Fatalf("text %q: naive %q (%v), suffix array %q (%v)", text, naive, err1, fast, err2)
		}
		back, err := DecodeBWT(fast)
		if err != nil || !bytes.Equal(back, text) {
			t.Fatalf("text %q: decode(encode) = %q, %v", text, back, err)
		}
	}
}

func TestBWTRejects(t *testing.T) {
	if _, err := EncodeBWT([]byte("AC$GT")); err == nil {
		t.Error("encode accepted a text with $")
	}
	if _, err := NaiveBWT([]byte("$")); err == nil {
		t.Error("naive encode accepted a text with $")
	}
	for _, bad := range []string{"", "ACGT", "A$C$", "$AB"} {
		if _, err := DecodeBWT([]byte(bad)); err == nil {
			t.Errorf("decode accepted %q", bad)
		} else if !strings.Contains(err.Error(), "$") {
			t.Errorf("decode %q: error %q does not mention the sentinel", bad, err)
		}
	}
}

// FuzzDecodeBWT checks that decoding never panics and that whatever decodes
// is a true BWT: encoding the text gives the input back.
func FuzzDecodeBWT(f *testing.F) {
	for _, seed := range []string{"ANNB$AA", "$", "a$", "$a", "ab$", "GC$AAAC", "AA$$", ""} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, bwt []byte) {
		text, err := DecodeBWT(bwt)
		if err != nil {
			return
		}
		again, err := EncodeBWT(text)
		if err != nil || !bytes.Equal(again, bwt) {
			t.Fatalf("decode(%q) = %q, whose BWT is %q (%v)", bwt, text, again, err)
		}
	})
}

// FuzzEncodeBWT checks the suffix-array encoder against the rotation sort
// and the decoder on any text without '$'.
func FuzzEncodeBWT(f *testing.F) {
	for _, seed := range []string{"BANANA", "", "a", "mississippi", "ACAACG", "\x00\xff\x00"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if len(text) > 300 || bytes.IndexByte(text, Sentinel) >= 0 {
			return
		}
		fast, err := EncodeBWT(text)
		if err != nil {
			t.Fatal(err)
		}
		if naive, _ := NaiveBWT(text); !bytes.Equal(fast, naive) {
			t.Fatalf("text %q: suffix array %q, rotations %q", text, fast, naive)
		}
		if back, err := DecodeBWT(fast); err != nil || !bytes.Equal(back, text) {
			t.Fatalf("text %q: decode gives %q, %v", text, back, err)
		}
	})
}
