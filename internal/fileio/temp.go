package fileio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"
)

// ErrInterrupted is returned by Create, CreateTemp and Commit once Cleanup
// has run: the process is stopping and must not create or publish files.
var ErrInterrupted = errors.New("interrupted")

// temps is the registry of this process's temporary files: each path maps
// to a second open descriptor of the file that holds its lock (see
// lockFile), so the lock lasts while the caller closes and reopens the file,
// as a sort run is written and later read back.
var temps = struct {
	sync.Mutex
	held    map[string]io.Closer
	stopped bool
}{held: map[string]io.Closer{}}

// createTemp creates a file like os.CreateTemp, locks it and registers it.
func createTemp(dir, pattern string) (*os.File, error) {
	temps.Lock()
	defer temps.Unlock()
	if temps.stopped {
		return nil, ErrInterrupted
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	lock, err := lockFile(f.Name())
	if err != nil {
		// A file system without locks (some network mounts): the file is
		// still removed by Cleanup, but a sweep will leave it if orphaned.
		lock = noLock{}
	}
	temps.held[f.Name()] = lock
	return f, nil
}

// noLock stands for a lock that could not be taken.
type noLock struct{}

func (noLock) Close() error { return nil }

// CreateTemp creates a scratch file in dir (os.TempDir() when dir is "")
// whose name matches pattern, whose last '*' becomes a random number, as
// os.CreateTemp does. The file is locked and registered for Cleanup until
// RemoveTemp; orphans of the same pattern left by killed runs are swept
// first. Use it for every scratch file (sort runs) so that an interrupted
// run leaves none behind.
func CreateTemp(dir, pattern string) (*os.File, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	prefix, suffix := pattern, ""
	if i := strings.LastIndexByte(pattern, '*'); i >= 0 {
		prefix, suffix = pattern[:i], pattern[i+1:]
	}
	sweep(dir, prefix, suffix)
	return createTemp(dir, pattern)
}

// RemoveTemp removes a file made by CreateTemp (or an AtomicFile's
// temporary) and forgets it. The caller must have closed it.
func RemoveTemp(path string) {
	temps.Lock()
	defer temps.Unlock()
	os.Remove(path)
	release(path)
}

// release unlocks and forgets path; temps must be locked.
func release(path string) {
	if lock, ok := temps.held[path]; ok {
		lock.Close()
		delete(temps.held, path)
	}
}

// renameTemps renames the registered temporaries of files to their final
// paths, forgets them and removes the stale paths, unless Cleanup has run:
// holding the registry's lock makes these steps and an interrupt's removal
// of the temporaries exclusive, so the final files are either all complete
// or all absent. A failed rename names its file; the files not yet renamed
// stay registered for the caller to remove.
func renameTemps(files []*AtomicFile, stale []string) error {
	temps.Lock()
	defer temps.Unlock()
	if temps.stopped {
		return ErrInterrupted
	}
	for _, a := range files {
		tmp := a.File.Name()
		if err := os.Rename(tmp, a.real); err != nil {
			return fmt.Errorf("%s: %w", a.final, err)
		}
		release(tmp)
	}
	for _, path := range stale {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing the stale %s: %w", path, err)
		}
	}
	return nil
}

// Cleanup removes every registered temporary file and makes later Create,
// CreateTemp and Commit calls fail with ErrInterrupted. vole's handler of
// SIGINT and SIGTERM calls it before exiting.
func Cleanup() {
	temps.Lock()
	defer temps.Unlock()
	temps.stopped = true
	for path := range temps.held {
		os.Remove(path)
		release(path)
	}
}

// Stopped reports whether Cleanup has run: the process is stopping on a
// signal, and an error a command meets now (ErrInterrupted, a file removed
// under it) is the signal's doing, not the input's.
func Stopped() bool {
	temps.Lock()
	defer temps.Unlock()
	return temps.stopped
}

// staleAge is how long a temporary must have gone unmodified before a sweep
// may remove it, on top of nobody holding its lock: it covers the instant
// between another process creating a file and locking it, and clocks of a
// network file system that run a little apart.
const staleAge = time.Minute

// sweep removes the orphaned temporaries in dir named prefix + digits +
// suffix (the names os.CreateTemp gives): see sweepMatching.
func sweep(dir, prefix, suffix string) {
	sweepMatching(dir, func(name string) bool { return isTempName(name, prefix, suffix) })
}

// SweepTemporaries removes the orphaned temporaries of every atomic output
// in dir (".NAME.tmp-NNN", left by killed runs, whatever NAME), as Create
// does for the one output it makes. A folder that vole fills with many
// outputs (vole run's) calls it so that the orphans of outputs it no longer
// makes go too. Files of other names, and temporaries of runs still going,
// are never touched.
func SweepTemporaries(dir string) {
	sweepMatching(dir, isAtomicTempName)
}

// isAtomicTempName reports whether name is a temporary of Create:
// "." + NAME + ".tmp-" + digits.
func isAtomicTempName(name string) bool {
	i := strings.LastIndex(name, ".tmp-")
	return i > 1 && name[0] == '.' && isTempName(name, name[:i+len(".tmp-")], "")
}

// sweepMatching removes the orphaned temporaries in dir whose names match:
// regular files that no process holds the lock of and that were last
// modified more than staleAge ago. A temporary of a run still going is
// locked, whatever its age, so two vole runs writing in one folder never
// remove each other's files. Errors are ignored: sweeping is housekeeping
// and must not stop a command.
func sweepMatching(dir string, match func(name string) bool) {
	if !canLock {
		return // without locks a live run's file cannot be told from an orphan
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !match(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleAge {
			continue
		}
		path := dir + string(os.PathSeparator) + e.Name()
		if lock, err := lockFile(path); err == nil {
			os.Remove(path)
			lock.Close()
		}
	}
}

// isTempName reports whether name is prefix, a decimal number, suffix.
func isTempName(name, prefix, suffix string) bool {
	mid, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return false
	}
	if mid, ok = strings.CutSuffix(mid, suffix); !ok || mid == "" {
		return false
	}
	for i := 0; i < len(mid); i++ {
		if mid[i] < '0' || mid[i] > '9' {
			return false
		}
	}
	return true
}
