//go:build !unix

package index

import (
	"fmt"
	"io"
	"os"
	"unsafe"
)

// mapOpen reads size bytes of the open file f into an 8-byte aligned
// buffer, where memory mapping is not available.
func mapOpen(f *os.File, size int64) ([]byte, func() error, error) {
	words := make([]uint64, (size+7)/8)
	buf := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(words))), len(words)*8)[:size]
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	return buf, func() error { return nil }, nil
}
