package index

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCheckBuildMemory(t *testing.T) {
	defer func(p string) { meminfoPath = p }(meminfoPath)
	rng := rand.New(rand.NewPCG(61, 62))
	ref, err := parseFASTA(strings.NewReader(randomFASTA(rng, []int{5000}, 0)), "m.fa", 0)
	if err != nil {
		t.Fatal(err)
	}
	need := BuildMemory(ref.n) - int64(len(ref.text))*8 - programMemory
	meminfo := func(kb int64) string {
		return fmt.Sprintf("MemTotal:       24683620 kB\nMemFree:        100 kB\nMemAvailable:   %d kB\nBuffers: 1 kB\n", kb)
	}
	for _, c := range []struct {
		name, content string
		ok            bool
	}{
		{"plenty", meminfo(need>>10 + 1), true},
		{"short", meminfo(need>>10 - 1), false},
		{"no MemAvailable line", "MemTotal: 100 kB\n", true},
	} {
		meminfoPath = writeFile(t, "meminfo", c.content)
		err := CheckBuildMemory(ref)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
		if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("%d bases needs about", ref.n)) {
			t.Errorf("%s: error %q does not say what is needed", c.name, err)
		}
	}
	meminfoPath = "/no/such/meminfo"
	if err := CheckBuildMemory(ref); err != nil {
		t.Errorf("no meminfo: %v", err)
	}
}
