#include "config/path_options.hpp"

#include "plugins/option_key.hpp"

#include <array>
#include <filesystem>
#include <system_error>

namespace taps::host {

namespace {

namespace fs = std::filesystem;

constexpr std::array paths{
    PathOption{Section::app, "mapreduce", "data_dir"},
    PathOption{Section::app, "docking", "smi_file_name_ligand"},
    PathOption{Section::app, "docking", "receptor"},
    PathOption{Section::app, "docking", "box_config"},
    PathOption{Section::app, "docking", "redock_complex"},
    PathOption{Section::app, "moldesign", "dataset"},
    PathOption{Section::app, "montage", "img_folder"},
    PathOption{Section::app, "fedlearn", "data_dir"},
    PathOption{Section::app, "failures", "config_file"},
    PathOption{Section::transformer, "file", "file_dir"},
    PathOption{Section::executor, "workqueue", "password"},
    PathOption{Section::executor, "mpi", "hostfile"},
};

bool path_exists(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

}  // namespace

std::span<const PathOption> path_options() { return paths; }

bool is_path_option(Section section, const PluginRecord& plugin, std::string_view key) {
  const std::string wanted = normalize_key(key);
  for (const auto& entry : paths) {
    if (entry.section == section && entry.plugin == plugin.name && entry.key == wanted) return true;
  }
  return false;
}

RawValue absolute_path_value(const RawValue& value) {
  if (value.form != RawValue::Form::text || value.text.empty()) return value;
  const fs::path path(value.text);
  if (path.is_absolute()) return value;
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (ec) return value;
  fs::path resolved = cwd / path;
  if (!path_exists(resolved) && !value.file_dir.empty() && path_exists(fs::path(value.file_dir) / path)) {
    resolved = fs::path(value.file_dir) / path;
  }
  RawValue out = value;
  out.text = resolved.lexically_normal().string();
  return out;
}

}  // namespace taps::host
