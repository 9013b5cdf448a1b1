// File: spool/remoting/frame_codec.h
// RocketMQ's framing (spec remoting.md §1): one TCP stream carries frames
//
//   length int32 (= 4 + headerLength + bodyLength, not counting itself)
//   headerInfo int32 (high byte: serialize type, low 24 bits: headerLength)
//   header (JSON or ROCKETMQ binary, per serialize type) | body (the rest)
//
// all integers big-endian. Encoding uses the command's serialize_type(); decoding sets it from the frame.
//
//   absl::StatusOr<std::string> frame = EncodeFrame(cmd);
//
//   FrameDecoder decoder;                       // one per connection
//   decoder.Append(bytes_from_socket);
//   while (true) {
//     absl::StatusOr<std::optional<RemotingCommand>> next = decoder.Next();
//     if (!next.ok()) { /* close the connection: the stream is out of sync */ }
//     if (!next->has_value()) break;           // need more bytes
//     Handle(std::move(**next));
//   }
//
// Any byte sequence yields commands or a clean error, never a crash or an allocation beyond the frame size cap.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "spool/remoting/remoting_command.h"

namespace spool::remoting {

// RocketMQ's default maximum frame, counting the 4-byte length field (system property
// com.rocketmq.remoting.frameMaxLength, 16 MiB; Netty compares length + 4 against it).
inline constexpr size_t kDefaultMaxFrameSize = 16 * 1024 * 1024;

// The largest header the 24-bit headerLength field can describe.
inline constexpr size_t kMaxHeaderSize = (1u << 24) - 1;

// The whole frame for `cmd`. Errors: kInvalidArgument when the header cannot be encoded (ROCKETMQ: code or
// version outside int16, a key longer than 32767 bytes) or exceeds kMaxHeaderSize; kResourceExhausted when the
// frame would be larger than `max_frame_size` (the peer would drop the connection on it).
absl::StatusOr<std::string> EncodeFrame(const RemotingCommand& cmd, size_t max_frame_size = kDefaultMaxFrameSize);

// Everything before the body (length, headerInfo, header), checked as EncodeFrame does for the whole frame. A
// transport writes this and then cmd.body() as a second buffer, sparing a copy of large bodies.
absl::StatusOr<std::string> EncodeFramePrefix(const RemotingCommand& cmd, size_t max_frame_size = kDefaultMaxFrameSize);

// Exactly one whole frame (all of `frame`, length field included). For tests and tools; a stream uses
// FrameDecoder.
absl::StatusOr<RemotingCommand> DecodeFrame(std::string_view frame, size_t max_frame_size = kDefaultMaxFrameSize);

// An incremental decoder for one byte stream: a pure parser, no I/O. Not thread-safe (one per connection).
class FrameDecoder {
 public:
  explicit FrameDecoder(size_t max_frame_size = kDefaultMaxFrameSize);

  // Buffers `bytes`. Call Next() until it returns std::nullopt (or an error) after every Append: the buffer then
  // never holds more than one incomplete frame (< max_frame_size) plus the bytes of one Append. Bytes appended
  // after an error are discarded.
  void Append(std::string_view bytes);

  // The next whole command; std::nullopt when more bytes are needed; an error when the stream is corrupt:
  // kResourceExhausted for a length above the cap, kInvalidArgument for a negative or too small length, a header
  // length beyond the frame, an unknown serialize type or an undecodable header. A length is checked as soon as
  // its 4 bytes arrive, so an oversized frame fails without waiting for (or buffering) its bytes. Errors are
  // sticky: the stream cannot be resynchronised, every later call returns the same error.
  absl::StatusOr<std::optional<RemotingCommand>> Next();

  // Bytes received but not yet returned as commands.
  size_t buffered() const { return buffer_.size() - start_; }

 private:
  void Compact();

  size_t max_frame_size_;
  std::string buffer_;
  size_t start_ = 0;  // first unconsumed byte of buffer_
  absl::Status error_;
};

}  // namespace spool::remoting
