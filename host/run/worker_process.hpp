// worker_process.hpp — what every process that executes tasks for a client
// does (`taps-host worker`, `taps-task`), and what taps-host does for payloads.
#pragma once

#include <taps/codec.hpp>

#include <string>

namespace taps::host {

/// A worker never outlives the process that started it, even while it is
/// still loading plugins: the kernel kills it when its parent goes. When the
/// starter says who it is (TAPS_WORKER_PARENT_PID), a parent that died
/// before this call is caught too (the process exits with status 1).
void die_with_parent();

/// Large payloads (matrix tiles, 10 MB task data) are allocated and freed
/// once per task. glibc serves blocks of 128 KiB and more from fresh mmap()s
/// and returns freed heap tops to the system, so every payload would land in
/// fresh pages: ~6 µs per 4 KiB page fault on these machines, ~15 ms per
/// 10 MB, against ~0.5 ms to write 10 MB of memory already mapped. Serving
/// blocks up to 32 MiB from the heap and trimming only above 512 MiB lets
/// each payload reuse the pages of the one before (docs/performance.md,
/// "Large payloads"). The cost: a process keeps that much freed memory.
void keep_payload_memory_mapped();

/// A task or result file, whole. Throw std::runtime_error naming the file.
Bytes read_task_file(const std::string& path);
void write_result_file(const std::string& path, const Bytes& bytes);

}  // namespace taps::host
