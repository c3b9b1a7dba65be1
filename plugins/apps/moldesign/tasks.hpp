// tasks.hpp — the moldesign app's task functions, the reference's four:
// simulate one molecule, train the surrogate, run it on a chunk of the
// search space, and put the chunks' predictions back together.
#pragma once

#include "kernel_ridge.hpp"

#include <taps/task.hpp>

#include <string>
#include <vector>

namespace taps::moldesign {

/// The vertical ionization potential (eV) of a molecule: RDKit embedding
/// and MMFF, then xtb's optimisation and IP, each xtb call killed after
/// `xtb_timeout` seconds (0: no limit). A failing tool fails the task with
/// the tool's message.
double compute_vertical(std::string smiles, double xtb_timeout);

/// The surrogate fitted to the IPs computed so far.
KernelRidge train_model(std::vector<std::string> smiles, std::vector<double> ips);

/// The surrogate's predicted IP of each molecule of a chunk.
std::vector<double> run_model(KernelRidge model, std::vector<std::string> smiles);

/// The chunks' predictions, in chunk order.
std::vector<double> combine_inferences(Rest<std::vector<double>> chunks);

}  // namespace taps::moldesign
