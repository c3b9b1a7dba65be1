// host.hpp — the host's services as seen from C++ plugin code.
#ifndef TAPS_HOST_HPP
#define TAPS_HOST_HPP

#include <taps/taps.h>

#include <string>

namespace taps {

enum class LogLevel : taps_log_level {
  trace = TAPS_LOG_TRACE,
  debug = TAPS_LOG_DEBUG,
  info = TAPS_LOG_INFO,
  warning = TAPS_LOG_WARNING,
  error = TAPS_LOG_ERROR,
  critical = TAPS_LOG_CRITICAL,
};

/// A plugin's handle on the host: logging under the plugin's name, the
/// record clock, and further interfaces by id. Cheap to copy.
class Host {
 public:
  Host() = default;
  Host(const taps_host* host, const char* logger_name) : host_(host), name_(logger_name) {}

  void log(LogLevel level, const std::string& message) const {
    if (host_ != nullptr && host_->log != nullptr) {
      host_->log(host_, static_cast<taps_log_level>(level), name_, message.c_str());
    }
  }
  void debug(const std::string& message) const { log(LogLevel::debug, message); }
  void info(const std::string& message) const { log(LogLevel::info, message); }
  void warning(const std::string& message) const { log(LogLevel::warning, message); }
  void error(const std::string& message) const { log(LogLevel::error, message); }

  /// Unix seconds, the clock used in task records.
  double now() const { return host_->now(host_); }

  /// An interface by id, e.g. interface<taps_executor_host>(TAPS_INTERFACE_EXECUTOR_HOST);
  /// nullptr when the host does not offer it here.
  template <class I>
  const I* interface(const char* id) const {
    return static_cast<const I*>(host_->get_interface(host_, id));
  }

  const taps_host* get() const { return host_; }
  const char* name() const { return name_; }

 private:
  const taps_host* host_ = nullptr;
  const char* name_ = "plugin";
};

}  // namespace taps

#endif  // TAPS_HOST_HPP
