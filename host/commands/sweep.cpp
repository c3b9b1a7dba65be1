// `taps-host sweep`: runs the cross product of varied options, each point
// repeated, under sweeps/<name>/, continues past failed runs, then reports
// over them all. --resume finishes an interrupted sweep.
#include "commands/command.hpp"
#include "config/command_line_error.hpp"
#include "config/config_error.hpp"
#include "plugins/plugin_path.hpp"
#include "report/make_report.hpp"
#include "sweep/sweep_plan.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <spawn.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstdio>

extern char** environ;

namespace po = boost::program_options;

namespace taps::host {

namespace {

constexpr const char* sweep_help =
    "Usage: taps-host sweep [--config FILE]... --vary KEY=V1,V2... [--vary ...] [--repeat N]\n"
    "                       [--name NAME] [--dir ROOT] [--no-figures] [-- RUN_OPTIONS...]\n"
    "       taps-host sweep --resume SWEEP_DIR\n\n"
    "Runs `taps-host run` for every combination of the --vary values (KEY is a dotted option, as\n"
    "on the run command line: engine.executor, app.task_data_bytes, engine.executor.workers),\n"
    "each --repeat times, as ROOT/NAME/runs/p<point>-r<repeat> (ROOT: sweeps; NAME: the first\n"
    "config file's name). sweep.toml says what varied and how each run ended; a failed run is\n"
    "recorded and the sweep goes on. Then writes the report over the finished runs to\n"
    "ROOT/NAME/report (a table grouped by the varied keys, mean/std/95 % CI over repeats, and a\n"
    "figure per metric). --resume runs what an interrupted sweep did not finish.\n";

struct SweepOptions {
  sweep::SweepPlan plan;
  std::filesystem::path dir;
  bool resume = false;
  bool figures = true;
  std::vector<std::string> plugin_paths;
};

SweepOptions parse_sweep_options(const CommandContext& context) {
  std::vector<std::string> args = context.args, run_args;
  if (const auto dashes = std::find(args.begin(), args.end(), "--"); dashes != args.end()) {
    run_args.assign(dashes + 1, args.end());
    args.erase(dashes, args.end());
  }
  po::options_description options;
  options.add_options()("help,h", po::bool_switch())                          //
      ("config", po::value<std::vector<std::string>>()->composing())         //
      ("vary", po::value<std::vector<std::string>>()->composing())           //
      ("repeat", po::value<std::size_t>()->default_value(1))                 //
      ("name", po::value<std::string>())                                     //
      ("dir", po::value<std::string>()->default_value("sweeps"))             //
      ("resume", po::value<std::string>())                                   //
      ("no-figures", po::bool_switch())                                      //
      ("plugin-path", po::value<std::vector<std::string>>()->composing());
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args)
                  .options(options)
                  .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
  } catch (const po::error& e) {
    throw command_line_error(e, args);
  }
  SweepOptions out;
  if (vm["help"].as<bool>()) {
    fmt::print("{}", sweep_help);
    std::exit(exit_success);
  }
  out.figures = !vm["no-figures"].as<bool>();
  out.plugin_paths = context.plugin_paths;
  if (vm.count("plugin-path") != 0) {
    for (const auto& p : vm["plugin-path"].as<std::vector<std::string>>()) out.plugin_paths.push_back(p);
  }
  for (auto& p : out.plugin_paths) p = std::filesystem::absolute(p).string();
  if (vm.count("resume") != 0) {
    out.resume = true;
    out.dir = vm["resume"].as<std::string>();
    const auto file = out.dir / "sweep.toml";
    if (!std::filesystem::is_regular_file(file)) {
      throw ConfigError(fmt::format("--resume {}: no sweep.toml there; is it a sweep directory?", out.dir.string()));
    }
    out.plan = sweep::read_sweep_toml(file);
    return out;
  }
  if (vm.count("vary") == 0) throw ConfigError("sweep needs at least one --vary KEY=V1,V2; see taps-host sweep --help");
  for (const auto& v : vm["vary"].as<std::vector<std::string>>()) {
    out.plan.variations.push_back(sweep::parse_variation(v));
  }
  if (vm.count("config") != 0) {
    for (const auto& f : vm["config"].as<std::vector<std::string>>()) {
      if (!std::filesystem::is_regular_file(f)) throw ConfigError(fmt::format("--config {}: no such file", f));
      out.plan.config_files.push_back(std::filesystem::absolute(f).string());
    }
  }
  out.plan.repeat = vm["repeat"].as<std::size_t>();
  if (out.plan.repeat == 0) throw ConfigError("--repeat must be at least 1");
  out.plan.run_args = run_args;
  out.plan.name = vm.count("name") != 0                ? vm["name"].as<std::string>()
                  : !out.plan.config_files.empty() ? std::filesystem::path(out.plan.config_files.front()).stem().string()
                                                       : std::string("sweep");
  out.dir = std::filesystem::path(vm["dir"].as<std::string>()) / out.plan.name;
  if (std::filesystem::exists(out.dir)) {
    throw ConfigError(fmt::format("{} exists already: finish it with --resume {}, or name a new sweep with --name",
                                  out.dir.string(), out.dir.string()));
  }
  return out;
}

/// Runs `taps-host run` for one point; its console output goes to `log`.
/// Returns "ok" or why it failed.
std::string run_point(const SweepOptions& options, const sweep::SweepRun& run, const std::filesystem::path& run_dir,
                      const std::filesystem::path& log) {
  std::vector<std::string> args{executable_path().string()};
  for (const auto& p : options.plugin_paths) args.insert(args.end(), {"--plugin-path", p});
  args.push_back("run");
  for (const auto& f : options.plan.config_files) args.insert(args.end(), {"--config", f});
  for (std::size_t i = 0; i < run.values.size(); ++i) {
    args.insert(args.end(), {"--" + options.plan.variations[i].key, run.values[i]});
  }
  args.insert(args.end(), options.plan.run_args.begin(), options.plan.run_args.end());
  args.insert(args.end(), {"--run.dir-format", run_dir.string()});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) return fmt::format("could not start {}", argv[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "ok";
  return WIFEXITED(status) ? fmt::format("exit status {}", WEXITSTATUS(status))
                           : fmt::format("killed by signal {}", WTERMSIG(status));
}

std::string describe_point(const sweep::SweepPlan& plan, const sweep::SweepRun& run) {
  std::string text;
  for (std::size_t i = 0; i < run.values.size(); ++i) {
    text += fmt::format("{}{}={}", text.empty() ? "" : " ", plan.variations[i].key, run.values[i]);
  }
  return text;
}

}  // namespace

int sweep_command(const CommandContext& context) {
  auto options = parse_sweep_options(context);
  auto& plan = options.plan;
  const auto runs_dir = options.dir / "runs";
  const auto logs_dir = options.dir / "logs";
  std::filesystem::create_directories(runs_dir);
  std::filesystem::create_directories(logs_dir);
  const auto toml_file = options.dir / "sweep.toml";
  sweep::write_sweep_toml(plan, toml_file);

  const auto runs = sweep::sweep_runs(plan);
  std::vector<std::filesystem::path> finished;
  std::vector<std::string> failed;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& run = runs[i];
    const auto run_dir = runs_dir / run.id;
    const auto known = plan.outcomes.find(run.id);
    if (known != plan.outcomes.end() && known->second == "ok" && std::filesystem::is_directory(run_dir)) {
      finished.push_back(run_dir);
      continue;  // done before --resume
    }
    std::filesystem::remove_all(run_dir);  // what an interrupted run left
    fmt::print("[{}/{}] {} {} ...", i + 1, runs.size(), run.id, describe_point(plan, run));
    std::fflush(stdout);
    const auto started = std::chrono::steady_clock::now();
    const auto outcome = run_point(options, run, run_dir, logs_dir / (run.id + ".txt"));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    fmt::print(" {} ({:.1f} s)\n", outcome == "ok" ? "ok" : "FAILED: " + outcome, took.count());
    std::fflush(stdout);
    plan.outcomes[run.id] = outcome;
    sweep::write_sweep_toml(plan, toml_file);
    if (outcome == "ok") {
      finished.push_back(run_dir);
    } else {
      failed.push_back(fmt::format("{} ({}; see {})", run.id, outcome, (logs_dir / (run.id + ".txt")).string()));
    }
  }

  if (!finished.empty()) {
    report::ReportOptions report_options{options.dir / "report", options.figures};
    const auto result = report::make_report(finished, report_options);
    fmt::print("\n{}", result.markdown);
    for (const auto& warning : result.warnings) fmt::print(stderr, "taps-host: warning: {}\n", warning);
    fmt::print("\nReport written to {}\n", (report_options.out_dir / "report.md").string());
  }
  std::fflush(stdout);
  if (!failed.empty()) {
    fmt::print(stderr, "taps-host: {} of {} runs failed:\n", failed.size(), runs.size());
    for (const auto& f : failed) fmt::print(stderr, "  {}\n", f);
    return exit_run_failed;
  }
  return exit_success;
}

}  // namespace taps::host
