#include "run/app_loader.hpp"

#include "config/config_error.hpp"
#include "config/option_value.hpp"
#include "config/reference_spellings.hpp"
#include "plugins/option_key.hpp"
#include "run/logging.hpp"
#include "run/plugin_start.hpp"

#include <taps/error.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <map>
#include <memory>
#include <utility>

namespace taps::host {

namespace {

// Where a value came from, as validation messages show it: "app options:
// invalid value 'x' for option 'task_count' of app 'synthetic': ...". The
// wrapping app adds which of its own options these were.
constexpr const char* options_origin = "app options";

std::string json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// A JSON value as a config file's TOML value would arrive: typed, so that
// validation accepts and rejects exactly what it does for [app].
RawValue raw_value_of(const std::string& key, const rapidjson::Value& value) {
  RawValue raw;
  raw.origin = options_origin;
  if (value.IsString()) {
    raw.form = RawValue::Form::text;
    raw.text.assign(value.GetString(), value.GetStringLength());
  } else if (value.IsBool()) {
    raw.form = RawValue::Form::boolean;
    raw.boolean = value.GetBool();
  } else if (value.IsInt64()) {
    raw.form = RawValue::Form::integer;
    raw.integer = value.GetInt64();
  } else if (value.IsNumber()) {
    raw.form = RawValue::Form::floating;
    raw.floating = value.GetDouble();
  } else if (value.IsObject() || value.IsArray()) {
    raw.form = value.IsObject() ? RawValue::Form::table : RawValue::Form::array;
    raw.text = json_text(value);
  } else {
    throw ConfigError(fmt::format("{}: option '{}' is null; leave it out to get its default", options_origin, key));
  }
  return raw;
}

std::map<std::string, RawValue> values_of(const std::string& options_json) {
  rapidjson::Document document;
  document.Parse(options_json.c_str(), options_json.size());
  if (document.HasParseError()) {
    throw ConfigError(fmt::format("{}: not valid JSON ({} at offset {})", options_origin,
                                  rapidjson::GetParseError_En(document.GetParseError()), document.GetErrorOffset()));
  }
  if (!document.IsObject()) throw ConfigError(fmt::format("{}: expected a JSON object of option keys", options_origin));
  std::map<std::string, RawValue> values;
  for (const auto& member : document.GetObject()) {
    const std::string key(member.name.GetString(), member.name.GetStringLength());
    values[normalize_key(key)] = raw_value_of(key, member.value);
  }
  return values;
}

std::string describe_options(const ResolvedSection& section) {
  std::string text;
  for (const auto& option : section.options) {
    text += fmt::format("{}{} = {} ({})", text.empty() ? "" : ", ", option.key, option.value,
                        option.origin == "default" ? "default" : "given");
  }
  return text.empty() ? "no options" : text;
}

/// An app created through the loader: the instance and its plugin.
struct LoadedApp {
  PluginInstance instance;
  const PluginRecord* plugin = nullptr;
};

LoadedApp* loaded(taps_app_instance* app) { return reinterpret_cast<LoadedApp*>(app); }

}  // namespace

// The C entry points; friends of AppLoader.
struct AppLoaderCalls {
  static const AppLoader& loader_of(const taps_host* host) {
    // The taps_host handed to plugins is the HostServices' own (its context
    // is the HostServices), and the loader registered itself as the owner of
    // the interface.
    if (host == nullptr || host->context == nullptr) {
      throw Error("InvalidArgument", "the app loader needs the taps_host the calling app was created with",
                  TAPS_INVALID_ARGUMENT);
    }
    auto* loader = static_cast<const AppLoader*>(
        static_cast<const HostServices*>(host->context)->owner_of(TAPS_INTERFACE_APPS));
    if (loader == nullptr) throw Error("HostError", "this host offers no app loader here", TAPS_UNSUPPORTED);
    return *loader;
  }

  static taps_status create(const taps_host* host, const char* name, const char* options_json,
                            taps_app_instance** out_app, const taps_error_sink* err) {
    return detail::guard(err, TAPS_ERROR, [&] {
      if (name == nullptr || out_app == nullptr) {
        throw Error("InvalidArgument", "create() needs an app name and out_app", TAPS_INVALID_ARGUMENT);
      }
      const AppLoader& loader = loader_of(host);
      ResolvedSection section;
      try {
        section = loader.resolve(name, options_json != nullptr ? options_json : "{}");
      } catch (const ConfigError& e) {
        const bool unknown = loader.registry_.find(TAPS_KIND_APP, name) == nullptr;
        throw Error("ConfigError", e.what(), unknown ? TAPS_NOT_FOUND : TAPS_INVALID_ARGUMENT);
      }
      ResolvedConfig config;
      config.sections.push_back(section);
      auto app = std::make_unique<LoadedApp>();
      app->plugin = section.plugin;
      try {
        app->instance = start_plugin(config, Section::app, loader.services_);
      } catch (const PluginStartError& e) {
        throw Error("PluginStartError", e.what());
      }
      log_host(*loader.services_.logger(), spdlog::level::info,
               fmt::format("created {} {} for a wrapping app: {}", section.plugin->label(), section.plugin->version,
                           describe_options(section)));
      *out_app = reinterpret_cast<taps_app_instance*>(app.release());
    });
  }

  static taps_status run(taps_app_instance* app, taps_engine* engine, const taps_engine_api* engine_api,
                         const char* run_dir, const taps_error_sink* err) {
    if (app == nullptr || engine_api == nullptr || run_dir == nullptr) {
      detail::report(err, "InvalidArgument", "run() needs an app, an engine API and a run directory");
      return TAPS_INVALID_ARGUMENT;
    }
    const LoadedApp& loaded_app = *loaded(app);
    const auto* methods = loaded_app.instance.methods<taps_app_methods>();
    return methods->run(loaded_app.instance.self(), engine, engine_api, run_dir, err);
  }

  static void destroy(taps_app_instance* app) { delete loaded(app); }
};

namespace {

const taps_app_loader app_loader_table{sizeof(taps_app_loader), &AppLoaderCalls::create, &AppLoaderCalls::run,
                                       &AppLoaderCalls::destroy};

}  // namespace

AppLoader::AppLoader(const PluginRegistry& registry, const HostServices& services)
    : registry_(registry), services_(services) {}

void AppLoader::provide_to(HostServices& services) { services.provide(TAPS_INTERFACE_APPS, &app_loader_table, this); }

ResolvedSection AppLoader::resolve(const std::string& name, const std::string& options_json) const {
  const PluginRecord* plugin = registry_.find(TAPS_KIND_APP, name);
  if (plugin == nullptr) {
    throw ConfigError(fmt::format("unknown app '{}'; {}", name, available_plugins(registry_, TAPS_KIND_APP)));
  }
  // Options in the reference's form: its app configs carry their `name`,
  // and its spellings translate as in [app] (reference_spellings.hpp).
  std::map<std::string, RawValue> values;
  for (const auto& [key, value] : values_of(options_json)) {
    if (key == "name" && value.form == RawValue::Form::text && value.text == name) continue;
    auto translated = translate_reference_value(Section::app, *plugin, key, value);
    if (!translated.key.empty() && translated.value) values[translated.key] = std::move(*translated.value);
  }
  return resolve_section(Section::app, plugin, values);
}

const taps_app_loader* AppLoader::table() { return &app_loader_table; }

}  // namespace taps::host
