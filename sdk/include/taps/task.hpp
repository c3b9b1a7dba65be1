// task.hpp — ordinary C++ functions as task functions.
//
//   Matrix potrf(Matrix a);
//   Bytes noop(std::int64_t output_size, double sleep, taps::Rest<taps::BytesView> inputs);
//
//   static constexpr taps::TaskDef tasks[] = {TAPS_TASK(potrf), taps::task<&noop>("noop")};
//
// Each parameter and the result go through taps::Codec. A last parameter of
// type taps::Rest<T> takes every remaining argument (the reference's *args),
// so a reduce task can have as many parents as it likes.
#ifndef TAPS_TASK_HPP
#define TAPS_TASK_HPP

#include <taps/codec.hpp>
#include <taps/error.hpp>
#include <taps/host.hpp>
#include <taps/taps.h>

#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace taps {

/// The trailing arguments of a variadic task, decoded as T each.
template <class T>
struct Rest {
  std::vector<T> items;

  auto begin() const { return items.begin(); }
  auto end() const { return items.end(); }
  std::size_t size() const { return items.size(); }
  const T& operator[](std::size_t i) const { return items[i]; }
};

namespace detail {

template <class T>
struct IsRest : std::false_type {};
template <class T>
struct IsRest<Rest<T>> : std::true_type {
  using element = T;
};

template <class F>
struct FunctionTraits;
template <class R, class... P>
struct FunctionTraits<R (*)(P...)> {
  using result = R;
  using params = std::tuple<std::decay_t<P>...>;
  static constexpr std::size_t arity = sizeof...(P);
  static constexpr bool variadic = [] {
    if constexpr (sizeof...(P) == 0) {
      return false;
    } else {
      using Last = std::tuple_element_t<sizeof...(P) - 1, std::tuple<std::decay_t<P>...>>;
      return IsRest<Last>::value;
    }
  }();
  static constexpr std::size_t fixed = variadic ? arity - 1 : arity;
};

template <class P>
P decode_param(const taps_payload_view* args, std::size_t index, uint32_t count) {
  if constexpr (IsRest<P>::value) {
    P rest;
    rest.items.reserve(count - index);
    for (std::size_t i = index; i < count; ++i) {
      rest.items.push_back(decode_payload<typename IsRest<P>::element>(args[i]));
    }
    return rest;
  } else {
    return decode_payload<P>(args[index]);
  }
}

template <auto F, std::size_t... I>
auto call_decoded([[maybe_unused]] const taps_payload_view* args, [[maybe_unused]] uint32_t count,
                  std::index_sequence<I...>) {
  using Params = typename FunctionTraits<decltype(F)>::params;
  // Decode every argument before the call: braced init keeps the order.
  Params decoded{decode_param<std::tuple_element_t<I, Params>>(args, I, count)...};
  using R = typename FunctionTraits<decltype(F)>::result;
  if constexpr (std::is_void_v<R>) {
    std::apply(F, std::move(decoded));
    return None{};
  } else {
    return std::apply(F, std::move(decoded));
  }
}

inline thread_local const taps_host* current_task_host = nullptr;

/// The C trampoline for a C++ task function F.
template <auto F>
taps_status invoke(const taps_host* host, const taps_payload_view* args, uint32_t count,
                   taps_buffer* out_result, const taps_error_sink* err) noexcept {
  using Traits = FunctionTraits<decltype(F)>;
  const taps_status status = guard(err, TAPS_TASK_FAILED, [&] {
    if (Traits::variadic ? count < Traits::fixed : count != Traits::arity) {
      throw Error("TypeError", "task takes " + std::string(Traits::variadic ? "at least " : "") +
                                   std::to_string(Traits::fixed) + " arguments, got " + std::to_string(count),
                  TAPS_TASK_FAILED);
    }
    const taps_host* previous = current_task_host;
    current_task_host = host;
    struct Restore {
      const taps_host* previous;
      ~Restore() { current_task_host = previous; }
    } restore{previous};
    *out_result = encode_payload(call_decoded<F>(args, count, std::make_index_sequence<Traits::arity>{}));
  });
  // Whatever a task throws (a taps::Error carries TAPS_ERROR by default),
  // the C contract reports it as a failed task.
  return status == TAPS_OK ? TAPS_OK : TAPS_TASK_FAILED;
}

template <auto F>
const void* address_of() {
  return reinterpret_cast<const void*>(F);
}

}  // namespace detail

/// A registered task function: its C descriptor, and the address of the C++
/// function so that Engine::submit(fn, ...) can find it.
struct TaskDef {
  taps_function_desc desc;
  const void* (*address)();
};

template <auto F>
constexpr TaskDef task(const char* name) {
  static_assert(std::is_pointer_v<decltype(F)>, "taps::task<&function>(name) takes a function pointer");
  return TaskDef{{sizeof(taps_function_desc), name, &detail::invoke<F>}, &detail::address_of<F>};
}

/// Registers a function under its own name.
#define TAPS_TASK(fn) ::taps::task<&fn>(#fn)

namespace this_task {
/// Logs from inside a running task (to the run's log, or the worker's).
inline void log(LogLevel level, const std::string& message) {
  const taps_host* host = detail::current_task_host;
  if (host != nullptr && host->log != nullptr) host->log(host, static_cast<taps_log_level>(level), "task", message.c_str());
}
}  // namespace this_task

}  // namespace taps

#endif  // TAPS_TASK_HPP
