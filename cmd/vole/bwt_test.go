package main

import (
	"strings"
	"testing"
)

func TestBWTCommand(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"bwt", "encode", "BANANA"}, "ANNB$AA\n"},
		{[]string{"bwt", "encode", "--naive", "BANANA"}, "ANNB$AA\n"},
		{[]string{"bwt", "decode", "ANNB$AA"}, "BANANA\n"},
		{[]string{"bwt", "encode", "--matrix", "ACA"}, "0  $ACA\n1  A$AC\n2  ACA$\n3  CA$A\nAC$A\n"},
		{[]string{"bwt", "encode", "-f", writeTemp(t, "t.txt", "ACAACG\n")}, "GC$AAAC\n"},
		{[]string{"bwt", "decode", "-f", writeTemp(t, "b.txt", "GC$AAAC\r\n")}, "ACAACG\n"},
	}
	for _, c := range cases {
		out, errOut, code := runVole(t, c.args...)
		if code != 0 || out != c.want {
			t.Errorf("%v: code %d, stdout %q, want %q, stderr %q", c.args, code, out, c.want, errOut)
		}
	}
}

func TestBWTCommandErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"bwt", "encode", "A$C"}, "reserved for the BWT sentinel"},
		{[]string{"bwt", "decode", "ABC"}, "exactly one '$'"},
		{[]string{"bwt", "decode", "A$$"}, "exactly one '$'"},
		{[]string{"bwt", "encode", "--matrix", strings.Repeat("A", 201)}, "up to 200"},
		{[]string{"bwt", "encode", "-f", "/no/such.txt"}, "/no/such.txt"},
		{[]string{"bwt", "encode", "-f", "x", "ACGT"}, "not both"},
	}
	for _, c := range cases {
		out, errOut, code := runVole(t, c.args...)
		if code == 0 || out != "" || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want an error saying %q", c.args, code, out, errOut, c.want)
		}
	}
}

func TestBWTCommandStdin(t *testing.T) {
	for _, c := range []struct{ args, in, want string }{
		{"encode", "BANANA\n", "ANNB$AA\n"},
		{"decode", "ANNB$AA\n", "BANANA\n"},
		{"decode -f -", "ANNB$AA", "BANANA\n"},
	} {
		var out, errb strings.Builder
		root := newRootCmd(&out, &errb)
		root.SetIn(strings.NewReader(c.in))
		root.SetArgs(append([]string{"bwt"}, strings.Fields(c.args)...))
		if err := root.Execute(); err != nil || out.String() != c.want {
			t.Errorf("bwt %s < %q: %q, %v; want %q", c.args, c.in, out.String(), err, c.want)
		}
	}
}
