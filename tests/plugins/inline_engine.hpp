// inline_engine.hpp — an engine for testing apps without taps-host: each
// task runs synchronously inside submit(), so every future is done when
// submit returns. It keeps a record per task (function, parents, outcome)
// and can tamper with results to check that an app notices bad data.
#pragma once

#include <taps/buffer.hpp>
#include <taps/taps.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <functional>
#include <string>
#include <vector>

struct taps_future {
  std::atomic<int> references{1};
  std::string id;
  taps_status status = TAPS_OK;
  taps::Buffer result;
  std::string error_type;
  std::string error_message;
};

struct taps_completion_set {
  std::deque<std::uint64_t> ready;
  std::vector<taps_future*> held;
  std::size_t returned = 0;
  std::size_t* max_outstanding = nullptr;  // the engine's statistic
};

namespace taps::testing {

class InlineEngine {
 public:
  struct Record {
    std::string id;
    std::string function;
    std::vector<std::string> parents;
    bool success;
  };

  InlineEngine(const taps_app_methods& app, const char* app_name, const taps_host* host)
      : app_(app), app_name_(app_name), host_(host) {}
  ~InlineEngine() {
    for (auto* f : owned_) release(f);
  }

  taps_engine* handle() { return reinterpret_cast<taps_engine*>(this); }
  static const taps_engine_api* api() { return &api_; }

  /// Applied to every successful result before anyone sees it.
  std::function<void(const std::string& function, taps_buffer& result)> tamper;

  const std::vector<Record>& records() const { return records_; }
  /// The most futures a completion set held that it had not yet returned.
  std::size_t max_outstanding() const { return max_outstanding_; }

 private:
  static InlineEngine& self(taps_engine* engine) { return *reinterpret_cast<InlineEngine*>(engine); }

  static void report(const taps_error_sink* err, const std::string& type, const std::string& message) {
    if (err != nullptr) err->set(err->context, type.c_str(), message.c_str(), nullptr);
  }

  static taps_status find_function(taps_engine* engine, const char* plugin, const char* function,
                                   const taps_function** out, const taps_error_sink* err) {
    auto& e = self(engine);
    if (std::strcmp(plugin, e.app_name_) == 0) {
      for (uint32_t i = 0; i < e.app_.function_count; ++i) {
        if (std::strcmp(e.app_.functions[i].name, function) == 0) {
          *out = reinterpret_cast<const taps_function*>(&e.app_.functions[i]);
          return TAPS_OK;
        }
      }
    }
    report(err, "NotFound", std::string("no task function ") + plugin + "." + function);
    return TAPS_NOT_FOUND;
  }

  static taps_status submit(taps_engine* engine, const taps_function* function, taps_arg* args, uint32_t count,
                            taps_future** out, const taps_error_sink*) {
    auto& e = self(engine);
    const auto* desc = reinterpret_cast<const taps_function_desc*>(function);
    auto* future = new taps_future;
    future->id = "task-" + std::to_string(e.records_.size());
    Record record{future->id, desc->name, {}, true};

    std::vector<taps::Buffer> values;
    std::vector<taps_payload_view> views;
    bool parent_failed = false;
    for (uint32_t i = 0; i < count; ++i) {
      if (args[i].kind == TAPS_ARG_VALUE) {
        values.emplace_back(args[i].value);
        views.push_back(values.back().view());
      } else {
        record.parents.push_back(args[i].future->id);
        parent_failed = parent_failed || args[i].future->status != TAPS_OK;
        views.push_back(args[i].future->result.view());
      }
    }
    if (parent_failed) {
      future->status = TAPS_TASK_FAILED;
      future->error_type = "DependencyError";
      future->error_message = "a parent task failed";
    } else {
      taps_buffer result{};
      CapturedSink sink;
      auto c_sink = sink.sink();
      future->status = desc->invoke(e.host_, views.data(), count, &result, &c_sink);
      if (future->status == TAPS_OK) {
        if (e.tamper) e.tamper(desc->name, result);
        future->result = taps::Buffer(result);
      } else {
        future->error_type = sink.type;
        future->error_message = sink.message;
      }
    }
    record.success = future->status == TAPS_OK;
    e.records_.push_back(std::move(record));
    future->references.fetch_add(1);  // the engine's own reference
    e.owned_.push_back(future);
    *out = future;
    return TAPS_OK;
  }

  struct CapturedSink {
    std::string type, message;
    taps_error_sink sink() {
      return {sizeof(taps_error_sink), this, [](void* c, const char* t, const char* m, const char*) {
                auto* s = static_cast<CapturedSink*>(c);
                s->type = t != nullptr ? t : "";
                s->message = m != nullptr ? m : "";
              }};
    }
  };

  static void retain(taps_future* f) { f->references.fetch_add(1); }
  static void release(taps_future* f) {
    if (f->references.fetch_sub(1) == 1) delete f;
  }
  static const char* task_id(const taps_future* f) { return f->id.c_str(); }
  static uint32_t done(const taps_future*) { return 1; }
  static taps_status result(taps_future* f, double, taps_payload_view* out, const taps_error_sink* err) {
    if (f->status != TAPS_OK) {
      report(err, f->error_type, f->error_message);
      return f->status;
    }
    *out = f->result.view();
    return TAPS_OK;
  }
  static taps_status cancel(taps_future*) { return TAPS_ERROR; }

  static taps_status set_create(taps_engine* engine, taps_completion_set** out, const taps_error_sink*) {
    *out = new taps_completion_set;
    (*out)->max_outstanding = &self(engine).max_outstanding_;
    return TAPS_OK;
  }
  static taps_status set_add(taps_completion_set* set, taps_future* f, uint64_t tag) {
    retain(f);
    set->held.push_back(f);
    set->ready.push_back(tag);  // every future is already done
    *set->max_outstanding = std::max(*set->max_outstanding, set->held.size() - set->returned);
    return TAPS_OK;
  }
  static taps_status set_next(taps_completion_set* set, double, uint64_t* out) {
    if (set->ready.empty()) return TAPS_EMPTY;
    *out = set->ready.front();
    set->ready.pop_front();
    ++set->returned;
    return TAPS_OK;
  }
  static void set_destroy(taps_completion_set* set) {
    for (auto* f : set->held) release(f);
    delete set;
  }

  static inline const taps_engine_api api_{sizeof(taps_engine_api), &find_function, &submit, &retain, &release,
                                           &task_id, &done, &result, &cancel, &set_create, &set_add,
                                           &set_next, &set_destroy, nullptr};

  const taps_app_methods& app_;
  const char* app_name_;
  const taps_host* host_;
  std::vector<Record> records_;
  std::vector<taps_future*> owned_;
  std::size_t max_outstanding_ = 0;
};

}  // namespace taps::testing
