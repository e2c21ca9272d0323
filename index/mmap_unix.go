//go:build unix

package index

import (
	"fmt"
	"os"
	"syscall"
)

// mapOpen maps size bytes of the open file f read-only and shared: its
// bytes are page-aligned, so 8-byte sections can be used in place.
func mapOpen(f *os.File, size int64) ([]byte, func() error, error) {
	if int64(int(size)) != size {
		return nil, nil, fmt.Errorf("%s: too large to map", f.Name())
	}
	buf, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	return buf, func() error { return syscall.Munmap(buf) }, nil
}
