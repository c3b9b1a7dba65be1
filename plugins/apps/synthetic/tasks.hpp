// tasks.hpp — the synthetic app's task functions, as in the reference's
// taps/apps/synthetic.py.
#pragma once

#include <taps/codec.hpp>
#include <taps/task.hpp>

#include <cstdint>

namespace taps::synthetic {

/// The scalar arguments of a noop task, sent as one payload: at no-op
/// task rates every payload's allocations on the client count.
struct NoopParams {
  std::int64_t input_size;  // every input is a block of this size
  std::int64_t output_size;
  double sleep;             // seconds the task takes at least
  std::uint64_t output_seed;
};

/// Verifies that each input is a valid block of `input_size` bytes, makes an
/// output block of `output_size` bytes carrying `output_seed`, and sleeps for
/// what is left of `sleep` seconds after that work.
Bytes noop(NoopParams params, Rest<BytesView> inputs);

/// Does nothing: run before a workflow so that its first task does not pay
/// the executor's start-up cost.
void warmup();

}  // namespace taps::synthetic

template <>
struct taps::Codec<taps::synthetic::NoopParams> {
  static constexpr const char* type = "synthetic.noop_params";
  static void encode(Writer& w, const taps::synthetic::NoopParams& p) {
    w.put(p.input_size);
    w.put(p.output_size);
    w.put(p.sleep);
    w.put(p.output_seed);
  }
  static taps::synthetic::NoopParams decode(Reader& r) {
    taps::synthetic::NoopParams p{};
    p.input_size = r.get<std::int64_t>();
    p.output_size = r.get<std::int64_t>();
    p.sleep = r.get<double>();
    p.output_seed = r.get<std::uint64_t>();
    return p;
  }
};
