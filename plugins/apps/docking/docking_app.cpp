#include "docking_app.hpp"

#include "batch_selection.hpp"
#include "campaign_report.hpp"
#include "external_tool.hpp"
#include "pdbqt.hpp"
#include "rank_correlation.hpp"
#include "redocking.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>

namespace taps::docking {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string read_text_file(const fs::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("ConfigError", "cannot read the " + what + " '" + path.string() + "'", TAPS_INVALID_ARGUMENT);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Box resolve_box(const Config& config, const fs::path& receptor) {
  static constexpr const char* keys[6] = {"center_x", "center_y", "center_z", "size_x", "size_y", "size_z"};
  Box box;
  bool all_given = true;
  for (const char* key : keys) all_given = all_given && config.has(key);
  if (!all_given) {
    const std::string configured = config.get_string("box_config");
    const fs::path file = configured.empty() ? receptor.parent_path() / "conf.txt" : fs::path(configured);
    box = parse_box_config(read_text_file(file, "box config"), "the box config '" + file.string() + "'");
  }
  for (std::size_t i = 0; i < 6; ++i) {
    if (config.has(keys[i])) (i < 3 ? box.center[i] : box.size[i - 3]) = config.get_double(keys[i]);
  }
  return box;
}

/// The re-docking check's complex, read, split, converted by obabel and
/// checked: the ligand must touch no receptor heavy atom (a ligand from
/// another frame overlaps the protein) and lie in its box.
RedockTarget resolve_redock(const Config& config, const DockSettings& campaign) {
  RedockTarget target;
  target.complex_file = config.get_string("redock_complex");
  target.residue = config.get_string("crystal_ligand");
  const std::string what = "redock_complex '" + target.complex_file + "'";
  if (!fs::is_regular_file(target.complex_file)) {
    throw Error("ConfigError", what + " is not a file (the default comes with the Debian package rdkit-data; set "
                                      "redock_complex to \"\" to skip the re-docking check)",
                TAPS_INVALID_ARGUMENT);
  }
  const ComplexParts parts = split_complex(read_structure_file(target.complex_file), target.residue, what);
  target.receptor = receptor_pdb_to_pdbqt(parts.receptor);
  target.ligand = ligand_pdb_to_pdbqt(parts.ligand);
  target.settings = campaign;
  target.settings.exhaustiveness = config.get_int("redock_exhaustiveness");
  target.settings.box = box_around(target.ligand);
  check_crystal_ligand(parse_atoms(target.receptor, what), parse_atoms(target.ligand, what), target.settings.box,
                       "the ligand " + target.residue + " of " + what);
  return target;
}

}  // namespace

DockingApp::DockingApp(Host host, const Config& config)
    : host_(host), ligand_file_(config.get_string("smi_file_name_ligand")),
      receptor_file_(config.get_string("receptor")),
      initial_simulations_(static_cast<std::size_t>(config.get_int("initial_simulations"))),
      num_iterations_(static_cast<std::size_t>(config.get_int("num_iterations"))),
      batch_size_(static_cast<std::size_t>(config.get_int("batch_size"))),
      seed_(static_cast<std::uint64_t>(config.get_int("seed"))),
      infer_chunk_size_(static_cast<std::size_t>(config.get_int("infer_chunk_size"))) {
  locate(vina_tool);
  locate(obabel_tool);

  if (!fs::is_regular_file(receptor_file_)) {
    throw Error("ConfigError", "receptor '" + receptor_file_.string() + "' is not a file", TAPS_INVALID_ARGUMENT);
  }
  receptor_ = read_structure_file(receptor_file_);
  const std::vector<Atom> receptor_atoms = parse_atoms(receptor_, "the receptor '" + receptor_file_.string() + "'");
  if (heavy_atoms(receptor_atoms).empty()) {
    throw Error("ConfigError", "receptor '" + receptor_file_.string() + "' holds no atoms: is it a PDBQT file?",
                TAPS_INVALID_ARGUMENT);
  }
  settings_.box = resolve_box(config, receptor_file_);
  for (const double side : settings_.box.size) {
    if (!(side >= 1)) throw Error("ConfigError", "the search box needs sides of at least 1 Å", TAPS_INVALID_ARGUMENT);
  }
  settings_.exhaustiveness = config.get_int("exhaustiveness");
  settings_.cpu = config.get_int("cpu");
  settings_.seed = static_cast<std::int64_t>(seed_);

  if (!config.get_string("redock_complex").empty()) redock_ = resolve_redock(config, settings_);

  if (!fs::is_regular_file(ligand_file_)) {
    throw Error("ConfigError", "smi_file_name_ligand '" + ligand_file_.string() + "' is not a file",
                TAPS_INVALID_ARGUMENT);
  }
  library_ = load_ligand_library(ligand_file_);
  const std::size_t needed = initial_simulations_ + num_iterations_ * 2 * batch_size_;
  if (needed > library_.ligands.size()) {
    throw Error("ConfigError",
                "the campaign docks " + std::to_string(needed) + " ligands (initial_simulations " +
                    std::to_string(initial_simulations_) + " + num_iterations " + std::to_string(num_iterations_) +
                    " x 2 x batch_size " + std::to_string(batch_size_) + ", chosen and random), but '" +
                    ligand_file_.string() + "' has only " + std::to_string(library_.ligands.size()) +
                    " dockable molecules",
                TAPS_INVALID_ARGUMENT);
  }
}

std::size_t DockingApp::expected_tasks() const {
  std::size_t tasks = (redock_ ? 1 : 0) + 2 * initial_simulations_;
  std::size_t docked = initial_simulations_;
  for (std::size_t iteration = 0; iteration < num_iterations_; ++iteration) {
    const std::size_t candidates = library_.ligands.size() - docked;
    tasks += 1 + (candidates + infer_chunk_size_ - 1) / infer_chunk_size_ + 2 * 2 * batch_size_;
    docked += 2 * batch_size_;
  }
  return tasks;
}

void DockingApp::run(Engine& engine, const fs::path& run_dir) {
  engine.expect_tasks(expected_tasks());
  const auto& ligands = library_.ligands;
  host_.info("Search space: " + std::to_string(ligands.size()) + " dockable molecules of " +
             std::to_string(library_.read) + " in " + ligand_file_.string() + " (" +
             std::to_string(library_.unparsable) + " unparsable, " + std::to_string(library_.unsuitable) +
             " not one fragment of C/N/O/S/P/halogens with " + std::to_string(min_heavy_atoms) + "-" +
             std::to_string(max_heavy_atoms) + " heavy atoms, " + std::to_string(library_.duplicates) +
             " duplicates)");
  const Box& box = settings_.box;
  host_.info("Receptor " + receptor_file_.string() + ", box centre (" + format("%g", box.center[0]) + ", " +
             format("%g", box.center[1]) + ", " + format("%g", box.center[2]) + ") size " + format("%g", box.size[0]) +
             " x " + format("%g", box.size[1]) + " x " + format("%g", box.size[2]) + " Å, exhaustiveness " +
             std::to_string(settings_.exhaustiveness) + ", " + std::to_string(settings_.cpu) + " cpu per Vina call");

  CampaignReport report;
  report.receptor = receptor_file_.string();
  report.ligand_file = ligand_file_.string();
  report.library = &library_;
  std::mt19937_64 random(seed_);
  std::vector<bool> docked(ligands.size(), false);
  std::vector<std::string> training_smiles;
  std::vector<double> training_scores;
  double best_score = 0;
  std::string best_pose;
  const auto start = Clock::now();

  // Dock the ligands of `batch`, each prepare -> dock, and collect their
  // scores in the order given. A failed task fails the campaign.
  const auto dock_batch = [&](const std::vector<std::size_t>& batch, std::size_t iteration,
                              const std::vector<std::string>& selection, const std::vector<double>* predicted) {
    std::vector<TaskFuture<DockResult>> futures;
    for (const std::size_t i : batch) {
      auto prepared = engine.submit(prepare_ligand, ligands[i].smiles);
      futures.push_back(engine.submit(dock_ligand, receptor_, prepared, settings_));
      docked[i] = true;
    }
    std::vector<double> scores(batch.size());
    CompletionSet set(engine.handle(), engine.api());
    for (std::size_t k = 0; k < futures.size(); ++k) set.add(futures[k], k);
    while (const auto k = set.next()) {
      const Ligand& ligand = ligands[batch[*k]];
      DockResult result;
      try {
        result = futures[*k].result();
      } catch (const TaskError& e) {
        throw TaskError(e.type(), "docking " + ligand.name + " (" + ligand.smiles + ") failed: " + e.what(),
                        e.traceback(), e.status());
      }
      if (!std::isfinite(result.score) || result.score >= 0) {
        throw Error("VerificationError", "Vina scored " + ligand.name + " (" + ligand.smiles + ") " +
                                             format("%g", result.score) +
                                             " kcal/mol: a docked score must be finite and negative");
      }
      scores[*k] = result.score;
      host_.info("Docked " + ligand.name + " (" + ligand.smiles + "): " + format("%.3f", result.score) +
                 " kcal/mol [" + selection[*k] + "]");
      Simulation s{ligand.name, ligand.smiles, result.score, iteration, selection[*k], std::nullopt};
      if (predicted != nullptr) s.predicted = (*predicted)[*k];
      report.simulations.push_back(std::move(s));
      if (result.score < best_score) {
        best_score = result.score;
        best_pose = result.pose;
      }
    }
    return scores;
  };

  // The re-docking goes first, so a worker starts on the longest task while
  // the others prepare the initial ligands; it is checked after them.
  std::optional<TaskFuture<DockResult>> redock;
  if (redock_) redock = engine.submit(dock_ligand, redock_->receptor, redock_->ligand, redock_->settings);

  std::vector<std::size_t> all(ligands.size());
  std::iota(all.begin(), all.end(), 0);
  const std::vector<std::size_t> initial = draw(all, initial_simulations_, random);
  host_.info("Submitting " + std::to_string(initial.size()) + " initial simulations");
  const std::vector<double> initial_scores = dock_batch(initial, 0, std::vector<std::string>(initial.size(), "initial"), nullptr);
  for (std::size_t k = 0; k < initial.size(); ++k) {
    training_smiles.push_back(ligands[initial[k]].smiles);
    training_scores.push_back(initial_scores[k]);
  }

  if (redock) {
    DockResult result;
    try {
      result = redock->result();
    } catch (const TaskError& e) {
      throw TaskError(e.type(), "re-docking " + redock_->residue + " of " + redock_->complex_file + " failed: " +
                                    e.what(),
                      e.traceback(), e.status());
    }
    const double rmsd = redocking_rmsd(redock_->ligand, result.pose);
    report.redocking =
        Redocking{redock_->complex_file, redock_->residue, redock_->settings.exhaustiveness, result.score, rmsd};
    host_.info("Re-docked the crystal ligand " + redock_->residue + " of " + redock_->complex_file +
               " (exhaustiveness " + std::to_string(redock_->settings.exhaustiveness) + "): " +
               format("%.3f", result.score) + " kcal/mol, top pose " + format("%.2f", rmsd) +
               " Å heavy-atom RMSD (symmetry-corrected) from the crystal pose");
    if (!(rmsd <= redocking_tolerance)) {
      throw Error("VerificationError", "re-docking the crystal ligand " + redock_->residue + " of " +
                                           redock_->complex_file + " put its top pose " + format("%.2f", rmsd) +
                                           " Å RMSD from the crystal pose, more than " +
                                           format("%.1f", redocking_tolerance) + " Å");
    }
  } else {
    host_.warning("redock_complex is empty: the re-docking check is skipped");
  }

  for (std::size_t iteration = 1; iteration <= num_iterations_; ++iteration) {
    host_.info("Starting iteration " + std::to_string(iteration) + "/" + std::to_string(num_iterations_) +
               ": training on " + std::to_string(training_smiles.size()) + " docked molecules");
    auto model = engine.submit(train_surrogate, training_smiles, training_scores);
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < ligands.size(); ++i) {
      if (!docked[i]) candidates.push_back(i);
    }
    std::vector<TaskFuture<std::vector<double>>> chunks;
    for (std::size_t first = 0; first < candidates.size(); first += infer_chunk_size_) {
      std::vector<std::string> smiles;
      for (std::size_t k = first; k < std::min(first + infer_chunk_size_, candidates.size()); ++k) {
        smiles.push_back(ligands[candidates[k]].smiles);
      }
      chunks.push_back(engine.submit(infer_scores, model, std::move(smiles)));
    }
    std::vector<double> predictions;
    for (const auto& chunk : chunks) {
      const auto part = chunk.result();
      predictions.insert(predictions.end(), part.begin(), part.end());
    }
    host_.info("Predicted " + std::to_string(predictions.size()) + " molecules in " + std::to_string(chunks.size()) +
               " inference tasks");

    const BatchChoice choice = choose_batches(predictions, batch_size_, random);
    std::vector<std::size_t> chosen, control;
    std::vector<double> chosen_predicted, control_predicted;
    for (const std::size_t k : choice.chosen) {
      chosen.push_back(candidates[k]);
      chosen_predicted.push_back(predictions[k]);
    }
    for (const std::size_t k : choice.control) {
      control.push_back(candidates[k]);
      control_predicted.push_back(predictions[k]);
    }

    // Both batches are in flight together; only the chosen one trains the
    // next model, as in the reference's loop.
    std::vector<std::size_t> both = chosen;
    both.insert(both.end(), control.begin(), control.end());
    std::vector<double> both_predicted = chosen_predicted;
    both_predicted.insert(both_predicted.end(), control_predicted.begin(), control_predicted.end());
    std::vector<std::string> selection(chosen.size(), "chosen");
    selection.resize(both.size(), "random");
    const std::vector<double> both_scores = dock_batch(both, iteration, selection, &both_predicted);
    const std::vector<double> chosen_scores(both_scores.begin(), both_scores.begin() + static_cast<std::ptrdiff_t>(chosen.size()));
    const std::vector<double> control_scores(both_scores.begin() + static_cast<std::ptrdiff_t>(chosen.size()), both_scores.end());
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      training_smiles.push_back(ligands[chosen[k]].smiles);
      training_scores.push_back(chosen_scores[k]);
    }

    IterationSummary summary;
    summary.iteration = iteration;
    summary.training_size = training_smiles.size() - chosen.size();
    summary.chosen_mean = mean(chosen_scores);
    summary.random_mean = mean(control_scores);
    summary.spearman = spearman(chosen_predicted, chosen_scores);
    summary.spearman_with_random = spearman(both_predicted, both_scores);
    summary.best_score = best_score;
    report.iterations.push_back(summary);
    const auto rho = [](const std::optional<double>& x) { return x ? format("%.3f", *x) : std::string("n/a"); };
    host_.info("Iteration " + std::to_string(iteration) + "/" + std::to_string(num_iterations_) +
               ": chosen batch mean " + format("%.3f", summary.chosen_mean) + " kcal/mol, random batch mean " +
               format("%.3f", summary.random_mean) + " kcal/mol (" + std::to_string(chosen.size()) +
               " each); surrogate Spearman rho " + rho(summary.spearman) + " on the chosen batch, " +
               rho(summary.spearman_with_random) + " on both; best so far " + format("%.3f", best_score) +
               " kcal/mol");
  }
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();

  host_.info("Verified: all " + std::to_string(report.simulations.size()) +
             " docked scores are finite and negative; best " + format("%.3f", best_score) + " kcal/mol; " +
             format("%.1f", report.seconds) + " s");
  write_report(report, run_dir / "docking.json");
  std::ofstream(run_dir / "best_pose.pdbqt") << best_pose;
}

}  // namespace taps::docking
