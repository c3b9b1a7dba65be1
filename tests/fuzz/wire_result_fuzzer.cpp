// decode_result on arbitrary bytes, both ways a result arrives: borrowed
// (copied out) and handed over as a Buffer the Outcome keeps. Either it
// throws taps::Error or yields an outcome; never a read outside the message.
#include "engine/wire_format.hpp"

#include <taps/codec.hpp>
#include <taps/error.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> message(data, data + size);
  std::string task_id;
  try {
    (void)taps::host::wire::decode_result(message.data(), message.size(), &task_id);
  } catch (const taps::Error&) {
  }
  try {
    taps::Bytes bytes(message.begin(), message.end());
    taps::Buffer owned(taps::detail::hand_over(std::move(bytes), "taps.encoded-result"));
    (void)taps::host::wire::decode_result(std::move(owned), &task_id);
  } catch (const taps::Error&) {
  }
  return 0;
}
