package index

// Base codes used across vole: A=0 C=1 G=2 T=3 and Ambiguous=4 for N and every
// other IUPAC code, which matches nothing.
const (
	// Ambiguous is the code of N and of the other IUPAC ambiguity codes.
	Ambiguous byte = 4
)

// codeTable maps every byte to its base code; see Code.
var codeTable = func() (t [256]byte) {
	for i := range t {
		t[i] = Ambiguous
	}
	for i, b := range []byte("ACGT") {
		t[b] = byte(i)
		t[b+'a'-'A'] = byte(i)
	}
	return t
}()

// Code returns the base code of an ASCII nucleotide in either case: A=0 C=1
// G=2 T=3, and Ambiguous (4) for anything else.
func Code(b byte) byte { return codeTable[b] }

// Letter returns the uppercase letter of a base code: ACGT, or N for any
// other code.
func Letter(c byte) byte {
	if c < 4 {
		return "ACGT"[c]
	}
	return 'N'
}

// Encode appends the base codes of an ASCII sequence to dst[:0].
func Encode(dst, seq []byte) []byte {
	dst = dst[:0]
	for _, b := range seq {
		dst = append(dst, codeTable[b])
	}
	return dst
}

// ReverseComplement appends the reverse complement of a code sequence to
// dst[:0]; ambiguous codes stay ambiguous. dst must not overlap codes.
func ReverseComplement(dst, codes []byte) []byte {
	dst = dst[:0]
	for i := len(codes) - 1; i >= 0; i-- {
		c := codes[i]
		if c < 4 {
			c = 3 - c
		}
		dst = append(dst, c)
	}
	return dst
}
