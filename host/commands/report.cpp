// `taps-host report RUN_DIR...`: statistics and figures from the records of
// one run, or a table over several runs grouped by what differs in their
// configurations.
#include "commands/command.hpp"
#include "config/command_line_error.hpp"
#include "config/config_error.hpp"
#include "report/make_report.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <cstdio>

namespace po = boost::program_options;

namespace taps::host {

namespace {

constexpr const char* report_help =
    "Usage: taps-host report [--out DIR] [--no-figures] RUN_DIR...\n\n"
    "One run: tasks, makespan, throughput (tasks / (last received - first submit)), per function the\n"
    "median, p95 and max of each phase (waiting, input transform, execution, result transform, return,\n"
    "engine overhead), worker utilisation, the critical path of the task graph, and figures (timeline\n"
    "per worker, tasks in flight, phase breakdown) drawn with matplotlib. Written to DIR (default: the\n"
    "run directory) as report.md, report.json and figures/.\n\n"
    "Several runs (of one app): one table grouped by the config.toml keys that differ between them,\n"
    "with mean, standard deviation and 95 % Student-t confidence interval over the repeats of a group.\n"
    "Written to DIR (default: ./report).\n\n"
    "Options:\n"
    "  --out DIR       Where the report goes.\n"
    "  --no-figures    Skip the figures of a one-run report.\n";

}  // namespace

int report_command(const CommandContext& context) {
  po::options_description options;
  options.add_options()("help,h", po::bool_switch())                 //
      ("out", po::value<std::string>())                              //
      ("no-figures", po::bool_switch())                              //
      ("run-dir", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("run-dir", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(context.args)
                  .options(options)
                  .positional(positional)
                  .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
  } catch (const po::error& e) {
    throw command_line_error(e, context.args);
  }
  if (vm["help"].as<bool>()) {
    fmt::print("{}", report_help);
    return exit_success;
  }
  if (vm.count("run-dir") == 0) throw ConfigError("report needs at least one run directory; see taps-host report --help");
  std::vector<std::filesystem::path> dirs;
  for (const auto& d : vm["run-dir"].as<std::vector<std::string>>()) dirs.emplace_back(d);
  report::ReportOptions report_options;
  report_options.figures = !vm["no-figures"].as<bool>();
  report_options.out_dir = vm.count("out") != 0 ? std::filesystem::path(vm["out"].as<std::string>())
                           : dirs.size() == 1   ? dirs.front()
                                                : std::filesystem::path("report");
  const auto result = report::make_report(dirs, report_options);
  fmt::print("{}", result.markdown);
  for (const auto& warning : result.warnings) fmt::print(stderr, "taps-host: warning: {}\n", warning);
  fmt::print("\nReport written to {}\n", (report_options.out_dir / "report.md").string());
  return result.figures_failed ? exit_run_failed : exit_success;
}

}  // namespace taps::host
