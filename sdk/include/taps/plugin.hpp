// plugin.hpp — one line turns C++ classes into a plugin library.
//
//   class MyExecutor {
//    public:
//     static constexpr taps::PluginInfo info{"my-executor", "1.0.0", "What it is."};
//     static constexpr taps_option_desc options[] = {taps::option::integer("workers", "...").defaults("2")};
//     MyExecutor(taps::Host host, const taps::Config& config);
//     void submit(taps_task* task);
//     void shutdown(bool wait, bool cancel_pending);
//   };
//   TAPS_PLUGINS(taps::executor<MyExecutor>)
//
// What each kind's class provides:
//   app:         static constexpr taps::TaskDef tasks[];  void run(taps::Engine&, const std::filesystem::path& run_dir);
//   executor:    void submit(taps_task*);  void shutdown(bool wait, bool cancel_pending);
//                optionally  static void worker_main(taps::Host, const taps::Config&, std::vector<std::string> args);
//                optionally  std::uint32_t traits() const;   (TAPS_EXECUTOR_* flags)
//   transformer: taps_buffer transform(const taps_payload_view&);  taps_buffer resolve(const taps_payload_view&);
//                optionally  void drop(const taps_payload_view& identifier);
//   filter:      bool accepts(std::string_view type, std::uint64_t size);
//   logger:      void write(const taps_task_record&);  void flush();
// Every class: `info`, `options` (may be empty: `static constexpr std::array<taps_option_desc, 0> options{}`),
// and a constructor (taps::Host, const taps::Config&). Methods may throw; the
// trampolines turn exceptions into status codes and messages.
#ifndef TAPS_PLUGIN_HPP
#define TAPS_PLUGIN_HPP

#include <taps/buffer.hpp>
#include <taps/codec.hpp>
#include <taps/config.hpp>
#include <taps/engine.hpp>
#include <taps/error.hpp>
#include <taps/executor.hpp>
#include <taps/host.hpp>
#include <taps/task.hpp>
#include <taps/taps.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace taps {

struct PluginInfo {
  const char* name;
  const char* version;
  const char* description;
};

namespace detail {

template <class T>
taps_status create(const taps_host* host, const taps_config* config, void** out_self,
                   const taps_error_sink* err) noexcept {
  return guard(err, TAPS_ERROR, [&] { *out_self = new T(Host(host, T::info.name), Config(config)); });
}

template <class T>
void destroy(void* self) noexcept {
  delete static_cast<T*>(self);
}

template <class T>
constexpr taps_plugin_descriptor describe(taps_plugin_kind kind, const void* methods) {
  return taps_plugin_descriptor{sizeof(taps_plugin_descriptor),
                                kind,
                                T::info.name,
                                T::info.version,
                                T::info.description,
                                static_cast<uint32_t>(std::size(T::options)),
                                std::data(T::options),
                                &create<T>,
                                &destroy<T>,
                                methods};
}

template <class T, class Seq = std::make_index_sequence<std::size(T::tasks)>>
struct FunctionTable;
template <class T, std::size_t... I>
struct FunctionTable<T, std::index_sequence<I...>> {
  static constexpr taps_function_desc descs[] = {T::tasks[I].desc...};
};

template <class T>
struct AppPlugin {
  static taps_status run(void* self, taps_engine* engine, const taps_engine_api* api, const char* run_dir,
                         const taps_error_sink* err) noexcept {
    return guard(err, TAPS_ERROR, [&] {
      Engine cxx_engine(engine, api, T::info.name, std::data(T::tasks), std::size(T::tasks));
      static_cast<T*>(self)->run(cxx_engine, std::filesystem::path(run_dir));
    });
  }
  static constexpr taps_app_methods methods{sizeof(taps_app_methods), static_cast<uint32_t>(std::size(T::tasks)),
                                            FunctionTable<T>::descs, &run};
  static constexpr taps_plugin_descriptor descriptor = describe<T>(TAPS_KIND_APP, &methods);
};

template <class T>
struct ExecutorPlugin {
  static taps_status submit(void* self, taps_task* task, const taps_error_sink* err) noexcept {
    return guard(err, TAPS_ERROR, [&] { static_cast<T*>(self)->submit(task); });
  }
  static taps_status shutdown(void* self, uint32_t wait, uint32_t cancel_pending, const taps_error_sink* err) noexcept {
    return guard(err, TAPS_ERROR, [&] { static_cast<T*>(self)->shutdown(wait != 0, cancel_pending != 0); });
  }
  static taps_status worker_main(const taps_host* host, const taps_config* config, uint32_t argc,
                                 const char* const* argv, const taps_error_sink* err) noexcept {
    return guard(err, TAPS_ERROR, [&] {
      if constexpr (requires { &T::worker_main; }) {
        T::worker_main(Host(host, T::info.name), Config(config), std::vector<std::string>(argv, argv + argc));
      }
    });
  }
  static uint32_t traits(void* self) noexcept {
    if constexpr (has_traits) {
      try {
        return static_cast<const T*>(self)->traits();
      } catch (...) {
        return 0u;  // claim nothing rather than too much
      }
    } else {
      return 0u;
    }
  }
  static constexpr bool has_worker = requires { &T::worker_main; };
  static constexpr bool has_traits = requires(const T& t) { t.traits(); };
  static constexpr taps_executor_methods methods{sizeof(taps_executor_methods), &submit, &shutdown,
                                                 has_worker ? &worker_main : nullptr,
                                                 has_traits ? &traits : nullptr};
  static constexpr taps_plugin_descriptor descriptor = describe<T>(TAPS_KIND_EXECUTOR, &methods);
};

template <class T>
struct TransformerPlugin {
  static taps_status transform(void* self, const taps_payload_view* object, taps_buffer* out,
                               const taps_error_sink* err) noexcept {
    return guard(err, TAPS_ERROR, [&] { *out = static_cast<T*>(self)->transform(*object); });
  }
  static taps_status resolve(void* self, const taps_payload_view* identifier, taps_buffer* out,
                             const taps_error_sink* err) noexcept {
    return guard(err, TAPS_ERROR, [&] { *out = static_cast<T*>(self)->resolve(*identifier); });
  }
  static void drop(void* self, const taps_payload_view* identifier) noexcept {
    if constexpr (has_drop) {
      try {
        static_cast<T*>(self)->drop(*identifier);
      } catch (...) {
        // Best effort by contract: the object is removed at shutdown anyway.
      }
    }
  }
  static constexpr bool has_drop = requires(T& t, const taps_payload_view& v) { t.drop(v); };
  static constexpr taps_transformer_methods methods{sizeof(taps_transformer_methods), &transform, &resolve,
                                                    has_drop ? &drop : nullptr};
  static constexpr taps_plugin_descriptor descriptor = describe<T>(TAPS_KIND_TRANSFORMER, &methods);
};

template <class T>
struct FilterPlugin {
  static uint32_t accepts(void* self, const char* type, uint64_t size) noexcept {
    // A filter that throws keeps the payload in band: the safe choice.
    try {
      return static_cast<T*>(self)->accepts(std::string_view(type != nullptr ? type : ""), size) ? 1u : 0u;
    } catch (...) {
      return 0u;
    }
  }
  static constexpr taps_filter_methods methods{sizeof(taps_filter_methods), &accepts};
  static constexpr taps_plugin_descriptor descriptor = describe<T>(TAPS_KIND_FILTER, &methods);
};

template <class T>
struct LoggerPlugin {
  static taps_status write(void* self, const taps_task_record* record, const taps_error_sink* err) noexcept {
    return guard(err, TAPS_ERROR, [&] { static_cast<T*>(self)->write(*record); });
  }
  static taps_status flush(void* self, const taps_error_sink* err) noexcept {
    return guard(err, TAPS_ERROR, [&] { static_cast<T*>(self)->flush(); });
  }
  static constexpr taps_logger_methods methods{sizeof(taps_logger_methods), &write, &flush};
  static constexpr taps_plugin_descriptor descriptor = describe<T>(TAPS_KIND_LOGGER, &methods);
};

}  // namespace detail

template <class T>
inline constexpr const taps_plugin_descriptor* app = &detail::AppPlugin<T>::descriptor;
template <class T>
inline constexpr const taps_plugin_descriptor* executor = &detail::ExecutorPlugin<T>::descriptor;
template <class T>
inline constexpr const taps_plugin_descriptor* transformer = &detail::TransformerPlugin<T>::descriptor;
template <class T>
inline constexpr const taps_plugin_descriptor* filter = &detail::FilterPlugin<T>::descriptor;
template <class T>
inline constexpr const taps_plugin_descriptor* logger = &detail::LoggerPlugin<T>::descriptor;

/// Encoded bytes handed over as a payload of the given type tag.
inline taps_buffer make_buffer(Bytes&& bytes, const char* type) { return detail::hand_over(std::move(bytes), type); }

}  // namespace taps

#define TAPS_EXPORT __attribute__((visibility("default")))

/// Defines the library's one exported symbol, listing its plugins.
#define TAPS_PLUGINS(...)                                                                               \
  namespace {                                                                                           \
  constexpr const taps_plugin_descriptor* taps_plugin_list_[] = {__VA_ARGS__};                          \
  }                                                                                                     \
  extern "C" TAPS_EXPORT const taps_plugin_entry taps_plugin_entry_v1;                                  \
  extern "C" TAPS_EXPORT const taps_plugin_entry taps_plugin_entry_v1 = {                               \
      sizeof(taps_plugin_entry), TAPS_ABI_MAJOR, TAPS_ABI_MINOR,                                        \
      static_cast<uint32_t>(sizeof(taps_plugin_list_) / sizeof(taps_plugin_list_[0])), taps_plugin_list_};

#endif  // TAPS_PLUGIN_HPP
