// task_arena.hpp — large tasks reach a worker through shared memory instead
// of its socket.
//
// Each worker shares one memfd with the client. The client copies a large
// encoded task into it when it assigns the task to the worker and sends only
// a small frame naming where it lies; the worker runs the task on views of
// the shared pages. Compared with the socket this saves two kernel copies per
// task, and, what matters more, the transfer no longer waits for the worker:
// a socket holds ~200 KB, so a 6 MB task queued behind a running one used to
// reach its worker only after that one ended, while the worker sat idle
// reading it (tiled Cholesky's workers were busy 61-69 % of the time).
//
// The client allocates from the arena in the order it sends tasks and frees
// in the order results come back, which is the same order: a worker runs its
// tasks one at a time, oldest first. So the arena is a ring. It starts over
// at the front whenever the front has room, which keeps the pages it
// touches (and so the memory it really uses) near what is in flight.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace taps::process_pool {

/// Where a task lies in its worker's arena: the body of a
/// FrameKind::shared_task frame.
struct ArenaSpan {
  std::uint64_t offset;
  std::uint64_t size;
};
static_assert(sizeof(ArenaSpan) == 16);

/// A shared mapping of a memfd, unmapped on destruction.
class ArenaMapping {
 public:
  ArenaMapping() = default;
  ArenaMapping(int fd, std::size_t size, int protection) : size_(size) {
    void* address = mmap(nullptr, size, protection, MAP_SHARED, fd, 0);
    if (address == MAP_FAILED) {
      throw std::runtime_error("cannot map the task arena of " + std::to_string(size) +
                               " bytes: " + std::strerror(errno));
    }
    data_ = static_cast<std::uint8_t*>(address);
  }
  ArenaMapping(ArenaMapping&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  ArenaMapping& operator=(ArenaMapping&& other) noexcept {
    if (this != &other) {
      unmap();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  ArenaMapping(const ArenaMapping&) = delete;
  ArenaMapping& operator=(const ArenaMapping&) = delete;
  ~ArenaMapping() { unmap(); }

  std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  explicit operator bool() const { return data_ != nullptr; }

  /// The bytes of `span`, or nullptr if it does not lie inside the mapping.
  const std::uint8_t* at(const ArenaSpan& span) const {
    if (span.offset > size_ || span.size > size_ - span.offset) return nullptr;
    return data_ + span.offset;
  }

 private:
  void unmap() {
    if (data_ != nullptr) munmap(data_, size_);
    data_ = nullptr;
  }

  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

/// The client's side of one worker's arena: the memfd (handed to the worker
/// as a file descriptor), its mapping, and the ring allocator.
class TaskArena {
 public:
  TaskArena() = default;

  /// A new arena of `size` bytes. Pages are allocated as they are first
  /// written, so an arena that only ever holds small tasks costs little.
  static TaskArena create(std::size_t size) {
    TaskArena arena;
    arena.fd_ = memfd_create("taps-process-pool-tasks", MFD_CLOEXEC);
    if (arena.fd_ < 0) throw std::runtime_error(std::string("memfd_create failed: ") + std::strerror(errno));
    if (ftruncate(arena.fd_, static_cast<off_t>(size)) != 0) {
      const int error = errno;
      throw std::runtime_error("cannot size the task arena to " + std::to_string(size) +
                               " bytes: " + std::strerror(error));
    }
    arena.mapping_ = ArenaMapping(arena.fd_, size, PROT_READ | PROT_WRITE);
    return arena;
  }

  TaskArena(TaskArena&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)),
        mapping_(std::move(other.mapping_)),
        live_(std::move(other.live_)),
        head_(std::exchange(other.head_, 0)) {}
  TaskArena& operator=(TaskArena&& other) noexcept {
    if (this != &other) {
      close_fd();
      fd_ = std::exchange(other.fd_, -1);
      mapping_ = std::move(other.mapping_);
      live_ = std::move(other.live_);
      head_ = std::exchange(other.head_, 0);
    }
    return *this;
  }
  TaskArena(const TaskArena&) = delete;
  TaskArena& operator=(const TaskArena&) = delete;
  ~TaskArena() { close_fd(); }

  explicit operator bool() const { return static_cast<bool>(mapping_); }
  int fd() const { return fd_; }

  /// Room for `size` bytes after everything still live, to be written
  /// through writable(); nullopt when they do not fit now (the task then
  /// goes by socket).
  std::optional<ArenaSpan> allocate(std::size_t size) {
    std::optional<std::size_t> offset = place(size);
    if (!offset) return std::nullopt;
    return ArenaSpan{*offset, size};
  }

  /// Copies `size` bytes into the arena, like allocate().
  std::optional<ArenaSpan> store(const std::uint8_t* bytes, std::size_t size) {
    std::optional<ArenaSpan> span = allocate(size);
    if (span) std::memcpy(writable(*span), bytes, size);
    return span;
  }

  /// Where to write an allocated span.
  std::uint8_t* writable(const ArenaSpan& span) const { return mapping_.data() + span.offset; }

  /// The oldest allocated span, which must be `span`, is free again.
  void release_oldest(const ArenaSpan& span) {
    if (live_.empty() || live_.front().offset != span.offset) {
      throw std::logic_error("task arena released out of order");
    }
    live_.pop_front();
    if (live_.empty()) head_ = 0;
  }

  /// The newest allocated span, which must be `span`, is free again (its
  /// task could not be written into it).
  void release_newest(const ArenaSpan& span) {
    if (live_.empty() || live_.back().offset != span.offset) {
      throw std::logic_error("task arena released out of order");
    }
    live_.pop_back();
    head_ = live_.empty() ? 0 : live_.back().offset + live_.back().size;
  }

 private:
  // Blocks start at multiples of this, so a task's bytes are as aligned in
  // the arena as in a malloc'd buffer, and no two share a cache line.
  static constexpr std::size_t alignment = 64;

  std::optional<std::size_t> place(std::size_t size) {
    const std::size_t capacity = mapping_.size();
    const std::size_t rounded = (size + alignment - 1) / alignment * alignment;
    if (rounded == 0 || rounded > capacity) return std::nullopt;
    if (live_.empty()) return take(0, rounded);
    const std::size_t tail = live_.front().offset;
    if (head_ > tail) {  // live: [tail, head_); free: [head_, capacity) and [0, tail)
      // The front first, when it has room: fewer pages stay in use.
      if (rounded <= tail) return take(0, rounded);
      if (rounded <= capacity - head_) return take(head_, rounded);
      return std::nullopt;
    }
    // Wrapped: live [tail, capacity) and [0, head_); free: [head_, tail).
    if (rounded <= tail - head_) return take(head_, rounded);
    return std::nullopt;
  }

  std::size_t take(std::size_t offset, std::size_t rounded) {
    live_.push_back(ArenaSpan{offset, rounded});
    head_ = offset + rounded;
    return offset;
  }

  void close_fd() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  int fd_ = -1;
  ArenaMapping mapping_;
  std::deque<ArenaSpan> live_;  // oldest first
  std::size_t head_ = 0;        // where the next block goes
};

}  // namespace taps::process_pool
