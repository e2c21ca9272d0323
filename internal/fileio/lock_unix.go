//go:build unix

package fileio

import (
	"io"
	"os"
	"syscall"
)

// canLock tells whether this system has the advisory file locks that sweep
// relies on.
const canLock = true

// lockFile opens path a second time and takes an exclusive flock(2) on that
// descriptor, failing at once when another descriptor (of any process)
// holds it. The lock lasts until the returned closer is closed or the
// process ends, however it ends. A descriptor of its own, rather than the
// caller's, keeps the lock independent of when the caller closes its file.
func lockFile(path string) (io.Closer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
