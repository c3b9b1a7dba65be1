#include "run/run_directory.hpp"

#include "config/config_error.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <system_error>

namespace taps::host {

namespace {

std::string timestamp_text(std::time_t start) {
  std::tm local{};
  localtime_r(&start, &local);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d-%H-%M-%S", &local);
  return text;
}

// Text between placeholders; "}}" is a literal brace, as in str.format().
std::string literal(std::string text) {
  for (auto at = text.find("}}"); at != std::string::npos; at = text.find("}}", at + 1)) text.erase(at, 1);
  return text;
}

}  // namespace

std::filesystem::path expand_dir_format(const std::string& format, const std::string& app, const std::string& executor,
                                        std::time_t start) {
  std::string out;
  std::size_t pos = 0;
  while (pos < format.size()) {
    const auto open = format.find('{', pos);
    if (open == std::string::npos) {
      out += literal(format.substr(pos));
      break;
    }
    out += literal(format.substr(pos, open - pos));
    // As in the reference's str.format(): "{{" is a literal brace.
    if (format.compare(open, 2, "{{") == 0) {
      out += '{';
      pos = open + 2;
      continue;
    }
    const auto close = format.find('}', open);
    const std::string placeholder =
        close == std::string::npos ? format.substr(open) : format.substr(open, close - open + 1);
    // {app} is how DESIGN.md spells the reference's {name}.
    if (placeholder == "{name}" || placeholder == "{app}") {
      out += app;
    } else if (placeholder == "{executor}") {
      out += executor;
    } else if (placeholder == "{timestamp}") {
      out += timestamp_text(start);
    } else {
      throw ConfigError(
          fmt::format("run.dir_format '{}': unknown placeholder '{}'; use {{name}}, {{executor}} and "
                      "{{timestamp}}",
                      format, placeholder));
    }
    pos = open + placeholder.size();
  }
  if (out.empty()) throw ConfigError("run.dir_format is empty: a run needs a directory");
  return std::filesystem::path(out);
}

std::filesystem::path create_run_directory(const std::filesystem::path& wanted) {
  const auto target = std::filesystem::absolute(wanted).lexically_normal();
  const auto base = target.has_filename() ? target : target.parent_path();
  if (base.has_parent_path()) std::filesystem::create_directories(base.parent_path());
  for (unsigned attempt = 0;; ++attempt) {
    auto candidate = base;
    if (attempt > 0) candidate += "-" + std::to_string(attempt);
    if (::mkdir(candidate.c_str(), 0777) == 0) return candidate;
    if (errno != EEXIST) {
      throw std::system_error(errno, std::generic_category(), "cannot create run directory " + candidate.string());
    }
  }
}

}  // namespace taps::host
