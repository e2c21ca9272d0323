package vcf

import (
	"fmt"
	"math/rand"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// viewPositions runs a View over craftedVCF and returns the kept positions
// with the kept samples' GTs, e.g. "10:0/1,1/1".
func viewPositions(t *testing.T, opt ViewOptions) []string {
	return viewText(t, craftedVCF, opt)
}

// viewText runs a View over the VCF text and returns what viewPositions does.
func viewText(t *testing.T, text string, opt ViewOptions) []string {
	t.Helper()
	vr, err := NewReader(strings.NewReader(text), "view.vcf")
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewView(vr.Header, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for vr.Next() {
		r, keep, err := v.Apply(vr.Record())
		if err != nil {
			t.Fatal(err)
		}
		if keep {
			var gts []string
			for i := range r.Samples {
				gts = append(gts, r.SampleValue(i, "GT"))
			}
			out = append(out, strconv.Itoa(r.Pos)+":"+strings.Join(gts, ","))
		}
	}
	if err := vr.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestViewHandWorked checks genotype, sample and filter selection against
// answers read off craftedVCF by hand.
func TestViewHandWorked(t *testing.T) {
	cases := []struct {
		opt  ViewOptions
		want string
	}{
		{ViewOptions{Genotype: "hom"}, "10:0/1,1/1 40:1/1,0/1 80:0/1,1 110:0/3,2/2 120:0/1,1/1 130:1/1,0/1"},
		{ViewOptions{Genotype: "hom", Samples: []string{"s1"}}, "40:1/1 130:1/1"},
		{ViewOptions{Genotype: "ref", Samples: []string{"s2"}}, "20:0/0 50:0/0 60:0/0 95:0"},
		{ViewOptions{Genotype: "het", Samples: []string{"s2"}, PassOnly: true}, "40:0/1 90:0|1"},
		{ViewOptions{Genotype: "miss"}, "30:0/1,./. 100:0/1,0/."},
		{ViewOptions{Genotype: "1/0", Samples: []string{"s2"}}, "40:0/1 70:0/1 90:0|1 130:0/1"},
		{ViewOptions{Genotype: "0|1", Samples: []string{"s2"}}, "90:0|1"},
		{ViewOptions{Genotype: "2/1"}, "20:1/2,0/0 90:1/2,0|1"},
		{ViewOptions{Samples: []string{"s2", "s1"}, PassOnly: true}, "10:1/1,0/1 20:0/0,1/2 30:./.,0/1 40:0/1,1/1 50:0/0,0/1 60:0/0,0/0 " +
			"80:1,0/1 90:0|1,1/2 95:0,0/2 100:0/.,0/1 110:2/2,0/3 120:1/1,0/1"},
	}
	for _, c := range cases {
		if got := strings.Join(viewPositions(t, c.opt), " "); got != c.want {
			t.Errorf("%+v:\n got %s\nwant %s", c.opt, got, c.want)
		}
	}
}

func TestViewBadOptions(t *testing.T) {
	h := &Header{Samples: []string{"a", "b"}}
	for _, opt := range []ViewOptions{{Samples: []string{"c"}}, {Samples: []string{"a", "b", "a"}}, {Genotype: "homo"}, {Genotype: "1/x"},
		{Genotype: "1/"}, {Genotype: "/1"}, {Genotype: "1//1"}, {Genotype: "|"}, {Genotype: "0|"}} {
		if _, err := NewView(h, opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
}

// TestViewMatchesBcftools compares with bcftools view on craftedVCF and on
// random VCFs: -g het and -g miss are the same; bcftools's -g hom is vole's
// hom plus ref; --pass is -f PASS,.
func TestViewMatchesBcftools(t *testing.T) {
	if _, err := exec.LookPath("bcftools"); err != nil {
		t.Skip("bcftools not on PATH")
	}
	rng := rand.New(rand.NewSource(8))
	texts := []string{craftedVCF, randomStatsVCF(rng, 300), randomStatsVCF(rng, 300)}
	for i, text := range texts {
		path := writeTemp(t, fmt.Sprintf("v%d.vcf", i), text)
		positions := func(args ...string) string {
			out := run(t, "bcftools", append(append([]string{"view", "-H"}, args...), path)...)
			var pos []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				pos = append(pos, strings.Split(l, "\t")[1])
			}
			return strings.Join(pos, " ")
		}
		ours := func(opts ...ViewOptions) string {
			seen := map[string]bool{}
			for _, o := range opts {
				for _, p := range viewText(t, text, o) {
					seen[strings.Split(p, ":")[0]] = true
				}
			}
			var pos []string
			for _, l := range strings.Split(text, "\n") {
				if f := strings.Split(l, "\t"); len(f) > 1 && seen[f[1]] {
					pos = append(pos, f[1])
				}
			}
			return strings.Join(pos, " ")
		}
		s1 := strings.Split(strings.Split(text, "FORMAT\t")[1], "\t")[0]
		checks := []struct {
			bcf  []string
			vole []ViewOptions
		}{
			{[]string{"-g", "het"}, []ViewOptions{{Genotype: "het"}}},
			{[]string{"-g", "het", "-s", s1}, []ViewOptions{{Genotype: "het", Samples: []string{s1}}}},
			{[]string{"-g", "hom"}, []ViewOptions{{Genotype: "hom"}, {Genotype: "ref"}}},
			{[]string{"-g", "hom", "-s", s1}, []ViewOptions{{Genotype: "hom", Samples: []string{s1}}, {Genotype: "ref", Samples: []string{s1}}}},
			{[]string{"-g", "miss"}, []ViewOptions{{Genotype: "miss"}}},
			{[]string{"-f", "PASS,."}, []ViewOptions{{PassOnly: true}}},
		}
		for _, c := range checks {
			if got, want := ours(c.vole...), positions(c.bcf...); got != want {
				t.Errorf("file %d: bcftools view %v: vole %s, bcftools %s", i, c.bcf, got, want)
			}
		}
	}
}
