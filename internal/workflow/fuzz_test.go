package workflow

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseSample checks that ParseSample never panics and that what it
// accepts is a valid name with one or two non-empty paths that rebuild the
// input.
func FuzzParseSample(f *testing.F) {
	for _, s := range []string{"ana=a_R1.fq.gz,a_R2.fq.gz", "b=se.fq", "=x", "a=", "a=,", "a==b", "ü=x", "a=x,y,z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		smp, err := ParseSample(s)
		if err != nil {
			if !strings.Contains(err.Error(), strconv.Quote(s)) {
				t.Errorf("error %q does not quote the value", err)
			}
			return
		}
		if !sampleName.MatchString(smp.Name) || len(smp.Reads) < 1 || len(smp.Reads) > 2 {
			t.Fatalf("accepted %q as %+v", s, smp)
		}
		if back := smp.Name + "=" + strings.Join(smp.Reads, ","); back != s {
			t.Errorf("%q parsed to %+v, which rebuilds as %q", s, smp, back)
		}
	})
}

// FuzzManifest checks that any manifest content is either read or refused
// with an error naming the file, never a panic.
func FuzzManifest(f *testing.F) {
	f.Add(`{"files":["a.bam"],"steps":{"call":{"params":"p","inputs":[{"path":"/x","size":1,"mtime_ns":2}],"outputs":[]}}}`)
	f.Add(`{"files":null}`)
	f.Add(`{`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, content string) {
		dir := t.TempDir()
		path := filepath.Join(dir, ManifestName)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := openManifest(dir)
		if err != nil {
			if !strings.Contains(err.Error(), ManifestName) && !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q names neither the manifest nor the folder", err)
			}
			return
		}
		m.upToDate("call", "p", nil, nil)
	})
}
