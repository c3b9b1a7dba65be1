// Writes the binary seed inputs of the wire-format fuzzers (real encoded
// tasks and results, made by the encoder the engine uses) into
// corpus/wire_task and corpus/wire_result. Run by scripts/fuzz.sh --seeds;
// its output is committed, so the corpora follow the format's version.
#include "engine/wire_format.hpp"

#include <taps/codec.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

void save(const std::filesystem::path& file, const taps::Bytes& bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path corpus = argv[1];
  using namespace taps::host;

  taps_function_desc desc{};
  desc.struct_size = sizeof desc;
  desc.name = "add";
  const FunctionRef function{"synthetic", &desc};
  for (int args = 0; args <= 2; ++args) {
    TaskState task(nullptr, &function);
    for (int i = 0; i < args; ++i) {
      ArgSlot slot;
      slot.value = i == 0 ? taps::Buffer(taps::encode_payload(2.5)) : taps::Buffer(taps::encode_payload(std::string("text")));
      task.args.push_back(std::move(slot));
    }
    save(corpus / "wire_task" / ("task_" + std::to_string(args) + "_args"), wire::encode_task(task));
  }

  Outcome success;
  success.success = true;
  success.has_execution = true;
  success.execution.hostname = "node-1";
  success.result = taps::Buffer(taps::encode_payload(std::string("result")));
  save(corpus / "wire_result" / "success", wire::encode_result("task-1", success));
  Outcome failure;
  failure.error_type = "std::invalid_argument";
  failure.error_message = "boom";
  failure.error_traceback = "at add";
  save(corpus / "wire_result" / "failure", wire::encode_result("task-2", failure));
  return 0;
}
