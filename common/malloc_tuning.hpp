#pragma once

#include <malloc.h>

namespace cordgate::common {

// glibc returns freed memory to the kernel eagerly: blocks over a dynamic threshold (128 KiB
// at first) are mmap'd and unmapped one by one, and the top of the heap is trimmed at 128 KiB.
// Our processes allocate and free the same large buffers over and over (RocksDB memtable
// arenas, group-commit segments, JSON pools, socket buffers), so every new buffer page-faulted
// in again. In a KVM guest a fault costs microseconds: a flood profile of cordgate-core spent
// 14% of its samples in page faults. Keeping freed memory costs RSS up to the largest burst
// seen, which the peak RSS already had to hold; bench/RESULTS.md has the before and after.
//
// `mmap_threshold`: blocks from that size up are mapped on their own and given back when freed.
// glibc's maximum (32 MiB) by default; the Discord adapter passes less, as its only blocks of a
// megabyte are a login's (READY's frame, its event's text): kept, they would hold the adapter's
// RSS at the login's peak for good, and, scattered between what the login keeps, make that
// peak higher (bench/RESULTS.md, "Issue #22: the adapter's READY peak").
//
// `top_pad`: how much more the heap grows than each request needs. glibc maps a large block on
// its own only when the heap's free top cannot hold it, so a pad above the mmap threshold puts
// those blocks in the heap, which is never trimmed: the Discord adapter passes glibc's default.
inline void keep_freed_memory(int mmap_threshold = 32 * 1024 * 1024,
                              int top_pad = 16 * 1024 * 1024) {
    mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    mallopt(M_TOP_PAD, top_pad);
}

}  // namespace cordgate::common
