package workflow

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/vole-bio/vole/internal/fileio"
)

// ManifestName is the manifest file in the output folder.
const ManifestName = ".vole-run.json"

// manifest is what a run remembers between invocations.
type manifest struct {
	// Files lists every file (relative to the folder) vole wrote there.
	Files []string          `json:"files"`
	Steps map[string]record `json:"steps"`

	path string
}

// record describes one completed step: fingerprints of its inputs and
// outputs and its parameters.
type record struct {
	Params  string        `json:"params"`
	Inputs  []fingerprint `json:"inputs"`
	Outputs []fingerprint `json:"outputs"`
}

// fingerprint identifies a file's content cheaply, as make does, by its
// size and modification time.
type fingerprint struct {
	Path  string `json:"path"`
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime_ns"`
}

// fingerprintOf stats path.
func fingerprintOf(path string) (fingerprint, error) {
	st, err := os.Stat(path)
	if err != nil {
		return fingerprint{}, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fingerprint{}, err
	}
	return fingerprint{Path: abs, Size: st.Size(), MTime: st.ModTime().UnixNano()}, nil
}

func fingerprintsOf(paths []string) ([]fingerprint, error) {
	out := make([]fingerprint, len(paths))
	for i, p := range paths {
		var err error
		if out[i], err = fingerprintOf(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// tempName matches the temporary files of fileio.Create (".NAME.tmp-123"),
// which a killed run may leave behind; they are vole's, not the user's.
var tempName = regexp.MustCompile(`^\..+\.tmp-[0-9]+$`)

// openManifest prepares dir as the output folder: it creates it when
// missing, reads its manifest, and refuses a folder that holds files the
// manifest does not list.
func openManifest(dir string) (*manifest, error) {
	m := &manifest{Steps: map[string]record{}, path: filepath.Join(dir, ManifestName)}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	b, err := os.ReadFile(m.path)
	switch {
	case err == nil:
		if err := json.Unmarshal(b, m); err != nil {
			return nil, fmt.Errorf("%s: not a vole run manifest: %w", m.path, err)
		}
		if m.Steps == nil {
			m.Steps = map[string]record{}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	var foreign []string
	for _, e := range entries {
		n := e.Name()
		if n == ManifestName || tempName.MatchString(n) || slices.Contains(m.Files, n) {
			continue
		}
		foreign = append(foreign, n)
	}
	if len(foreign) > 0 {
		sort.Strings(foreign)
		if len(foreign) > 3 {
			foreign = append(foreign[:3], "...")
		}
		return nil, fmt.Errorf("output folder %s holds files vole did not write (%s): choose an empty or new folder", dir, strings.Join(foreign, ", "))
	}
	return m, nil
}

// claim adds files (paths inside the folder) to the list of vole's files
// and saves the manifest, before the files are written, so that a run that
// fails half-way still recognises them as its own.
func (m *manifest) claim(paths ...string) error {
	changed := false
	for _, p := range paths {
		n := filepath.Base(p)
		if !slices.Contains(m.Files, n) {
			m.Files = append(m.Files, n)
			changed = true
		}
	}
	if !changed {
		return nil
	}
	sort.Strings(m.Files)
	return m.save()
}

// retain removes the files vole wrote in the folder that are not in keep
// (files of samples no longer named: their BAM, index and flagstat) and
// forgets the steps not in steps, then saves the manifest. Only files the
// manifest lists are removed, so a file vole did not write is never
// touched. It returns the names removed.
func (m *manifest) retain(keep, steps []string) ([]string, error) {
	var removed, files []string
	dir := filepath.Dir(m.path)
	for _, n := range m.Files {
		if slices.Contains(keep, n) {
			files = append(files, n)
			continue
		}
		err := os.Remove(filepath.Join(dir, n))
		switch {
		case err == nil:
			removed = append(removed, n)
		case !errors.Is(err, fs.ErrNotExist):
			return removed, fmt.Errorf("output folder: %w", err)
		}
	}
	changed := len(files) < len(m.Files)
	m.Files = files
	for name := range m.Steps {
		if !slices.Contains(steps, name) {
			delete(m.Steps, name)
			changed = true
		}
	}
	if !changed {
		return removed, nil
	}
	return removed, m.save()
}

// upToDate reports whether step ran before with these parameters and
// inputs and its outputs are still as it left them.
func (m *manifest) upToDate(step, params string, inputs, outputs []string) bool {
	r, ok := m.Steps[step]
	if !ok || r.Params != params {
		return false
	}
	in, err := fingerprintsOf(inputs)
	if err != nil || !slices.Equal(in, r.Inputs) {
		return false
	}
	out, err := fingerprintsOf(outputs)
	return err == nil && slices.Equal(out, r.Outputs)
}

// done records a completed step and saves the manifest.
func (m *manifest) done(step, params string, inputs, outputs []string) error {
	in, err := fingerprintsOf(inputs)
	if err != nil {
		return err
	}
	out, err := fingerprintsOf(outputs)
	if err != nil {
		return fmt.Errorf("step %s: %w", step, err)
	}
	m.Steps[step] = record{Params: params, Inputs: in, Outputs: out}
	return m.save()
}

// save writes the manifest atomically.
func (m *manifest) save() error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	f, err := fileio.Create(m.path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("%s: %w", m.path, err)
	}
	return f.Commit()
}
