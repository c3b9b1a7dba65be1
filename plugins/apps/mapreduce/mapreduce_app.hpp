// mapreduce_app.hpp — the reference's mapreduce app: word counts of a
// directory of text files, map tasks over byte-balanced parts of the input
// and a reduce task, checked against the client's own count.
#pragma once

#include "tasks.hpp"

#include <taps/config.hpp>
#include <taps/engine.hpp>
#include <taps/host.hpp>
#include <taps/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace taps::mapreduce {

/// How a map task gets its input.
enum class MapInput {
  path,  // file paths and byte ranges; the task reads a file system shared with the client
  text,  // the bytes themselves, read by the client: payloads that transformers and filters see
};

class MapreduceApp {
 public:
  static constexpr PluginInfo info{"mapreduce", "1.0.0",
                                   "Word count of a directory of text files: map tasks over byte ranges, one reduce."};
  static constexpr taps_option_desc options[] = {
      option::string("data_dir", "Directory of text files (searched recursively), or where generate writes them.")
          .required(),
      option::integer("map_tasks", "Number of map tasks; the input is split by bytes, between words.")
          .defaults("32").min(1),
      option::boolean("generate", "Write random text files into data_dir (new or empty) and remove them after.")
          .defaults("false"),
      option::integer("generated_files", "Number of files generate writes.").defaults("10").min(1),
      option::integer("generated_words", "Words per generated file.").defaults("10000").min(1),
      option::integer("seed", "Seed of the generated text.").defaults("0"),
      option::string("glob", "Only files whose name matches this pattern (fnmatch), e.g. *.txt.").defaults("*"),
      option::integer("top_n", "Number of most frequent words in top_words.csv and the log.").defaults("10").min(1),
      option::choice("map_input", "path|text",
                     "path: map tasks read byte ranges of the files (shared file system); text: the client reads "
                     "them and sends the bytes as task payloads.")
          .defaults("path"),
      option::boolean("lowercase", "Count words with ASCII letters lower-cased.").defaults("false"),
  };
  static constexpr TaskDef tasks[] = {TAPS_TASK(map_task), TAPS_TASK(map_text_task), TAPS_TASK(reduce_task)};

  /// Throws a ConfigError when data_dir is missing (or, with generate, not
  /// empty).
  MapreduceApp(Host host, const Config& config);

  void run(Engine& engine, const std::filesystem::path& run_dir);

 private:
  Host host_;
  std::filesystem::path data_dir_;
  std::size_t map_tasks_;
  bool generate_;
  std::uint64_t generated_files_;
  std::uint64_t generated_words_;
  std::uint64_t seed_;
  std::string glob_;
  std::size_t top_n_;
  MapInput map_input_;
  bool lowercase_;
};

}  // namespace taps::mapreduce
