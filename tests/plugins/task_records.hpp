// task_records.hpp — reading tasks.jsonl in tests, and the dependency shape
// the synthetic app's structures must leave in it.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace taps::testing {

struct Record {
  std::string id;
  std::string function;
  std::vector<std::string> parents;
  bool success = false;
  std::string exception_type;
  std::string exception_message;
  bool has_execution = false;
  double submit_time = 0;
  double received_time = 0;
  double execution_end_time = 0;
  double task_start_time = 0;
  double task_end_time = 0;
};

/// Called with each parsed line, for tests that check more of a record.
using RecordCheck = std::function<void(const rapidjson::Document& record, const std::string& line)>;

/// Reads tasks.jsonl; every line must be a JSON record.
inline std::vector<Record> read_records(const std::filesystem::path& path, const RecordCheck& check = {}) {
  std::vector<Record> records;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    if (d.HasParseError() || !d.IsObject()) {
      ADD_FAILURE() << "not a JSON record: " << line;
      continue;
    }
    if (check) check(d, line);
    Record r;
    r.id = d["task_id"].GetString();
    r.function = d["function_name"].GetString();
    for (const auto& p : d["parent_task_ids"].GetArray()) r.parents.emplace_back(p.GetString());
    r.success = d["success"].IsTrue();
    r.submit_time = d["submit_time"].GetDouble();
    r.received_time = d["received_time"].GetDouble();
    if (d.HasMember("exception") && d["exception"].IsObject()) {
      const auto& e = d["exception"];
      if (e.HasMember("type") && e["type"].IsString()) r.exception_type = e["type"].GetString();
      if (e.HasMember("message") && e["message"].IsString()) r.exception_message = e["message"].GetString();
    }
    if (d.HasMember("execution") && d["execution"].IsObject()) {
      const auto& e = d["execution"];
      r.has_execution = true;
      r.execution_end_time = e["execution_end_time"].GetDouble();
      r.task_start_time = e["task_start_time"].GetDouble();
      r.task_end_time = e["task_end_time"].GetDouble();
    }
    records.push_back(std::move(r));
  }
  return records;
}

inline std::vector<Record> only(const std::vector<Record>& records, const std::string& function) {
  std::vector<Record> out;
  std::copy_if(records.begin(), records.end(), std::back_inserter(out),
               [&](const Record& r) { return r.function == function; });
  return out;
}

// ---- the synthetic app's shapes ------------------------------------------------

/// Checks the dependency shape of the synthetic app's noop tasks.
inline void check_synthetic_shape(const std::string& structure, const std::vector<Record>& noops,
                                  std::size_t task_count) {
  std::vector<const Record*> roots;
  for (const auto& r : noops) {
    if (r.parents.empty()) roots.push_back(&r);
  }
  if (structure == "bag") {
    EXPECT_EQ(roots.size(), noops.size());
  } else if (structure == "diamond") {
    ASSERT_EQ(roots.size(), 1u);
    std::set<std::string> middle;
    const Record* last = nullptr;
    for (const auto& r : noops) {
      if (r.parents == std::vector<std::string>{roots[0]->id}) {
        middle.insert(r.id);
      } else if (!r.parents.empty()) {
        last = &r;
      }
    }
    EXPECT_EQ(middle.size(), task_count);
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(std::set<std::string>(last->parents.begin(), last->parents.end()), middle);
  } else if (structure == "reduce") {
    ASSERT_EQ(roots.size(), task_count);
    std::set<std::string> mapped;
    for (const auto* r : roots) mapped.insert(r->id);
    const auto last = std::find_if(noops.begin(), noops.end(), [](const Record& r) { return !r.parents.empty(); });
    ASSERT_NE(last, noops.end());
    EXPECT_EQ(std::set<std::string>(last->parents.begin(), last->parents.end()), mapped);
  } else {  // sequential: one chain through every task
    ASSERT_EQ(roots.size(), 1u);
    std::map<std::string, std::string> child_of;
    for (const auto& r : noops) {
      if (r.parents.empty()) continue;
      ASSERT_EQ(r.parents.size(), 1u);
      EXPECT_TRUE(child_of.emplace(r.parents[0], r.id).second) << "two children of " << r.parents[0];
    }
    std::size_t length = 1;
    for (auto it = child_of.find(roots[0]->id); it != child_of.end(); it = child_of.find(it->second)) ++length;
    EXPECT_EQ(length, noops.size());
  }
}

}  // namespace taps::testing
