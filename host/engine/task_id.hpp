// task_id.hpp — unique task ids in UUID v4 text form, as the reference's
// records carry, made without a syscall per task.
#pragma once

#include <array>
#include <cstdint>
#include <random>

namespace taps::host {

using TaskId = std::array<char, 37>;  // 36 characters and a NUL

/// Random version-4 UUID text from a per-thread generator seeded once from
/// the OS; ids must be unique across runs merged by analysis tools.
inline TaskId make_task_id() {
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  std::uint64_t hi = generator();
  std::uint64_t lo = generator();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                      // version 4
  lo = (lo & ~(0xC000ULL << 48)) | (0x8000ULL << 48);      // RFC 4122 variant
  static constexpr char digits[] = "0123456789abcdef";
  TaskId id{};
  int pos = 0;
  auto put = [&](std::uint64_t value, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) id[pos++] = digits[(value >> (4 * i)) & 0xF];
  };
  put(hi >> 32, 8);
  id[pos++] = '-';
  put((hi >> 16) & 0xFFFF, 4);
  id[pos++] = '-';
  put(hi & 0xFFFF, 4);
  id[pos++] = '-';
  put(lo >> 48, 4);
  id[pos++] = '-';
  put(lo & 0xFFFFFFFFFFFFULL, 12);
  id[pos] = '\0';
  return id;
}

}  // namespace taps::host
