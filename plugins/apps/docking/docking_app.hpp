// docking_app.hpp — the reference's active-learning docking campaign: dock a
// random set of ligands with AutoDock Vina, then repeatedly train a
// surrogate on the scores so far, predict every other ligand's score, and
// dock the batch predicted best (next to a seeded random batch, the
// control that shows whether the surrogate helps).
#pragma once

#include "crystal_complex.hpp"
#include "ligand_library.hpp"
#include "redocking.hpp"
#include "tasks.hpp"

#include <taps/config.hpp>
#include <taps/engine.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace taps::docking {

class DockingApp {
 public:
  static constexpr PluginInfo info{"docking", "1.0.0",
                                   "Active-learning docking campaign: Open Babel + AutoDock Vina tasks, an RDKit "
                                   "fingerprint k-NN surrogate choosing what to dock next."};
  static constexpr taps_option_desc options[] = {
      option::string("smi_file_name_ligand",
                     "SMILES list to search: .smi (SMILES first) or CSV with a SMILES column (rdkit-data's NCI set "
                     "by default).")
          .defaults("/usr/share/RDKit/Data/NCI/first_5K.smi"),
      option::string("receptor", "Receptor PDBQT (.pdbqt or .pdbqt.gz); 1IEP from autodock-vina's test data by "
                                 "default.")
          .defaults("/usr/share/doc/autodock-vina/test-data/protein.pdbqt.gz"),
      option::string("box_config", "Vina config file with center_x..size_z; empty: conf.txt next to the receptor.")
          .defaults(""),
      option::real("center_x", "Box centre x, overrides box_config.").unit("Å"),
      option::real("center_y", "Box centre y, overrides box_config.").unit("Å"),
      option::real("center_z", "Box centre z, overrides box_config.").unit("Å"),
      option::real("size_x", "Box side x, overrides box_config.").unit("Å").min(1),
      option::real("size_y", "Box side y, overrides box_config.").unit("Å").min(1),
      option::real("size_z", "Box side z, overrides box_config.").unit("Å").min(1),
      option::integer("initial_simulations", "Ligands docked at random before the first model.").defaults("8").min(4),
      option::integer("num_iterations", "Train-infer-dock rounds.").defaults("3").min(0),
      option::integer("batch_size", "Ligands the surrogate picks per round (plus as many random ones).")
          .defaults("8")
          .min(1),
      option::integer("seed", "Seed of the random choices and of Vina's search.").defaults("0").min(0),
      option::integer("exhaustiveness", "Vina's exhaustiveness.").defaults("1").min(1),
      option::integer("cpu", "Threads per Vina call.").defaults("1").min(1),
      option::integer("infer_chunk_size", "Molecules per inference task.").defaults("1000").min(1),
      option::string("redock_complex",
                     "Crystal structure (PDB) of a receptor with a bound ligand: the ligand is re-docked first and "
                     "its top pose must come within 2 Å RMSD of the crystal pose. Default: 5DT0 from rdkit-data. "
                     "Empty: no re-docking check.")
          .defaults(default_redock_complex),
      option::string("crystal_ligand", "Residue name of the ligand in redock_complex.")
          .defaults(default_crystal_ligand),
      option::integer("redock_exhaustiveness", "Vina's exhaustiveness for the re-docking check.").defaults("4").min(1),
  };
  static constexpr TaskDef tasks[] = {TAPS_TASK(prepare_ligand), TAPS_TASK(dock_ligand), TAPS_TASK(train_surrogate),
                                      TAPS_TASK(infer_scores)};

  /// Reads and checks every input before any task: the tools on PATH, the
  /// receptor, the box, the SMILES list and the re-docking check's complex.
  /// Throws a ConfigError or DataError naming what is wrong.
  DockingApp(Host host, const Config& config);

  void run(Engine& engine, const std::filesystem::path& run_dir);

  /// The tasks the campaign submits in all: the re-docking, prepare and dock
  /// per ligand, and per round a training and the inference chunks over the
  /// ligands not docked yet.
  std::size_t expected_tasks() const;

 private:
  Host host_;
  std::filesystem::path ligand_file_;
  std::filesystem::path receptor_file_;
  std::string receptor_;
  LigandLibrary library_;
  DockSettings settings_;
  std::size_t initial_simulations_;
  std::size_t num_iterations_;
  std::size_t batch_size_;
  std::uint64_t seed_;
  std::size_t infer_chunk_size_;
  std::optional<RedockTarget> redock_;
};

}  // namespace taps::docking
