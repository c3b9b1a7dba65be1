#include "config/reference_spellings.hpp"

#include "config/config_error.hpp"
#include "plugins/logger_list.hpp"
#include "plugins/option_key.hpp"

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <array>
#include <cctype>
#include <cmath>
#include <limits>

namespace taps::host {

namespace {

using Rule = ReferenceSpelling::Rule;
using Values = ReferenceSpelling::Values;

// Sources: the reference's taps/executor/python.py, dask.py, taps/filter/
// _object.py, taps/engine/_config.py and taps/apps/configs/*.py.
constexpr std::array spellings{
    // concurrent.futures pools: max_threads / max_processes are our workers.
    ReferenceSpelling{Section::executor, "thread-pool", "max_threads", Rule::rename, "workers"},
    ReferenceSpelling{Section::executor, "process-pool", "max_processes", Rule::rename, "workers"},
    ReferenceSpelling{Section::executor, "process-pool", "context", Rule::refused, {}, Values::as_ours, {},
                      TAPS_OPTION_STRING,
                      "our process-pool starts each worker as a new taps-host process (fork and exec), so there is "
                      "no multiprocessing start method to choose; remove it"},
    // Dask: the scheduler address, and what our bridge always does.
    ReferenceSpelling{Section::executor, "dask", "scheduler", Rule::rename, "scheduler_address"},
    ReferenceSpelling{Section::executor, "dask", "use_threads", Rule::only_value, {}, Values::as_ours, "false",
                      TAPS_OPTION_BOOL,
                      "our Dask workers are processes, each running its tasks in a taps worker process; for tasks "
                      "on threads select --engine.executor thread-pool"},
    ReferenceSpelling{Section::executor, "dask", "wait_for_workers", Rule::refused, {}, Values::as_ours, {},
                      TAPS_OPTION_INT,
                      "tasks wait in the Dask scheduler's queue until workers join, so there is nothing to wait "
                      "for up front; remove it"},
    ReferenceSpelling{Section::executor, "dask", "wait_for_workers_timeout", Rule::refused, {}, Values::as_ours, {},
                      TAPS_OPTION_FLOAT,
                      "tasks wait in the Dask scheduler's queue until workers join, so there is nothing to wait "
                      "for up front; remove it"},
    // Filters: the reference's max_size is a float whose default is inf.
    ReferenceSpelling{Section::filter, "object-size", "max_size", Rule::rename, "max_size", Values::size_limit},
    ReferenceSpelling{Section::filter, "object-size", "min_size", Rule::rename, "min_size", Values::integral},
    ReferenceSpelling{Section::filter, "object-type", "patterns", Rule::rename, "patterns", Values::list_as_json},
    // [engine] task_record_file_name is the file of the task records: our
    // jsonl logger's file_name.
    ReferenceSpelling{Section::logger, "jsonl", "task_record_file_name", Rule::rename, "file_name"},
    // Apps.
    ReferenceSpelling{Section::app, "docking", "tcl_path", Rule::refused, {}, Values::as_ours, {}, TAPS_OPTION_STRING,
                      "our docking prepares the receptor and ligands with Open Babel and RDKit and runs no VMD Tcl "
                      "script; remove it"},
    ReferenceSpelling{Section::app, "fedlearn", "device", Rule::only_value, {}, Values::as_ours, "cpu",
                      TAPS_OPTION_STRING, "our fedlearn trains on the CPU (no CUDA device); use device = \"cpu\""},
};

bool plugin_matches(std::string_view wanted, const PluginRecord& plugin) {
  if (plugin.name == wanted) return true;
  for (const auto* member : listed_loggers(plugin)) {
    if (member != &plugin && member->name == wanted) return true;
  }
  return false;
}

std::string shown_key(const RawValue& value, std::string_view key) {
  return value.from_command_line ? cli_key(key) : std::string(key);
}

// `max_size = inf` (or "inf" on the command line): no limit.
bool means_no_limit(const RawValue& value) {
  if (value.form == RawValue::Form::floating) return std::isinf(value.floating) && value.floating > 0;
  if (value.form == RawValue::Form::text) {
    std::string text = value.text;
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text == "inf" || text == "+inf" || text == "infinity";
  }
  return false;
}

// 1000.0, as the reference writes a float field, is the integer 1000.
RawValue integral(const RawValue& value) {
  if (value.form == RawValue::Form::floating && std::isfinite(value.floating) &&
      value.floating == std::floor(value.floating) && std::fabs(value.floating) < 9.0e15) {
    RawValue integer = value;
    integer.form = RawValue::Form::integer;
    integer.integer = static_cast<std::int64_t>(value.floating);
    return integer;
  }
  return value;
}

std::optional<RawValue> size_limit(const RawValue& value) {
  if (means_no_limit(value)) return std::nullopt;
  return integral(value);
}

RawValue list_as_json(const RawValue& value, std::string_view key) {
  if (value.form != RawValue::Form::array) return value;
  rapidjson::Document doc;
  doc.Parse(value.text.c_str());
  bool strings = !doc.HasParseError() && doc.IsArray();
  if (strings) {
    for (const auto& item : doc.GetArray()) strings = strings && item.IsString();
  }
  if (!strings) {
    throw ConfigError(fmt::format("{}: {} must be a list of strings, got {}", value.origin, key, value.text));
  }
  RawValue text = value;
  text.form = RawValue::Form::text;
  return text;
}

void check_only_value(const ReferenceSpelling& entry, const PluginRecord& plugin, const RawValue& value) {
  const std::string key(entry.key);
  taps_option_desc desc{sizeof(taps_option_desc), key.c_str(), entry.only_type, 0, nullptr, 0.0, 0.0, nullptr,
                        nullptr, nullptr};
  std::string canonical;
  try {
    canonical = canonical_value(desc, value, plugin.label());
  } catch (const ConfigError&) {
    canonical.clear();
  }
  std::string wanted(entry.only);
  auto lower = [](std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  if (lower(canonical) != lower(wanted)) {
    throw ConfigError(fmt::format("{}: {} = {} (the reference's option) is not available with {}: {}",
                                  value.origin, shown_key(value, entry.key), value.display(), plugin.label(),
                                  entry.reason));
  }
}

}  // namespace

std::span<const ReferenceSpelling> reference_spellings() { return spellings; }

const ReferenceSpelling* find_reference_spelling(Section section, const PluginRecord& plugin, std::string_view key) {
  const std::string wanted = normalize_key(key);
  for (const auto& entry : spellings) {
    if (entry.section == section && entry.key == wanted && plugin_matches(entry.plugin, plugin)) return &entry;
  }
  return nullptr;
}

TranslatedValue translate_reference_value(Section section, const PluginRecord& plugin, const std::string& key,
                                          const RawValue& value) {
  const auto* entry = find_reference_spelling(section, plugin, key);
  // Our own name of an option the reference spells otherwise is ours.
  if (entry == nullptr || (entry->rule != Rule::rename && plugin.find_option(key) != nullptr)) {
    return {key, value};
  }
  switch (entry->rule) {
    case Rule::refused:
      throw ConfigError(fmt::format("{}: {} has no counterpart of the reference's option '{}': {}", value.origin,
                                    plugin.label(), shown_key(value, entry->key), entry->reason));
    case Rule::only_value:
      check_only_value(*entry, plugin, value);
      return {{}, std::nullopt};
    case Rule::rename:
      break;
  }
  TranslatedValue out{normalize_key(entry->ours), value};
  if (entry->values == Values::size_limit) out.value = size_limit(value);
  if (entry->values == Values::integral) out.value = integral(value);
  if (entry->values == Values::list_as_json) out.value = list_as_json(value, entry->key);
  return out;
}

}  // namespace taps::host
