//go:build !linux

package index

// adviseHugePages does nothing where huge pages cannot be asked for.
func adviseHugePages([]uint64) {}
