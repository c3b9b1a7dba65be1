#include "run/task_manifest.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace taps::host {

namespace {

constexpr const char* header = "taps-task-manifest\t1";

std::string escaped(const std::string& value) {
  std::string out;
  for (const char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out;
}

std::string unescaped(const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\\' || i + 1 == value.size()) {
      out += value[i];
      continue;
    }
    switch (value[++i]) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      default: out += value[i];
    }
  }
  return out;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(unescaped(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

void write_line(std::ostringstream& out, std::initializer_list<std::string> fields) {
  bool first = true;
  for (const auto& field : fields) {
    out << (first ? "" : "\t") << escaped(field);
    first = false;
  }
  out << '\n';
}

void write_instance(std::ostringstream& out, const std::string& kind,
                    const std::optional<TaskManifest::Instance>& instance) {
  if (!instance) return;
  write_line(out, {kind, instance->library.plugin, instance->library.file});
  for (const auto& [key, value] : instance->options) write_line(out, {"option", kind, key, value});
}

}  // namespace

std::string TaskManifest::to_text() const {
  std::ostringstream out;
  out << header << '\n';
  write_line(out, {"log_level", log_level});
  write_line(out, {"config", config_file});
  for (const auto& app : apps) write_line(out, {"app", app.plugin, app.file});
  write_instance(out, "transformer", transformer);
  write_instance(out, "filter", filter);
  return out.str();
}

TaskManifest TaskManifest::parse(const std::string& text) {
  TaskManifest manifest;
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != header) {
    throw std::runtime_error("not a taps task manifest (its first line is not '" + escaped(header) + "')");
  }
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const auto f = fields_of(line);
    auto bad = [&] { return std::runtime_error("task manifest line " + std::to_string(number) + " is malformed"); };
    if (f[0] == "log_level" && f.size() == 2) {
      manifest.log_level = f[1];
    } else if (f[0] == "config" && f.size() == 2) {
      manifest.config_file = f[1];
    } else if (f[0] == "app" && f.size() == 3) {
      manifest.apps.push_back({f[1], f[2]});
    } else if ((f[0] == "transformer" || f[0] == "filter") && f.size() == 3) {
      (f[0] == "transformer" ? manifest.transformer : manifest.filter) = Instance{{f[1], f[2]}, {}};
    } else if (f[0] == "option" && f.size() == 4 && (f[1] == "transformer" || f[1] == "filter")) {
      auto& instance = f[1] == "transformer" ? manifest.transformer : manifest.filter;
      if (!instance) throw bad();
      instance->options.emplace_back(f[2], f[3]);
    } else {
      throw bad();
    }
  }
  return manifest;
}

TaskManifest TaskManifest::read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the task manifest " + file.string());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    return parse(text);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

}  // namespace taps::host
