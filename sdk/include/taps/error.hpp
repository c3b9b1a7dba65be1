// error.hpp — exceptions on the C++ side, status codes at the waist.
//
// Plugins written with the C++ layer throw; the trampolines catch every
// exception and turn it into a taps_status plus the error sink's type and
// message. Nothing unwinds through the C waist.
#ifndef TAPS_ERROR_HPP
#define TAPS_ERROR_HPP

#include <taps/taps.h>

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <utility>

namespace taps {

/// An error with a name (the exception "type" in task records) and a status.
class Error : public std::runtime_error {
 public:
  Error(std::string type, const std::string& message, taps_status status = TAPS_ERROR,
        std::string traceback = {})
      : std::runtime_error(message), type_(std::move(type)), status_(status),
        traceback_(std::move(traceback)) {}

  const std::string& type() const { return type_; }
  taps_status status() const { return status_; }
  const std::string& traceback() const { return traceback_; }

 private:
  std::string type_;
  taps_status status_;
  std::string traceback_;
};

/// A task failed; type/message/traceback are the task's exception.
class TaskError : public Error {
 public:
  TaskError(std::string type, const std::string& message, std::string traceback = {},
            taps_status status = TAPS_TASK_FAILED)
      : Error(std::move(type), message, status, std::move(traceback)) {}
};

/// A wait ran out of time.
class TimeoutError : public Error {
 public:
  explicit TimeoutError(const std::string& message) : Error("TimeoutError", message, TAPS_TIMEOUT) {}
};

namespace detail {

inline std::string demangle(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
                                              std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(mangled);
}

/// Collects what a callee reports through a taps_error_sink.
struct ErrorCapture {
  std::string type;
  std::string message;
  std::string traceback;
  bool set = false;

  taps_error_sink sink() {
    return taps_error_sink{sizeof(taps_error_sink), this, &ErrorCapture::on_set};
  }

  static void on_set(void* context, const char* type, const char* message, const char* traceback) {
    auto* self = static_cast<ErrorCapture*>(context);
    self->type = type ? type : "";
    self->message = message ? message : "";
    self->traceback = traceback ? traceback : "";
    self->set = true;
  }

  /// Throws the captured error, naming `what` when the callee said nothing.
  [[noreturn]] void raise(taps_status status, const std::string& what) const {
    if (status == TAPS_TASK_FAILED || status == TAPS_CANCELLED) {
      throw TaskError(type.empty() ? "TaskError" : type, message, traceback, status);
    }
    if (status == TAPS_TIMEOUT) throw TimeoutError(set ? message : what + " timed out");
    throw Error(type.empty() ? "Error" : type, set ? message : what + " failed (status " +
                                                                      std::to_string(status) + ")",
                status, traceback);
  }
};

inline void report(const taps_error_sink* err, const char* type, const char* message,
                   const char* traceback = nullptr) {
  if (err != nullptr && err->set != nullptr) err->set(err->context, type, message, traceback);
}

/// Runs `body`; turns any exception into a status and a report to `err`.
template <class Body>
taps_status guard(const taps_error_sink* err, taps_status failure, Body&& body) noexcept {
  try {
    body();
    return TAPS_OK;
  } catch (const Error& e) {
    report(err, e.type().c_str(), e.what(), e.traceback().empty() ? nullptr : e.traceback().c_str());
    return e.status() == TAPS_OK ? failure : e.status();
  } catch (const std::exception& e) {
    report(err, demangle(typeid(e).name()).c_str(), e.what());
    return failure;
  } catch (...) {
    report(err, "UnknownException", "a non-standard exception was thrown");
    return failure;
  }
}

}  // namespace detail
}  // namespace taps

#endif  // TAPS_ERROR_HPP
