// `taps-host worker`, the generic worker, run by hand: one encoded task from
// a file (a valid one, garbage, and one of another wire version), and the
// worker side of executors that have one and of one that has none.
#include "out_of_process.hpp"

#include "engine/wire_format.hpp"
#include "executors/process-pool/frame.hpp"

#include <taps/buffer.hpp>
#include <taps/codec.hpp>

#include <poll.h>
#include <sys/socket.h>

namespace taps::oop_testing {
namespace {

/// The config.toml of a finished run of the crashy app on `executor`.
fs::path make_run_config(const Scratch& scratch, const std::string& executor) {
  HostProcess host(run_args(scratch, words("--app crashy --app.mode ok --app.delay 0 --app.tasks 1"
                                           " --engine.executor " + executor)),
                   scratch.path() / "out.txt");
  const Ending& ending = host.wait(60);
  EXPECT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << host.output();
  return scratch.run_dir() / "config.toml";
}

class Worker : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    thread_pool_scratch_ = new Scratch;
    process_pool_scratch_ = new Scratch;
    thread_pool_config_ = new fs::path(make_run_config(*thread_pool_scratch_, "thread-pool"));
    process_pool_config_ = new fs::path(make_run_config(*process_pool_scratch_, "process-pool"));
  }
  static void TearDownTestSuite() {
    delete thread_pool_config_;
    delete process_pool_config_;
    delete thread_pool_scratch_;
    delete process_pool_scratch_;
  }

  /// Runs `taps-host --plugin-path ... worker ARGS`; fills `output`.
  Ending worker(const std::vector<std::string>& args, std::string* output) {
    std::vector<std::string> all{"--plugin-path", TAPS_PLUGIN_DIR, "--plugin-path", TAPS_CRASHY_PLUGIN_DIR, "worker"};
    all.insert(all.end(), args.begin(), args.end());
    HostProcess host(all, scratch_.path() / ("worker-" + std::to_string(++runs_) + ".txt"));
    Ending ending = host.wait(30);
    *output = host.output();
    EXPECT_FALSE(ending.hung) << *output;
    EXPECT_TRUE(host.workers().empty()) << "the worker started processes of its own";
    return ending;
  }

  /// Runs one encoded task from a file; returns how the worker ended.
  Ending run_task(const Bytes& message, std::string* output, Bytes* result = nullptr) {
    const fs::path in = scratch_.path() / "task.bin";
    const fs::path out = scratch_.path() / "result.bin";
    {
      std::ofstream file(in, std::ios::binary);
      file.write(reinterpret_cast<const char*>(message.data()), static_cast<std::streamsize>(message.size()));
    }
    fs::remove(out);
    Ending ending = worker({"--config", thread_pool_config_->string(), "--task", in.string(), "--result", out.string()},
                           output);
    if (result != nullptr) {
      const std::string text = read_text(out);
      result->assign(text.begin(), text.end());
    }
    return ending;
  }

  /// An encoded task, written byte by byte as the wire format specifies:
  /// "TAPT", u16 version, task id, plugin, function, u32 argument count,
  /// then per argument u8 is-identifier, type tag, u64 size, zeros up to a
  /// multiple of 8 from the start, and the bytes; zeros up to a multiple of
  /// 8 at the end.
  static Bytes encode_task(const std::string& id, const std::string& plugin, const std::string& function,
                           const std::vector<const Buffer*>& args, std::uint16_t version = host::wire::version) {
    Bytes bytes;
    Writer w(bytes);
    w.put_raw("TAPT", 4);
    w.put<std::uint16_t>(version);
    w.put(id);
    w.put(plugin);
    w.put(function);
    w.put<std::uint32_t>(static_cast<std::uint32_t>(args.size()));
    for (const Buffer* arg : args) {
      w.put<std::uint8_t>(0);
      w.put(std::string(arg->type()));
      w.put<std::uint64_t>(arg->size());
      if (arg->size() != 0) bytes.resize((bytes.size() + 7) / 8 * 8, 0);
      w.put_raw(arg->data(), arg->size());
    }
    bytes.resize((bytes.size() + 7) / 8 * 8, 0);
    return bytes;
  }

  static Bytes echo_task() {
    static const Buffer input(encode_payload(Bytes{1, 2, 3, 4, 5}));
    return encode_task("task-echo-1", "crashy", "echo", {&input});
  }

  inline static Scratch* thread_pool_scratch_ = nullptr;
  inline static Scratch* process_pool_scratch_ = nullptr;
  inline static fs::path* thread_pool_config_ = nullptr;
  inline static fs::path* process_pool_config_ = nullptr;
  Scratch scratch_;
  int runs_ = 0;
};

TEST_F(Worker, HandBuiltTasksAreWhatThisBuildDecodes) {
  // Guards the tests below: the hand-built message is a valid encoded task.
  const Bytes message = echo_task();
  const host::wire::DecodedTask task = host::wire::decode_task(message.data(), message.size());
  EXPECT_EQ(task.task_id, "task-echo-1");
  EXPECT_EQ(task.plugin, "crashy");
  EXPECT_EQ(task.function, "echo");
  ASSERT_EQ(task.args.size(), 1u);
}

TEST_F(Worker, RunsAnEncodedTaskFromAFileAndWritesItsEncodedResult) {
  std::string output;
  Bytes result;
  const Ending ending = run_task(echo_task(), &output, &result);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << output;
  std::string id;
  const host::Outcome outcome = host::wire::decode_result(result.data(), result.size(), &id);
  EXPECT_EQ(id, "task-echo-1");
  ASSERT_TRUE(outcome.success) << outcome.error_type << ": " << outcome.error_message;
  EXPECT_TRUE(outcome.has_execution);
  EXPECT_FALSE(outcome.execution.hostname.empty());
  EXPECT_LE(outcome.execution.task_start_time, outcome.execution.task_end_time);
  EXPECT_EQ(decode_payload<Bytes>(outcome.result.view()), (Bytes{5, 4, 3, 2, 1}));
}

TEST_F(Worker, ATaskOfAnUnknownFunctionComesBackAsAFailedResult) {
  std::string output;
  Bytes result;
  const Ending ending = run_task(encode_task("task-2", "crashy", "no_such_function", {}), &output, &result);
  ASSERT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << output;
  const host::Outcome outcome = host::wire::decode_result(result.data(), result.size(), nullptr);
  EXPECT_FALSE(outcome.success);
  EXPECT_NE(outcome.error_message.find("no_such_function"), std::string::npos) << outcome.error_message;
}

TEST_F(Worker, RefusesATaskOfAnotherWireVersionNamingBothVersions) {
  Bytes message = echo_task();
  // Bytes 4-5: the version, a little-endian u16 after the magic "TAPT".
  ASSERT_EQ(message[4] | (message[5] << 8), host::wire::version);
  message[4] = 0x07;
  message[5] = 0x01;  // version 263
  std::string output;
  const Ending ending = run_task(message, &output);
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0) << output;
  EXPECT_NE(output.find("wire version 263"), std::string::npos) << output;
  EXPECT_NE(output.find("reads version " + std::to_string(host::wire::version)), std::string::npos) << output;
}

TEST_F(Worker, RefusesGarbageWithAClearError) {
  const std::string text = "this is not an encoded task at all";
  std::string output;
  const Ending ending = run_task(Bytes(text.begin(), text.end()), &output);
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0) << output;
  EXPECT_NE(output.find("malformed encoded task"), std::string::npos) << output;
}

TEST_F(Worker, RefusesATruncatedTask) {
  const Bytes whole = echo_task();
  const Bytes message(whole.begin(), whole.end() - 3);
  std::string output;
  const Ending ending = run_task(message, &output);
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0) << output;
  EXPECT_NE(output.find("malformed encoded task"), std::string::npos) << output;
}

TEST_F(Worker, RefusesAnEmptyTaskFile) {
  std::string output;
  const Ending ending = run_task(Bytes{}, &output);
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0) << output;
  EXPECT_NE(output.find("malformed encoded task"), std::string::npos) << output;
}

TEST_F(Worker, SaysThatAnExecutorWithoutAWorkerSideHasNone) {
  std::string output;
  const Ending ending = worker({"--config", thread_pool_config_->string()}, &output);
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0) << output;
  EXPECT_NE(output.find("thread-pool"), std::string::npos) << output;
  EXPECT_NE(output.find("has no worker side"), std::string::npos) << output;
}

TEST_F(Worker, TheProcessPoolWorkerSideNeedsTheSocketItIsStartedWith) {
  std::string output;
  const Ending ending = worker({"--config", process_pool_config_->string()}, &output);
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0) << output;
  EXPECT_NE(output.find("--fd"), std::string::npos) << output;
}

TEST_F(Worker, RefusesAMissingConfigFile) {
  std::string output;
  const Ending ending = worker({"--config", (scratch_.path() / "nope.toml").string()}, &output);
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0) << output;
  EXPECT_NE(output.find("does not exist"), std::string::npos) << output;
}

// ---- the process-pool worker on its socket ----------------------------------------

/// `taps-host worker --config CONFIG -- --fd 3` with our end of a socketpair,
/// as the process-pool executor starts it.
class PoolWorker {
 public:
  PoolWorker(const fs::path& config, const fs::path& output) {
    int fds[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    fd_ = fds[0];
    std::vector<std::string> argv{TAPS_HOST_BINARY, "--plugin-path", TAPS_PLUGIN_DIR, "--plugin-path",
                                  TAPS_CRASHY_PLUGIN_DIR, "worker", "--config", config.string(), "--", "--fd", "3"};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 3);
    std::vector<char*> c_argv;
    for (auto& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, c_argv[0], &actions, nullptr, c_argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
  }
  PoolWorker(const PoolWorker&) = delete;
  PoolWorker& operator=(const PoolWorker&) = delete;
  ~PoolWorker() {
    if (fd_ >= 0) close(fd_);
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }

  void send_task(std::uint64_t seq, const Bytes& message) {
    process_pool::FrameHeader header{process_pool::frame_magic, process_pool::FrameKind::task, seq, message.size()};
    ASSERT_EQ(send(fd_, &header, sizeof header, MSG_NOSIGNAL), static_cast<ssize_t>(sizeof header));
    ASSERT_EQ(send(fd_, message.data(), message.size(), MSG_NOSIGNAL), static_cast<ssize_t>(message.size()));
  }

  /// The next frame, or nothing at end-of-file or after `seconds`.
  std::optional<std::pair<process_pool::FrameHeader, Bytes>> receive(double seconds = 20) {
    process_pool::FrameHeader header{};
    if (!receive_exactly(&header, sizeof header, seconds)) return std::nullopt;
    Bytes body(header.size);
    if (!receive_exactly(body.data(), body.size(), seconds)) return std::nullopt;
    return std::make_pair(header, std::move(body));
  }

  /// Closes our end: the worker sees end-of-file.
  void close_socket() {
    close(fd_);
    fd_ = -1;
  }

  /// Waits up to `seconds` for the worker to end.
  Ending wait(double seconds) {
    const auto start = Clock::now();
    Ending e;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (seconds_since(start) > seconds) {
        e.hung = true;
        return e;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    pid_ = -1;
    e.exited = WIFEXITED(status);
    e.exit_status = e.exited ? WEXITSTATUS(status) : -1;
    e.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return e;
  }

 private:
  bool receive_exactly(void* data, std::size_t size, double seconds) {
    auto* p = static_cast<std::uint8_t*>(data);
    const auto start = Clock::now();
    while (size > 0) {
      pollfd ready{fd_, POLLIN, 0};
      const int left_ms = static_cast<int>((seconds - seconds_since(start)) * 1000);
      if (left_ms <= 0 || poll(&ready, 1, left_ms) <= 0) return false;
      const ssize_t n = recv(fd_, p, size, 0);
      if (n <= 0) return false;
      p += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
};

TEST_F(Worker, TheProcessPoolWorkerAnswersTasksOnItsSocketAndEndsAtEndOfFile) {
  const fs::path output = scratch_.path() / "pool-worker.txt";
  PoolWorker worker(*process_pool_config_, output);
  auto ready = worker.receive();
  ASSERT_TRUE(ready.has_value()) << read_text(output);
  EXPECT_EQ(ready->first.kind, process_pool::FrameKind::ready);

  worker.send_task(41, echo_task());
  worker.send_task(42, echo_task());
  for (std::uint64_t seq : {41u, 42u}) {
    auto result = worker.receive();
    ASSERT_TRUE(result.has_value()) << read_text(output);
    EXPECT_EQ(result->first.kind, process_pool::FrameKind::result);
    EXPECT_EQ(result->first.seq, seq) << "results come back in order";
    const host::Outcome outcome = host::wire::decode_result(result->second.data(), result->second.size(), nullptr);
    ASSERT_TRUE(outcome.success) << outcome.error_message;
    EXPECT_EQ(decode_payload<Bytes>(outcome.result.view()), (Bytes{5, 4, 3, 2, 1}));
  }
  worker.close_socket();
  const Ending ending = worker.wait(10);
  EXPECT_TRUE(ending.exited && ending.exit_status == 0) << to_string(ending) << "\n" << read_text(output);
}

TEST_F(Worker, TheProcessPoolWorkerRefusesATaskOfAnotherVersionOnItsSocket) {
  const fs::path output = scratch_.path() / "pool-worker.txt";
  PoolWorker worker(*process_pool_config_, output);
  ASSERT_TRUE(worker.receive().has_value()) << read_text(output);
  Bytes message = echo_task();
  message[4] = 0x09;
  message[5] = 0x00;  // version 9
  worker.send_task(1, message);
  EXPECT_FALSE(worker.receive().has_value()) << "no result for a message it cannot read";
  const Ending ending = worker.wait(10);
  const std::string text = read_text(output);
  ASSERT_TRUE(ending.exited) << to_string(ending);
  EXPECT_NE(ending.exit_status, 0);
  EXPECT_NE(text.find("wire version 9"), std::string::npos) << text;
  EXPECT_NE(text.find("reads version " + std::to_string(host::wire::version)), std::string::npos) << text;
}

}  // namespace
}  // namespace taps::oop_testing
