//go:build !unix

package fileio

import "io"

// canLock is false: without flock(2) a sweep cannot tell an orphan from the
// temporary of a run still going, so it removes nothing.
const canLock = false

type noLock struct{}

func (noLock) Close() error { return nil }

func lockFile(string) (io.Closer, error) { return noLock{}, nil }
