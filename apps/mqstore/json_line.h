// File: json_line.h
// One JSON object per output line (dump records, bench --json rows), written with RapidJSON's Writer so strings
// are escaped (control characters as \u00XX). Record strings come from disk and may hold any bytes: invalid UTF-8
// is replaced by U+FFFD so that every line stays valid JSON.
//
//   JsonLine line;
//   line.AddInt("offset", 235).AddString("topic", "GenTopicA");
//   line.BeginObject("properties").AddString("TAGS", "TagA").EndObject();
//   std::string text = line.Finish();   // {"offset":235,"topic":"GenTopicA","properties":{"TAGS":"TagA"}}\n
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace spool::mqstore {

class JsonLine {
 public:
  JsonLine();

  JsonLine& AddString(std::string_view key, std::string_view value);
  JsonLine& AddInt(std::string_view key, int64_t value);
  // Non-finite values are written as null (JSON has no NaN). `decimals` caps the fraction digits.
  JsonLine& AddDouble(std::string_view key, double value, int decimals = 3);
  JsonLine& AddBool(std::string_view key, bool value);
  JsonLine& AddNull(std::string_view key);
  JsonLine& BeginObject(std::string_view key);
  JsonLine& EndObject();

  // Closes the outer object; returns it with a trailing newline. The JsonLine is spent afterwards.
  std::string Finish();

 private:
  void Key(std::string_view key);
  void String(std::string_view value);

  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
  std::string scratch_;
};

// `s` if it is valid UTF-8, else a copy in `scratch` with each invalid byte replaced by U+FFFD.
std::string_view ValidUtf8(std::string_view s, std::string* scratch);

}  // namespace spool::mqstore
