#include "spool/remoting/frame_codec.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "codec/json_header_codec.h"
#include "codec/rocketmq_header_codec.h"
#include "util/big_endian.h"
#include "spool/status_macros.h"

namespace spool::remoting {

namespace {

// length + headerInfo.
constexpr size_t kFramePreambleSize = 8;

absl::Status FrameTooLarge(uint64_t frame_size, size_t max_frame_size) {
  return absl::ResourceExhaustedError(
      absl::StrCat("frame of ", frame_size, " bytes exceeds the maximum frame size ", max_frame_size));
}

// `payload` is a frame without its length field: headerInfo, header, body.
absl::StatusOr<RemotingCommand> DecodePayload(std::string_view payload) {
  const uint32_t header_info = internal::GetBE32(payload.data());
  const uint32_t type = header_info >> 24;
  const size_t header_length = header_info & 0xFFFFFF;
  if (header_length > payload.size() - 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("header length ", header_length, " exceeds the ", payload.size() - 4, " bytes of the frame"));
  }
  const std::string_view header = payload.substr(4, header_length);
  RemotingCommand cmd;
  if (type == static_cast<uint32_t>(SerializeType::kJson)) {
    SPOOL_RETURN_IF_ERROR(internal::DecodeJsonHeader(header, &cmd));
    cmd.set_serialize_type(SerializeType::kJson);
  } else if (type == static_cast<uint32_t>(SerializeType::kRocketMq)) {
    SPOOL_RETURN_IF_ERROR(internal::DecodeRocketMqHeader(header, &cmd));
    cmd.set_serialize_type(SerializeType::kRocketMq);
  } else {
    return absl::InvalidArgumentError(absl::StrCat("unknown serialize type ", type));
  }
  cmd.set_body(std::string(payload.substr(4 + header_length)));
  return cmd;
}

// The frame's length field, validated: at least headerInfo, at most the cap.
absl::StatusOr<size_t> CheckLength(int32_t length, size_t max_frame_size) {
  if (length < 4) {
    return absl::InvalidArgumentError(absl::StrCat("frame length ", length, " is smaller than 4"));
  }
  const uint64_t frame_size = uint64_t{4} + static_cast<uint32_t>(length);
  if (frame_size > max_frame_size) return FrameTooLarge(frame_size, max_frame_size);
  return static_cast<size_t>(length);
}

}  // namespace

absl::StatusOr<std::string> EncodeFramePrefix(const RemotingCommand& cmd, size_t max_frame_size) {
  std::string prefix(kFramePreambleSize, '\0');
  if (cmd.serialize_type() == SerializeType::kRocketMq) {
    SPOOL_RETURN_IF_ERROR(internal::AppendRocketMqHeader(cmd, &prefix));
  } else {
    internal::AppendJsonHeader(cmd, &prefix);
  }
  const size_t header_length = prefix.size() - kFramePreambleSize;
  if (header_length > kMaxHeaderSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("header of ", header_length, " bytes exceeds the 24-bit header length field"));
  }
  const uint64_t frame_size = uint64_t{prefix.size()} + cmd.body().size();
  if (frame_size > max_frame_size) return FrameTooLarge(frame_size, max_frame_size);
  const uint32_t type = static_cast<uint32_t>(cmd.serialize_type());
  internal::PutBE32(prefix.data(), static_cast<uint32_t>(frame_size - 4));
  internal::PutBE32(prefix.data() + 4, (type << 24) | static_cast<uint32_t>(header_length));
  return prefix;
}

absl::StatusOr<std::string> EncodeFrame(const RemotingCommand& cmd, size_t max_frame_size) {
  SPOOL_ASSIGN_OR_RETURN(std::string frame, EncodeFramePrefix(cmd, max_frame_size));
  frame.append(cmd.body());
  return frame;
}

absl::StatusOr<RemotingCommand> DecodeFrame(std::string_view frame, size_t max_frame_size) {
  if (frame.size() < 4) return absl::InvalidArgumentError(absl::StrCat("frame of ", frame.size(), " bytes"));
  SPOOL_ASSIGN_OR_RETURN(const size_t length,
                         CheckLength(static_cast<int32_t>(internal::GetBE32(frame.data())), max_frame_size));
  if (length != frame.size() - 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("frame length field says ", length, " bytes, ", frame.size() - 4, " follow"));
  }
  return DecodePayload(frame.substr(4));
}

FrameDecoder::FrameDecoder(size_t max_frame_size) : max_frame_size_(max_frame_size) {}

void FrameDecoder::Append(std::string_view bytes) {
  if (!error_.ok()) return;
  Compact();
  buffer_.append(bytes);
}

// Drops consumed bytes once they are the larger part of the buffer, so copying stays linear in the stream size.
void FrameDecoder::Compact() {
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  } else if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
}

absl::StatusOr<std::optional<RemotingCommand>> FrameDecoder::Next() {
  if (!error_.ok()) return error_;
  if (buffered() < 4) return std::nullopt;
  const char* frame = buffer_.data() + start_;
  absl::StatusOr<size_t> length = CheckLength(static_cast<int32_t>(internal::GetBE32(frame)), max_frame_size_);
  if (!length.ok()) {
    error_ = length.status();
    return error_;
  }
  if (buffered() - 4 < *length) return std::nullopt;
  absl::StatusOr<RemotingCommand> cmd = DecodePayload(std::string_view(frame + 4, *length));
  if (!cmd.ok()) {
    error_ = cmd.status();
    return error_;
  }
  start_ += 4 + *length;
  return std::optional<RemotingCommand>(std::move(*cmd));
}

}  // namespace spool::remoting
