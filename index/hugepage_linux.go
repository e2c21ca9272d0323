package index

import (
	"syscall"
	"unsafe"
)

// adviseHugePages asks Linux to back the whole 2 MB pages inside words with
// huge pages (madvise MADV_HUGEPAGE; transparent huge pages are often
// enabled only where asked for). The build's random accesses (an LF step
// per base into a BWT of up to 2 GB, the radix scatter) then miss the TLB
// far less. It must be called before the memory is first touched; a
// refusal is harmless.
func adviseHugePages(words []uint64) {
	const huge = 2 << 20
	if !hugePages || len(words)*8 < 2*huge {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	lo := int((huge - uintptr(unsafe.Pointer(&b[0]))%huge) % huge) // the first whole huge page
	syscall.Madvise(b[lo:lo+(len(b)-lo)/huge*huge], 14)            // MADV_HUGEPAGE
}
