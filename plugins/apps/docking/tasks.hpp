// tasks.hpp — the docking app's task functions. Every input and output is a
// value (SMILES, PDBQT text, numbers), so the tasks run wherever the
// executor puts them; each external program runs in a private temporary
// directory on the worker.
#pragma once

#include "surrogate.hpp"
#include "vina.hpp"

#include <taps/codec.hpp>
#include <taps/task.hpp>

#include <string>
#include <vector>

namespace taps::docking {

/// SMILES -> 3-D PDBQT with Open Babel.
std::string prepare_ligand(std::string smiles);

/// Docks a prepared ligand into the receptor with Vina: its best score and
/// pose.
DockResult dock_ligand(std::string receptor_pdbqt, std::string ligand_pdbqt, DockSettings settings);

/// Fits the surrogate to the molecules docked so far.
SurrogateModel train_surrogate(std::vector<std::string> smiles, std::vector<double> scores);

/// The surrogate's predicted scores for a chunk of the search space.
std::vector<double> infer_scores(SurrogateModel model, std::vector<std::string> smiles);

}  // namespace taps::docking

template <>
struct taps::Codec<taps::docking::DockSettings> {
  static constexpr const char* type = "docking.settings";
  static void encode(Writer& w, const taps::docking::DockSettings& s) {
    for (const double x : s.box.center) w.put(x);
    for (const double x : s.box.size) w.put(x);
    w.put(s.exhaustiveness);
    w.put(s.cpu);
    w.put(s.seed);
  }
  static taps::docking::DockSettings decode(Reader& r) {
    taps::docking::DockSettings s;
    for (double& x : s.box.center) x = r.get<double>();
    for (double& x : s.box.size) x = r.get<double>();
    s.exhaustiveness = r.get<std::int64_t>();
    s.cpu = r.get<std::int64_t>();
    s.seed = r.get<std::int64_t>();
    return s;
  }
};

template <>
struct taps::Codec<taps::docking::DockResult> {
  static constexpr const char* type = "docking.result";
  static void encode(Writer& w, const taps::docking::DockResult& d) {
    w.put(d.score);
    w.put(d.pose);
  }
  static taps::docking::DockResult decode(Reader& r) {
    taps::docking::DockResult d;
    d.score = r.get<double>();
    d.pose = r.get<std::string>();
    return d;
  }
};

template <>
struct taps::Codec<taps::docking::SurrogateModel> {
  static constexpr const char* type = "docking.surrogate";
  static void encode(Writer& w, const taps::docking::SurrogateModel& m) {
    w.put(m.fingerprints);
    w.put(m.scores);
  }
  static taps::docking::SurrogateModel decode(Reader& r) {
    taps::docking::SurrogateModel m;
    m.fingerprints = r.get<std::vector<std::string>>();
    m.scores = r.get<std::vector<double>>();
    return m;
  }
};
