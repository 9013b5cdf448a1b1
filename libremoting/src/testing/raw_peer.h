// File: testing/raw_peer.h
// RawPeer: a plain blocking TCP connection for tests that must write bytes no well-behaved client would (garbage,
// oversized lengths, hand-made frames) or watch exactly what a server writes back.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/remoting/frame_codec.h"
#include "spool/remoting/remoting_command.h"
#include "testing/test_sync.h"

namespace spool::remoting::testing {

class RawPeer {
 public:
  RawPeer() = default;
  ~RawPeer();
  RawPeer(const RawPeer&) = delete;
  RawPeer& operator=(const RawPeer&) = delete;

  absl::Status Connect(uint16_t port);  // 127.0.0.1
  absl::Status Write(std::string_view bytes);
  absl::Status Send(const RemotingCommand& command);  // EncodeFrame + Write

  // The next command the peer sent; kDeadlineExceeded after `timeout`, kUnavailable on EOF.
  absl::StatusOr<RemotingCommand> Read(absl::Duration timeout = kTestWait);
  // True once the server closed the connection (EOF or reset); bytes arriving meanwhile are discarded. False
  // after `timeout`.
  bool WaitForClose(absl::Duration timeout = kTestWait);

 private:
  // Reads what is available within `timeout` into the decoder: OK, kDeadlineExceeded or kUnavailable (closed).
  absl::Status Fill(absl::Duration timeout);

  int fd_ = -1;
  FrameDecoder decoder_;
};

}  // namespace spool::remoting::testing
