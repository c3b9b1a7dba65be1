// moldesign_app.hpp — the reference's molecular design app: an
// active-learning search of a molecule set for high ionization potential.
// Simulate a random initial set with xtb, then repeatedly train a surrogate
// on every IP so far, predict the whole search space in chunks, and simulate
// the batch it ranks highest among the molecules not yet simulated.
#pragma once

#include "search_space.hpp"
#include "tasks.hpp"

#include <taps/config.hpp>
#include <taps/engine.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace taps::moldesign {

class MoldesignApp {
 public:
  static constexpr PluginInfo info{
      "moldesign", "1.0.0",
      "Active-learning search for molecules of high ionization potential: xtb simulations, kernel ridge surrogate."};
  static constexpr taps_option_desc options[] = {
      option::string("dataset",
                     "Molecule search space: a SMILES file (SMILES first on each line) or a QM9-style table with a "
                     "'smiles' column; only QM9-like molecules are kept.")
          .defaults(default_dataset),
      option::integer("initial_count", "Number of initial calculations, on randomly chosen molecules.")
          .defaults("8")
          .min(4),
      option::integer("search_count", "Number of molecules to evaluate in total.").defaults("64").min(1),
      option::integer("batch_size", "Number of molecules to evaluate in each batch of simulations.")
          .defaults("4")
          .min(1),
      option::integer("seed", "Random seed (the initial set, and the folds of the model check).").defaults("0"),
      option::real("xtb_timeout",
                   "Seconds each xtb call may run before it is killed and its simulation fails; 0: no limit.")
          .defaults("120")
          .min(0)
          .unit("s"),
  };
  static constexpr TaskDef tasks[] = {TAPS_TASK(compute_vertical), TAPS_TASK(train_model), TAPS_TASK(run_model),
                                      TAPS_TASK(combine_inferences)};

  /// The reference predicts the search space in 64 chunks, each a task.
  static constexpr std::size_t inference_chunks = 64;

  /// Throws a ConfigError when the dataset cannot be read, a DataError when
  /// it holds no QM9-like molecule.
  MoldesignApp(Host host, const Config& config);

  void run(Engine& engine, const std::filesystem::path& run_dir);

 private:
  Host host_;
  std::filesystem::path dataset_;
  std::size_t initial_count_;
  std::size_t search_count_;
  std::size_t batch_size_;
  std::uint64_t seed_;
  double xtb_timeout_;
  SearchSpace space_;
};

}  // namespace taps::moldesign
