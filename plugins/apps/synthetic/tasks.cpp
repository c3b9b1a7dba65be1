#include "tasks.hpp"

#include "data_block.hpp"

#include <chrono>
#include <string>
#include <thread>

namespace taps::synthetic {

Bytes noop(NoopParams params, Rest<BytesView> inputs) {
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    check_block(inputs[i], static_cast<std::size_t>(params.input_size), ("input " + std::to_string(i)).c_str());
  }
  Bytes output = make_block(params.output_seed, static_cast<std::size_t>(params.output_size));
  const auto remaining = std::chrono::duration<double>(params.sleep) - (std::chrono::steady_clock::now() - start);
  if (remaining.count() > 0) std::this_thread::sleep_for(remaining);
  return output;
}

void warmup() {}

}  // namespace taps::synthetic
