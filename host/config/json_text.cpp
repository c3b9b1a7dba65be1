#include "config/json_text.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <string>
#include <vector>

namespace taps::host {

namespace {

void write_sorted(const rapidjson::Value& value, rapidjson::Writer<rapidjson::StringBuffer>& writer) {
  if (value.IsObject()) {
    std::vector<const rapidjson::Value::Member*> members;
    for (const auto& member : value.GetObject()) members.push_back(&member);
    std::sort(members.begin(), members.end(), [](auto* a, auto* b) {
      return std::string_view(a->name.GetString(), a->name.GetStringLength()) <
             std::string_view(b->name.GetString(), b->name.GetStringLength());
    });
    writer.StartObject();
    for (const auto* member : members) {
      writer.Key(member->name.GetString(), member->name.GetStringLength());
      write_sorted(member->value, writer);
    }
    writer.EndObject();
  } else if (value.IsArray()) {
    writer.StartArray();
    for (const auto& item : value.GetArray()) write_sorted(item, writer);
    writer.EndArray();
  } else {
    value.Accept(writer);
  }
}

}  // namespace

std::optional<std::string> canonical_json_object(std::string_view text, std::string& error) {
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError()) {
    error = std::string("not valid JSON (") + rapidjson::GetParseError_En(document.GetParseError()) + " at offset " +
            std::to_string(document.GetErrorOffset()) + ")";
    return std::nullopt;
  }
  if (!document.IsObject()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  write_sorted(document, writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace taps::host
