import CSystemd

/// glibc malloc settings for a daemon that lives for months. Upload chunks are 1 MiB buffers made and
/// freed on several threads: by default glibc raises its mmap threshold after the first such buffer is
/// freed and from then on keeps them in per-thread arenas, so the resident size creeps up. A fixed
/// threshold returns them to the kernel at once, and two arenas bound what freed small blocks can hold.
package enum MemoryTuning {
    /// Call once at start, before other threads allocate.
    package static func apply() {
        _ = mallopt(M_MMAP_THRESHOLD, 256 * 1024)
        _ = mallopt(M_ARENA_MAX, 2)
    }
}
