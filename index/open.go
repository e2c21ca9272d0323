package index

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Open returns the index of fastaPath, loading Path(fastaPath). When that file
// does not exist it builds the index, notes so on stderr
// ("vole: building index REF.fa.vole") and saves it for next time; when it
// cannot be saved (say, a read-only folder) it says so and uses the index
// from memory. A stale or damaged index is an error telling the user to rerun
// `vole index`; so is a machine with less memory available than the build
// needs (CheckBuildMemory). Close the index when done with it.
func Open(fastaPath string, stderr io.Writer) (*Index, error) {
	path := Path(fastaPath)
	ix, err := Load(path, fastaPath)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return ix, err
	}
	if _, serr := os.Stat(fastaPath); serr != nil {
		return nil, serr
	}
	fmt.Fprintf(stderr, "vole: building index %s\n", path)
	ref, err := ReadFASTAToIndex(fastaPath)
	if err != nil {
		return nil, err
	}
	if err := CheckBuildMemory(ref); err != nil {
		return nil, fmt.Errorf("%s: %w", fastaPath, err)
	}
	if ix, err = Build(ref); err != nil {
		return nil, fmt.Errorf("%s: %w", fastaPath, err)
	}
	if err := ix.Save(path); err != nil {
		fmt.Fprintf(stderr, "vole: warning: index kept in memory only: %v\n", err)
	}
	return ix, nil
}
