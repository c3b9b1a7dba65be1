#include "vina.hpp"

#include "external_tool.hpp"
#include "pdbqt.hpp"
#include "private_directory.hpp"

#include <taps/error.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

namespace taps::docking {

namespace {

constexpr const char* box_keys[6] = {"center_x", "center_y", "center_z", "size_x", "size_y", "size_z"};

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", x);
  return text;
}

}  // namespace

Box parse_box_config(const std::string& text, const std::string& what) {
  std::map<std::string, double> values;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    const auto equals = line.find('=');
    if (equals == std::string::npos) continue;
    std::istringstream key_text(line.substr(0, equals));
    std::string key;
    key_text >> key;
    const std::string value = line.substr(equals + 1);
    char* end = nullptr;
    const double x = std::strtod(value.c_str(), &end);
    if (end != value.c_str()) values[key] = x;
  }
  Box box;
  for (std::size_t i = 0; i < 6; ++i) {
    const auto it = values.find(box_keys[i]);
    if (it == values.end()) {
      throw Error("ConfigError", what + " has no numeric " + box_keys[i] + " (give the box with the options center_x "
                                        "... size_z instead)",
                  TAPS_INVALID_ARGUMENT);
    }
    (i < 3 ? box.center[i] : box.size[i - 3]) = it->second;
  }
  return box;
}

std::vector<double> parse_affinities(const std::string& vina_stdout) {
  // The table follows a rule line "-----+------------+----------+----------";
  // each row is "mode affinity rmsd_lb rmsd_ub".
  const auto rule = vina_stdout.find("-----+");
  if (rule == std::string::npos) {
    throw Error("ToolError", "vina printed no result table: " + tail_of(vina_stdout));
  }
  std::istringstream in(vina_stdout.substr(vina_stdout.find('\n', rule) + 1));
  std::vector<double> affinities;
  for (std::string line; std::getline(in, line);) {
    std::istringstream row(line);
    int mode = 0;
    double affinity = 0, lower = 0, upper = 0;
    if (!(row >> mode >> affinity >> lower >> upper)) break;
    if (mode != static_cast<int>(affinities.size()) + 1) {
      throw Error("ToolError", "vina's result table is out of order at: '" + line + "'");
    }
    affinities.push_back(affinity);
  }
  if (affinities.empty()) throw Error("ToolError", "vina's result table is empty: " + tail_of(vina_stdout));
  return affinities;
}

std::vector<std::string> vina_arguments(const DockSettings& s) {
  std::vector<std::string> args{"--receptor", "receptor.pdbqt", "--ligand", "ligand.pdbqt", "--out", "out.pdbqt"};
  for (std::size_t i = 0; i < 6; ++i) {
    args.emplace_back(std::string("--") + box_keys[i]);
    args.push_back(number(i < 3 ? s.box.center[i] : s.box.size[i - 3]));
  }
  for (const auto& [flag, value] : {std::pair{"--exhaustiveness", s.exhaustiveness}, std::pair{"--cpu", s.cpu},
                                    std::pair{"--seed", s.seed}}) {
    args.emplace_back(flag);
    args.push_back(std::to_string(value));
  }
  return args;
}

DockResult dock(const std::string& receptor_pdbqt, const std::string& ligand_pdbqt, const DockSettings& settings) {
  PrivateDirectory directory("vina");
  directory.write("receptor.pdbqt", receptor_pdbqt);
  directory.write("ligand.pdbqt", ligand_pdbqt);
  const ToolOutput output = run_tool(vina_tool, vina_arguments(settings), directory.path());
  const std::vector<double> affinities = parse_affinities(output.out);
  const std::string pose = first_model(directory.read("out.pdbqt", "vina"));
  if (heavy_atoms(parse_atoms(pose, "vina's out.pdbqt")).empty()) {
    throw Error("ToolError", "vina's out.pdbqt holds no pose: " + tail_of(pose));
  }
  return {affinities.front(), pose};
}

}  // namespace taps::docking
