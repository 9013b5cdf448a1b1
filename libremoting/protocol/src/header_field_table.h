// File: header_field_table.h
// A custom header described once, as a table of (key, member) pairs: encoding and decoding walk the same table,
// so a field cannot be written under one key and read under another, and a header's codec is just its table.
//
//   constexpr auto kTopicQueueFields = FieldTable(HeaderField{"topic", &TopicQueueRequestHeader::topic},
//                                                 HeaderField{"queueId", &TopicQueueRequestHeader::queue_id});
//   HeaderFields TopicQueueRequestHeader::ToExtFields() const { return EncodeFields(*this, kTopicQueueFields); }
//   ... FromExtFields(cmd) { TopicQueueRequestHeader h; SPOOL_RETURN_IF_ERROR(DecodeFields(cmd, kTopicQueueFields,
//   &h)); return h; }
//
// What a member's type means, as Java's header classes behave: std::string, int32_t and int64_t are required
// (missing: "missing header field <key>"; malformed: "bad value for <key>: ..."); bool is written "true"/"false"
// and reads false when absent ("1"/"0" accepted, as rocketmq-client-cpp 2.x sends); std::optional members are
// left out when empty and read as empty when absent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "spool/protocol/broker_headers.h"
#include "spool/remoting/remoting_command.h"

namespace spool::protocol::internal {

// One field: its key and the member it lives in. Tables are tuples of these, so every field is encoded and decoded
// by code for its own type (no run-time dispatch over member kinds).
template <typename H, typename T>
struct HeaderField {
  const char* key;
  T H::*member;
};

template <typename... Fields>
constexpr std::tuple<Fields...> FieldTable(Fields... fields) {
  return std::tuple<Fields...>(fields...);
}

namespace field_detail {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T>
std::string ToJavaString(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    return value;
  } else if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else {
    return absl::StrCat(value);
  }
}

// Reads a present field as T.
template <typename T>
absl::StatusOr<T> Read(const remoting::RemotingCommand& cmd, const char* key) {
  if constexpr (std::is_same_v<T, std::string>) {
    return cmd.GetString(key);
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return cmd.GetInt32(key);
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return cmd.GetInt64(key);
  } else {
    static_assert(std::is_same_v<T, bool>);
    return cmd.GetBool(key);
  }
}

}  // namespace field_detail

template <typename H, typename T>
void EncodeField(const H& header, const HeaderField<H, T>& field, HeaderFields* out) {
  const T& value = header.*field.member;
  if constexpr (field_detail::IsOptional<T>::value) {
    if (value.has_value()) (*out)[field.key] = field_detail::ToJavaString(*value);
  } else {
    (*out)[field.key] = field_detail::ToJavaString(value);
  }
}

template <typename H, typename T>
absl::Status DecodeField(const remoting::RemotingCommand& cmd, const HeaderField<H, T>& field, H* header) {
  T& value = header->*field.member;
  if constexpr (field_detail::IsOptional<T>::value) {
    if (!cmd.HasExtField(field.key)) {
      value.reset();
      return absl::OkStatus();
    }
    auto read = field_detail::Read<typename T::value_type>(cmd, field.key);
    if (!read.ok()) return read.status();
    value = *std::move(read);
  } else if constexpr (std::is_same_v<T, bool>) {
    auto read = cmd.GetBoolOr(field.key, false);
    if (!read.ok()) return read.status();
    value = *read;
  } else {
    auto read = field_detail::Read<T>(cmd, field.key);
    if (!read.ok()) return read.status();
    value = *std::move(read);
  }
  return absl::OkStatus();
}

template <typename H, typename... Fields>
HeaderFields EncodeFields(const H& header, const std::tuple<Fields...>& table) {
  HeaderFields out;
  std::apply([&](const auto&... field) { (EncodeField(header, field, &out), ...); }, table);
  return out;
}

// Stops at the first bad field.
template <typename H, typename... Fields>
absl::Status DecodeFields(const remoting::RemotingCommand& cmd, const std::tuple<Fields...>& table, H* header) {
  absl::Status status;
  std::apply([&](const auto&... field) { ((status.ok() ? (status = DecodeField(cmd, field, header), 0) : 0), ...); },
             table);
  return status;
}

}  // namespace spool::protocol::internal
