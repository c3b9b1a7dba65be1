// decode_task on arbitrary bytes: a worker reads these from a socket, a
// pipe or shared memory. It must throw taps::Error or return a task whose
// argument views lie inside the message, never read outside it.
#include "engine/wire_format.hpp"

#include <taps/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A copy of exactly `size` bytes, so ASan sees any read past the end.
  const std::vector<std::uint8_t> message(data, data + size);
  try {
    const auto task = taps::host::wire::decode_task(message.data(), message.size());
    for (const auto& arg : task.args) {
      if (arg.size == 0) continue;
      const auto* begin = message.data();
      if (arg.data < begin || arg.data + arg.size > begin + message.size()) std::abort();
      volatile std::uint8_t sink = arg.data[0] ^ arg.data[arg.size - 1];
      (void)sink;
    }
  } catch (const taps::Error&) {
  }
  return 0;
}
