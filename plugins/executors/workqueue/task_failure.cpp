#include "task_failure.hpp"

#include <string.h>

namespace taps::workqueue {

namespace {

std::string output_tail(const work_queue_task& done) {
  if (done.output == nullptr || *done.output == '\0') return "";
  std::string text = done.output;
  constexpr std::size_t keep = 800;
  if (text.size() > keep) text = "..." + text.substr(text.size() - keep);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string on_host(const work_queue_task& done) {
  return done.hostname != nullptr && *done.hostname != '\0' ? std::string(" on ") + done.hostname : "";
}

// A work_queue_worker reports a process killed by signal N as exit status
// N (WTERMSIG where WEXITSTATUS would be): say both, so that a crash is
// recognisable by its signal.
std::string as_signal(int status) {
  if (status <= 0 || status >= 32) return "";
  return " (or was killed by signal " + std::to_string(status) + ", " + strsignal(status) +
         ": Work Queue reports both alike)";
}

}  // namespace

TaskFailure explain_failure(const work_queue_task& done, const FailureContext& context) {
  const std::string tail = output_tail(done);
  const std::string output = tail.empty() ? "" : "; its output: " + tail;
  switch (done.result) {
    case WORK_QUEUE_RESULT_MAX_RETRIES:
      return {"WorkerLost", context.task + " could not be completed in " + std::to_string(done.try_count) +
                                " tries on Work Queue workers (max_retries = " + std::to_string(context.max_retries) +
                                ")"};
    case WORK_QUEUE_RESULT_SUCCESS:
    case WORK_QUEUE_RESULT_OUTPUT_MISSING:
      // The command ran to its end: a nonzero status, or no result file.
      if (done.return_status != 0) {
        return {"WorkerCrashed", "the process running " + context.task + on_host(done) + " exited with status " +
                                     std::to_string(done.return_status) + as_signal(done.return_status) + output};
      }
      return {"WorkerCrashed", "the process running " + context.task + on_host(done) +
                                   " ended without writing its result" + output};
    default:
      return {"WorkQueueError", "Work Queue could not run " + context.task + on_host(done) + ": " +
                                    work_queue_result_str(static_cast<work_queue_result_t>(done.result)) + output};
  }
}

}  // namespace taps::workqueue
