// app_loader.hpp — creating and running another app from inside an app.
//
//   class Wrapper {
//     Wrapper(taps::Host host, const taps::Config& config)
//         : base_(taps::AppLoader(host).create(config.get_string("base"), config.get_string("config"))) {}
//     void run(taps::Engine& engine, const std::filesystem::path& run_dir) {
//       base_.run(engine.handle(), engine.api(), run_dir);   // or an engine API of your own
//     }
//     taps::LoadedApp base_;
//   };
//
// The host validates the options (a JSON object of the app's option keys)
// against the app's schema exactly like [app] in a config file; errors name
// the key and, for an unknown app, list the installed ones. Offered on the
// client only (taps-host run), through TAPS_INTERFACE_APPS.
#ifndef TAPS_APP_LOADER_HPP
#define TAPS_APP_LOADER_HPP

#include <taps/error.hpp>
#include <taps/host.hpp>
#include <taps/taps.h>

#include <filesystem>
#include <string>
#include <utility>

namespace taps {

/// An app created through the loader; destroys it when it goes. Move-only.
/// [main-thread], like the app that owns it.
class LoadedApp {
 public:
  LoadedApp() = default;
  LoadedApp(const taps_app_loader* loader, taps_app_instance* app) : loader_(loader), app_(app) {}
  LoadedApp(LoadedApp&& other) noexcept : loader_(other.loader_), app_(std::exchange(other.app_, nullptr)) {}
  LoadedApp& operator=(LoadedApp&& other) noexcept {
    if (this != &other) {
      reset();
      loader_ = other.loader_;
      app_ = std::exchange(other.app_, nullptr);
    }
    return *this;
  }
  LoadedApp(const LoadedApp&) = delete;
  LoadedApp& operator=(const LoadedApp&) = delete;
  ~LoadedApp() { reset(); }

  /// Runs the app to completion against `engine` (methods: `api`). Throws
  /// taps::Error with the app's own error type and message if it fails.
  void run(taps_engine* engine, const taps_engine_api* api, const std::filesystem::path& run_dir) const {
    if (app_ == nullptr) throw Error("AppError", "no app was loaded");
    detail::ErrorCapture error;
    const auto sink = error.sink();
    const std::string dir = run_dir.string();
    const taps_status status = loader_->run(app_, engine, api, dir.c_str(), &sink);
    if (status != TAPS_OK) error.raise(status, "running the loaded app");
  }

  explicit operator bool() const { return app_ != nullptr; }

  void reset() {
    if (app_ != nullptr) loader_->destroy(std::exchange(app_, nullptr));
  }

 private:
  const taps_app_loader* loader_ = nullptr;
  taps_app_instance* app_ = nullptr;
};

/// The host's app loader, as seen from an app plugin.
class AppLoader {
 public:
  /// Throws taps::Error when the host offers no loader (an older host, or
  /// not on the client).
  explicit AppLoader(const Host& host)
      : host_(host.get()), loader_(host.interface<taps_app_loader>(TAPS_INTERFACE_APPS)) {
    if (loader_ == nullptr) {
      throw Error("HostError", "this host offers no app loader (taps.apps/1 needs taps-host run, ABI 1.1 or newer)",
                  TAPS_UNSUPPORTED);
    }
  }

  /// Creates app `name` from `options_json` (a JSON object; "{}" for all
  /// defaults). Throws taps::Error: status TAPS_NOT_FOUND for an unknown
  /// app, TAPS_INVALID_ARGUMENT for options that do not fit its schema.
  LoadedApp create(const std::string& name, const std::string& options_json = "{}") const {
    taps_app_instance* app = nullptr;
    detail::ErrorCapture error;
    const auto sink = error.sink();
    const taps_status status = loader_->create(host_, name.c_str(), options_json.c_str(), &app, &sink);
    if (status != TAPS_OK) error.raise(status, "creating app '" + name + "'");
    return LoadedApp(loader_, app);
  }

 private:
  const taps_host* host_;
  const taps_app_loader* loader_;
};

}  // namespace taps

#endif  // TAPS_APP_LOADER_HPP
