package main

import (
	"bytes"
	"strings"
	"testing"
)

// runVole runs the command tree in-process and returns stdout, stderr and the
// exit status, so command-line behaviour is tested from Go.
func runVole(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestVersion(t *testing.T) {
	out, _, code := runVole(t, "--version")
	if code != 0 || !strings.Contains(out, version) {
		t.Fatalf("vole --version: code %d, output %q", code, out)
	}
}

func TestUnknownCommandFails(t *testing.T) {
	_, errOut, code := runVole(t, "no-such-command")
	if code == 0 || !strings.HasPrefix(errOut, "vole: ") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("unknown command: code %d, stderr %q", code, errOut)
	}
}
