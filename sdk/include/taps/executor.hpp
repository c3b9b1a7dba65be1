// executor.hpp — what an executor plugin uses to run and finish tasks.
#ifndef TAPS_EXECUTOR_HPP
#define TAPS_EXECUTOR_HPP

#include <taps/buffer.hpp>
#include <taps/error.hpp>
#include <taps/host.hpp>
#include <taps/taps.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace taps {

/// The host's task operations for an executor. Every taps_task handed to
/// the executor is finished exactly once through execute(), one of the
/// complete_encoded() overloads, or fail().
class ExecutorHost {
 public:
  ExecutorHost() = default;
  explicit ExecutorHost(const Host& host)
      : host_(host.get()), api_(host.interface<taps_executor_host>(TAPS_INTERFACE_EXECUTOR_HOST)) {
    if (api_ == nullptr) throw Error("HostError", "this host offers no executor interface");
  }

  /// Runs the task on the calling thread and finishes it.
  void execute(taps_task* task) const { api_->execute(host_, task); }

  /// The task as an encoded message for a worker process.
  Buffer encode(const taps_task* task) const {
    taps_buffer out{};
    detail::ErrorCapture error;
    auto sink = error.sink();
    taps_status status = api_->encode(host_, task, &out, &sink);
    if (status != TAPS_OK) error.raise(status, "encoding a task");
    return Buffer(out);
  }

  /// Whether encoded_size() and encode_into() are offered (hosts of ABI
  /// minor 2 on); without them, use encode().
  bool can_encode_into() const {
    return TAPS_HAS_FIELD(api_, taps_executor_host, encode_into) && api_->encoded_size != nullptr &&
           api_->encode_into != nullptr;
  }

  /// The exact size of the task's encoded message. Needs can_encode_into().
  std::uint64_t encoded_size(const taps_task* task) const { return api_->encoded_size(host_, task); }

  /// Writes the task's encoded message into `out` (`capacity` bytes, at
  /// least encoded_size()). Needs can_encode_into().
  void encode_into(const taps_task* task, std::uint8_t* out, std::uint64_t capacity) const {
    detail::ErrorCapture error;
    auto sink = error.sink();
    taps_status status = api_->encode_into(host_, task, out, capacity, &sink);
    if (status != TAPS_OK) error.raise(status, "encoding a task");
  }

  /// Finishes the task with an encoded result the host only reads.
  void complete_encoded(taps_task* task, const uint8_t* message, uint64_t size) const {
    api_->complete_encoded(host_, task, message, size);
  }

  /// Finishes the task with an encoded result the host keeps: its result
  /// payload stays in `message`, with no further copy. A host older than
  /// ABI minor 1 reads it instead, and the message is released here.
  void complete_encoded(taps_task* task, Buffer message) const {
    if (TAPS_HAS_FIELD(api_, taps_executor_host, complete_encoded_buffer) &&
        api_->complete_encoded_buffer != nullptr) {
      api_->complete_encoded_buffer(host_, task, message.release());
    } else {
      api_->complete_encoded(host_, task, message.data(), message.size());
    }
  }

  void fail(taps_task* task, const std::string& type, const std::string& message,
            const std::string& traceback = {}) const {
    api_->fail(host_, task, type.c_str(), message.c_str(), traceback.empty() ? nullptr : traceback.c_str());
  }

  const char* task_id(const taps_task* task) const { return api_->task_id(task); }
  const char* task_name(const taps_task* task) const { return api_->task_name(task); }

 private:
  const taps_host* host_ = nullptr;
  const taps_executor_host* api_ = nullptr;
};

/// The directories of a plugin search path (taps_run_info.plugin_path:
/// separated by ':', empty entries skipped), in order: what an executor
/// passes to the workers it starts as `--plugin-path DIR` each.
inline std::vector<std::string> plugin_path_directories(const std::string& plugin_path) {
  std::vector<std::string> directories;
  std::stringstream in(plugin_path);
  for (std::string part; std::getline(in, part, ':');) {
    if (!part.empty()) directories.push_back(part);
  }
  return directories;
}

}  // namespace taps

#endif  // TAPS_EXECUTOR_HPP
