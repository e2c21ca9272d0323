package workflow

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/vole-bio/vole/index"
	"github.com/vole-bio/vole/internal/sim"
)

// demoMarker marks a folder as vole demo's and records what it holds.
const demoMarker = ".vole-demo.json"

// demoState is the content of the marker: the seed of the simulated data.
type demoState struct {
	Seed uint64 `json:"seed"`
}

// PrepareDemo makes dir a demo folder and returns the pipeline Config that
// runs on it: the data simulated from seed in dir/data (reused when already
// there for the same seed) and the results in dir/results. dir must be new,
// empty or an earlier demo's folder.
func PrepareDemo(dir string, seed uint64) (Config, error) {
	data := filepath.Join(dir, "data")
	marker := filepath.Join(dir, demoMarker)
	cfg := Config{Ref: filepath.Join(data, "ref.fa"), OutDir: filepath.Join(dir, "results"), Truth: filepath.Join(data, "truth.vcf")}
	simCfg := sim.DemoConfig(seed)
	for _, s := range simCfg.Samples {
		cfg.Samples = append(cfg.Samples, Sample{Name: s, Reads: []string{
			filepath.Join(data, s+"_R1.fq.gz"), filepath.Join(data, s+"_R2.fq.gz")}})
	}
	prev, err := readDemoMarker(dir, marker)
	if err != nil {
		return cfg, err
	}
	if prev != nil && prev.Seed == seed && cfg.validate() == nil {
		return cfg, nil
	}
	if err := os.MkdirAll(data, 0o755); err != nil {
		return cfg, err
	}
	b, _ := json.Marshal(demoState{Seed: seed})
	if err := writeAtomic(marker, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return cfg, err
	}
	// The old index describes the old reference: remove it (it is ours).
	if err := os.Remove(index.Path(cfg.Ref)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return cfg, err
	}
	if _, err := sim.Write(data, simCfg); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// readDemoMarker returns the state of an earlier demo in dir, nil for a new
// or empty folder, and an error for a folder that holds other files.
func readDemoMarker(dir, marker string) (*demoState, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(marker)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is not empty and not a vole demo folder: choose an empty or new folder", dir)
	}
	if err != nil {
		return nil, err
	}
	var st demoState
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("%s: %w", marker, err)
	}
	return &st, nil
}
