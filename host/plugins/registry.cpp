#include "plugins/registry.hpp"

#include "plugins/elf_inspection.hpp"
#include "plugins/option_key.hpp"
#include "plugins/plugin_kind.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <set>
#include <system_error>

namespace taps::host {

namespace {

// The size of each struct at ABI 1.0: the end of its last 1.0 field. A
// struct_size below it means the library was not built against any 1.x
// header (or the data is corrupt), so no field can be trusted. Newer minors
// only add fields after these, which the host does not read.
#define TAPS_END_OF(type, field) (offsetof(type, field) + sizeof(((type*)nullptr)->field))
constexpr std::size_t entry_size_1_0 = TAPS_END_OF(taps_plugin_entry, plugins);
constexpr std::size_t descriptor_size_1_0 = TAPS_END_OF(taps_plugin_descriptor, methods);
constexpr std::size_t option_size_1_0 = TAPS_END_OF(taps_option_desc, unit);
constexpr std::size_t function_size_1_0 = TAPS_END_OF(taps_function_desc, invoke);
constexpr std::size_t app_methods_size_1_0 = TAPS_END_OF(taps_app_methods, run);
constexpr std::size_t executor_methods_size_1_0 = TAPS_END_OF(taps_executor_methods, worker_main);
constexpr std::size_t transformer_methods_size_1_0 = TAPS_END_OF(taps_transformer_methods, resolve);
constexpr std::size_t filter_methods_size_1_0 = TAPS_END_OF(taps_filter_methods, accepts);
constexpr std::size_t logger_methods_size_1_0 = TAPS_END_OF(taps_logger_methods, flush);
#undef TAPS_END_OF

const std::string abi_text = fmt::format("{}.{}", TAPS_ABI_MAJOR, TAPS_ABI_MINOR);

std::string text_or(const char* text, const char* fallback) { return text != nullptr ? text : fallback; }

// Plugin names appear in directory names and on the command line.
bool is_valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// The ABI major in an entry symbol's name ("taps_plugin_entry_v2" -> "2").
std::string major_of_symbol(const std::string& symbol) {
  return symbol.substr(std::string_view(TAPS_ENTRY_SYMBOL_PREFIX).size());
}

// Boost.DLL reports "load() failed (dlerror system message: <text>): <errno
// text>"; the dlerror text is what says why, and the errno Boost appends is
// whatever errno happened to hold (often "Bad file descriptor"), unrelated.
// The dlerror text may itself hold parentheses, so the closing one is the
// last before Boost's own suffix.
std::string dlopen_reason(const std::exception& e) {
  std::string what = e.what();
  const std::string marker = "(dlerror system message: ";
  auto at = what.find(marker);
  if (at == std::string::npos) return what;
  std::string reason = what.substr(at + marker.size());
  auto close = reason.rfind(')');
  if (close != std::string::npos) reason.erase(close);
  return reason;
}

// Elements of a struct array are read with the stride the plugin was built
// with (the first element's struct_size): a plugin of a newer minor has
// larger elements, and indexing with the host's sizeof would misread them.
template <class T>
const T* element_at(const T* first, std::uint32_t stride, std::uint32_t index) {
  return reinterpret_cast<const T*>(reinterpret_cast<const unsigned char*>(first) +
                                    static_cast<std::size_t>(stride) * index);
}

std::size_t methods_size_1_0(taps_plugin_kind kind) {
  switch (kind) {
    case TAPS_KIND_APP:
      return app_methods_size_1_0;
    case TAPS_KIND_EXECUTOR:
      return executor_methods_size_1_0;
    case TAPS_KIND_TRANSFORMER:
      return transformer_methods_size_1_0;
    case TAPS_KIND_FILTER:
      return filter_methods_size_1_0;
    default:
      return logger_methods_size_1_0;
  }
}

// The functions the host calls unconditionally must be there. Every method
// table starts with struct_size, so the kind-specific cast is safe once the
// size is checked.
std::string missing_method(taps_plugin_kind kind, const void* methods) {
  switch (kind) {
    case TAPS_KIND_APP: {
      auto* m = static_cast<const taps_app_methods*>(methods);
      if (m->run == nullptr) return "run";
      if (m->function_count > 0 && m->functions == nullptr) return "functions";
      return {};
    }
    case TAPS_KIND_EXECUTOR: {
      auto* m = static_cast<const taps_executor_methods*>(methods);
      return m->submit == nullptr ? "submit" : m->shutdown == nullptr ? "shutdown" : "";
    }
    case TAPS_KIND_TRANSFORMER: {
      auto* m = static_cast<const taps_transformer_methods*>(methods);
      return m->transform == nullptr ? "transform" : m->resolve == nullptr ? "resolve" : "";
    }
    case TAPS_KIND_FILTER:
      return static_cast<const taps_filter_methods*>(methods)->accepts == nullptr ? "accepts" : "";
    default: {
      auto* m = static_cast<const taps_logger_methods*>(methods);
      return m->write == nullptr ? "write" : m->flush == nullptr ? "flush" : "";
    }
  }
}

bool is_known_option_type(taps_option_type type) { return type >= TAPS_OPTION_BOOL && type <= TAPS_OPTION_TABLE; }

}  // namespace

std::string PluginRecord::label() const { return fmt::format("{} '{}'", kind_name(kind), name); }

const taps_option_desc* PluginRecord::find_option(std::string_view key) const {
  const std::string wanted = normalize_key(key);
  for (const auto* option : options) {
    if (normalize_key(option->key) == wanted) return option;
  }
  return nullptr;
}

std::string PluginProblem::to_string() const { return file.string() + ": " + message; }

PluginRegistry::PluginRegistry(std::vector<PluginDirectory> search_path) : search_path_(std::move(search_path)) {
  for (const auto& directory : search_path_) scan_directory(directory);
}

void PluginRegistry::problem(const std::filesystem::path& file, std::string message) {
  problems_.push_back({file, std::move(message)});
}

void PluginRegistry::scan_directory(const PluginDirectory& directory) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory.path, ec)) {
    if (directory.explicit_entry) {
      problem(directory.path,
              fmt::format("plugin directory (from {}) does not exist or is not a directory", directory.origin));
    }
    return;
  }
  // Sorted, so which of two duplicates in one directory wins does not
  // depend on the file system's order.
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::directory_iterator(directory.path, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    // Absolute, so messages and environment.json name the file unambiguously.
    if (it->path().extension() == ".so" && it->is_regular_file(ec)) {
      files.push_back(std::filesystem::absolute(it->path()).lexically_normal());
    }
  }
  if (ec) {
    problem(directory.path, "cannot read plugin directory: " + ec.message());
    return;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) load_library(file);
}

void PluginRegistry::load_delivered(const std::filesystem::path& file) { load_library(file, false); }

void PluginRegistry::load_library(const std::filesystem::path& file, bool inspect_first) {
  // Read, never mapped, before dlopen maps it: a damaged file becomes a
  // problem here instead of a SIGBUS there, and a library built for another
  // major never runs any code here.
  const auto inspection = inspect_first ? inspect_elf_file(file, TAPS_ENTRY_SYMBOL_PREFIX) : ElfInspection{};
  if (!inspection.problem.empty()) {
    problem(file, "cannot be loaded: " + inspection.problem);
    return;
  }
  const auto& symbols = inspection.symbols;
  const bool exports_ours = std::find(symbols.begin(), symbols.end(), TAPS_ENTRY_SYMBOL) != symbols.end();
  if (!exports_ours && !symbols.empty()) {
    problem(file, fmt::format("built for taps ABI {} (exports {}), this host supports ABI {} ({}); "
                              "rebuild the plugin against this host's SDK",
                              major_of_symbol(symbols.front()), symbols.front(), TAPS_ABI_MAJOR, abi_text));
    return;
  }

  boost::dll::shared_library library;
  try {
    // RTLD_NOW: an unresolved symbol fails here, with a message, instead of
    // crashing the run when the function is first called. RTLD_NODELETE:
    // the library stays mapped even after the registry is gone, so static
    // destructors, atexit handlers and threads of a plugin never run into
    // unmapped code at process exit.
    library.load(boost::dll::fs::path(file.string()), boost::dll::load_mode::rtld_now |
                                                          boost::dll::load_mode::rtld_local |
                                                          static_cast<boost::dll::load_mode::type>(RTLD_NODELETE));
  } catch (const std::exception& e) {
    problem(file, "cannot be loaded: " + dlopen_reason(e));
    return;
  }

  if (!library.has(TAPS_ENTRY_SYMBOL)) {
    // A stripped library has no symbol table to read beforehand; ask the
    // loaded one for the entry symbols of nearby majors instead.
    for (unsigned major = 0; major <= TAPS_ABI_MAJOR + 8; ++major) {
      const std::string symbol = TAPS_ENTRY_SYMBOL_PREFIX + std::to_string(major);
      if (major != TAPS_ABI_MAJOR && library.has(symbol)) {
        problem(file, fmt::format("built for taps ABI {} (exports {}), this host supports ABI {} ({}); "
                                  "rebuild the plugin against this host's SDK",
                                  major, symbol, TAPS_ABI_MAJOR, abi_text));
        libraries_.push_back(std::move(library));
        return;
      }
    }
    problem(file,
            fmt::format("exports no {} symbol: not a taps plugin (or built for an unknown ABI)", TAPS_ENTRY_SYMBOL));
    libraries_.push_back(std::move(library));
    return;
  }

  const auto& entry = library.get<const taps_plugin_entry>(TAPS_ENTRY_SYMBOL);
  // Kept even if the entry is refused below: nothing is unloaded before
  // exit, so no pointer into any library can dangle.
  libraries_.push_back(std::move(library));
  add_plugins(file, entry);
}

void PluginRegistry::add_plugins(const std::filesystem::path& file, const taps_plugin_entry& entry) {
  if (entry.struct_size < entry_size_1_0) {
    problem(file, fmt::format("its plugin entry has struct_size {} bytes, smaller than the {} bytes of "
                              "taps ABI 1.0: corrupt, or not built with the taps SDK (this host supports ABI {})",
                              entry.struct_size, entry_size_1_0, abi_text));
    return;
  }
  if (entry.abi_major != TAPS_ABI_MAJOR) {
    problem(file, fmt::format("built for taps ABI {}.{} (its entry says so), this host supports ABI {}; "
                              "rebuild the plugin against this host's SDK",
                              entry.abi_major, entry.abi_minor, abi_text));
    return;
  }
  if (entry.plugin_count > 0 && entry.plugins == nullptr) {
    problem(file, fmt::format("its entry lists {} plugins but no plugin array", entry.plugin_count));
    return;
  }
  for (std::uint32_t i = 0; i < entry.plugin_count; ++i) add_descriptor(file, entry, i);
}

void PluginRegistry::add_descriptor(const std::filesystem::path& file, const taps_plugin_entry& entry,
                                    std::uint32_t index) {
  const taps_plugin_descriptor* d = entry.plugins[index];
  if (d == nullptr) {
    problem(file, fmt::format("plugin #{} of its entry is NULL", index));
    return;
  }
  if (d->struct_size < descriptor_size_1_0) {
    problem(file, fmt::format("plugin #{} has a descriptor of struct_size {} bytes, smaller than the {} bytes "
                              "of taps ABI 1.0 (library built for ABI {}.{}, host supports ABI {})",
                              index, d->struct_size, descriptor_size_1_0, entry.abi_major, entry.abi_minor, abi_text));
    return;
  }
  const std::string name = text_or(d->name, "");
  const std::string what = fmt::format("plugin #{} ('{}')", index, name);
  if (!is_valid_name(name)) {
    problem(file, what + ": a plugin name must be non-empty and use only letters, digits, '-' and '_'");
    return;
  }
  if (!is_known_kind(d->kind)) {
    problem(file, fmt::format("{}: has kind {}, which this host (ABI {}) does not know", what, d->kind, abi_text));
    return;
  }
  PluginRecord record;
  record.descriptor = d;
  record.kind = d->kind;
  record.name = name;
  const std::string label = record.label();
  if (d->create == nullptr || d->destroy == nullptr) {
    problem(file, label + ": its descriptor has no create or destroy function");
    return;
  }
  if (d->methods == nullptr) {
    problem(file, label + ": its descriptor has no method table");
    return;
  }
  // Every method table starts with its uint32_t struct_size.
  const std::uint32_t methods_size = *static_cast<const std::uint32_t*>(d->methods);
  if (methods_size < methods_size_1_0(d->kind)) {
    problem(file, fmt::format("{}: its method table has struct_size {} bytes, smaller than the {} bytes of "
                              "taps ABI 1.0",
                              label, methods_size, methods_size_1_0(d->kind)));
    return;
  }
  if (auto missing = missing_method(d->kind, d->methods); !missing.empty()) {
    problem(file, fmt::format("{}: its method table has no '{}'", label, missing));
    return;
  }

  if (d->option_count > 0) {
    if (d->options == nullptr) {
      problem(file, fmt::format("{}: declares {} options but no option array", label, d->option_count));
      return;
    }
    const std::uint32_t stride = d->options[0].struct_size;
    if (stride < option_size_1_0) {
      problem(file, fmt::format("{}: its options have struct_size {} bytes, smaller than the {} bytes of "
                                "taps ABI 1.0",
                                label, stride, option_size_1_0));
      return;
    }
    std::set<std::string> keys;
    for (std::uint32_t i = 0; i < d->option_count; ++i) {
      const taps_option_desc* option = element_at(d->options, stride, i);
      if (option->struct_size != stride) {
        problem(file, fmt::format("{}: option #{} has struct_size {}, the first one {}; the option array is "
                                  "malformed",
                                  label, i, option->struct_size, stride));
        return;
      }
      if (option->key == nullptr || *option->key == '\0') {
        problem(file, fmt::format("{}: option #{} has no key", label, i));
        return;
      }
      // In a config file, `name` in a plugin's table selects the plugin.
      if (normalize_key(option->key) == "name") {
        problem(file, fmt::format("{}: declares an option 'name', which is reserved for selecting the plugin", label));
        return;
      }
      if (!is_known_option_type(option->type)) {
        problem(file, fmt::format("{}: option '{}' has type {}, which this host does not know", label, option->key,
                                  option->type));
        return;
      }
      if (!keys.insert(normalize_key(option->key)).second) {
        problem(file, fmt::format("{}: option '{}' is declared twice", label, option->key));
        return;
      }
      record.options.push_back(option);
    }
  }

  if (d->kind == TAPS_KIND_APP) {
    const auto* app = static_cast<const taps_app_methods*>(d->methods);
    if (app->function_count > 0) {
      const std::uint32_t stride = app->functions[0].struct_size;
      if (stride < function_size_1_0) {
        problem(file, fmt::format("{}: its task functions have struct_size {} bytes, smaller than the {} bytes "
                                  "of taps ABI 1.0",
                                  label, stride, function_size_1_0));
        return;
      }
      for (std::uint32_t i = 0; i < app->function_count; ++i) {
        const taps_function_desc* function = element_at(app->functions, stride, i);
        if (function->name == nullptr || function->invoke == nullptr) {
          problem(file, fmt::format("{}: task function #{} has no name or no invoke", label, i));
          return;
        }
        record.functions.push_back(function);
      }
    }
  }

  if (const PluginRecord* first = find(d->kind, name)) {
    problem(file, fmt::format("{} {} is shadowed by {} {} from {} (the first on the plugin path wins)", label,
                              text_or(d->version, "?"), first->label(), first->version, first->file.string()));
    return;
  }

  record.version = text_or(d->version, "unversioned");
  record.description = text_or(d->description, "");
  record.file = file;
  record.abi_major = entry.abi_major;
  record.abi_minor = entry.abi_minor;
  plugins_.push_back(std::move(record));
}

const PluginRecord* PluginRegistry::find(taps_plugin_kind kind, std::string_view name) const {
  for (const auto& record : plugins_) {
    if (record.kind == kind && record.name == name) return &record;
  }
  return nullptr;
}

std::vector<const PluginRecord*> PluginRegistry::find_by_name(std::string_view name) const {
  std::vector<const PluginRecord*> found;
  for (const auto& record : plugins_) {
    if (record.name == name) found.push_back(&record);
  }
  return found;
}

std::vector<const PluginRecord*> PluginRegistry::of_kind(taps_plugin_kind kind) const {
  std::vector<const PluginRecord*> found;
  for (const auto& record : plugins_) {
    if (record.kind == kind) found.push_back(&record);
  }
  return found;
}

const taps_function_desc* PluginRegistry::find_function(std::string_view app, std::string_view function) const {
  const PluginRecord* record = find(TAPS_KIND_APP, app);
  if (record == nullptr) return nullptr;
  for (const auto* desc : record->functions) {
    if (function == desc->name) return desc;
  }
  return nullptr;
}

}  // namespace taps::host
