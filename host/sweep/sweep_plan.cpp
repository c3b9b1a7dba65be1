#include "sweep/sweep_plan.hpp"

#include "config/config_error.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>

namespace taps::host::sweep {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (true) {
    const auto end = text.find(separator, begin);
    out.push_back(text.substr(begin, end - begin));
    if (end == std::string::npos) return out;
    begin = end + 1;
  }
}

toml::array strings(const std::vector<std::string>& items) {
  toml::array array;
  for (const auto& item : items) array.push_back(item);
  return array;
}

template <typename Node>
std::vector<std::string> strings(const toml::node_view<Node>& node) {
  std::vector<std::string> out;
  if (const auto* array = node.as_array()) {
    for (const auto& item : *array) out.push_back(item.value_or(std::string()));
  }
  return out;
}

}  // namespace

Variation parse_variation(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
    throw ConfigError(fmt::format("--vary '{}': expected KEY=V1,V2,... (e.g. engine.executor=thread-pool,process-pool)",
                                  text));
  }
  Variation v{text.substr(0, equals), split(text.substr(equals + 1), ',')};
  if (v.key.rfind("--", 0) == 0) v.key = v.key.substr(2);
  for (const auto& value : v.values) {
    if (value.empty()) throw ConfigError(fmt::format("--vary '{}': an empty value", text));
  }
  return v;
}

std::vector<SweepRun> sweep_runs(const SweepPlan& plan) {
  std::vector<std::vector<std::string>> points{{}};
  for (const auto& variation : plan.variations) {
    std::vector<std::vector<std::string>> next;
    for (const auto& point : points) {
      for (const auto& value : variation.values) {
        next.push_back(point);
        next.back().push_back(value);
      }
    }
    points = std::move(next);
  }
  std::vector<SweepRun> runs;
  for (std::size_t repeat = 1; repeat <= plan.repeat; ++repeat) {
    for (std::size_t p = 0; p < points.size(); ++p) {
      runs.push_back({fmt::format("p{:03}-r{}", p, repeat), points[p], repeat});
    }
  }
  return runs;
}

void write_sweep_toml(const SweepPlan& plan, const std::filesystem::path& file) {
  toml::table sweep{{"name", plan.name},
                    {"config_files", strings(plan.config_files)},
                    {"repeat", static_cast<int64_t>(plan.repeat)},
                    {"run_args", strings(plan.run_args)}};
  toml::array vary;
  for (const auto& v : plan.variations) vary.push_back(toml::table{{"key", v.key}, {"values", strings(v.values)}});
  toml::table outcomes;
  for (const auto& [id, outcome] : plan.outcomes) outcomes.insert(id, outcome);
  toml::table root{{"sweep", sweep}, {"vary", vary}, {"runs", outcomes}};
  const auto partial = std::filesystem::path(file.string() + ".partial");
  {
    std::ofstream out(partial);
    out << "# A taps-host sweep: what varied, and how each run (runs/<id>) ended.\n"
           "# Finish an interrupted sweep with: taps-host sweep --resume <this directory>\n\n"
        << root << "\n";
    if (!out) throw std::runtime_error("cannot write " + partial.string());
  }
  std::filesystem::rename(partial, file);  // never half a file
}

SweepPlan read_sweep_toml(const std::filesystem::path& file) {
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}: not valid TOML: {}", file.string(), e.description()));
  }
  if (!root["sweep"].is_table()) throw ConfigError(fmt::format("{} is not a sweep's sweep.toml", file.string()));
  SweepPlan plan;
  plan.name = root["sweep"]["name"].value_or(std::string());
  plan.config_files = strings(root["sweep"]["config_files"]);
  plan.repeat = static_cast<std::size_t>(root["sweep"]["repeat"].value_or(int64_t{1}));
  plan.run_args = strings(root["sweep"]["run_args"]);
  if (const auto* vary = root["vary"].as_array()) {
    for (const auto& item : *vary) {
      const auto* table = item.as_table();
      if (table == nullptr) continue;
      plan.variations.push_back({(*table)["key"].value_or(std::string()), strings((*table)["values"])});
    }
  }
  if (const auto* runs = root["runs"].as_table()) {
    for (const auto& [id, outcome] : *runs) plan.outcomes[std::string(id.str())] = outcome.value_or(std::string());
  }
  return plan;
}

}  // namespace taps::host::sweep
