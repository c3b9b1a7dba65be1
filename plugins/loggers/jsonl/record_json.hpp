// record_json.hpp — one task record as one line of JSON, with the reference
// taps' field names so its analysis tools read our records.
#pragma once

#include <taps/taps.h>

#include <string_view>

namespace taps::jsonl {

/// Formats `record` as a JSON object followed by '\n'. The returned view
/// points into a buffer owned by the calling thread and is valid until the
/// thread formats the next record.
std::string_view format_record(const taps_task_record& record);

}  // namespace taps::jsonl
