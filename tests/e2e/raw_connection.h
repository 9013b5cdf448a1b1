// File: tests/e2e/raw_connection.h
// A plain blocking TCP connection to 127.0.0.1 for tests that must put bytes on the wire no RemotingClient would
// ever send (malformed frames, lies about lengths) and then see what the server did: answered, closed, or nothing.
// Every wait has a deadline (poll), so a server that hangs fails the test instead of hanging it.
//
//   absl::StatusOr<RawConnection> conn = RawConnection::Connect(port);
//   REQUIRE(conn->Write(Be32(-1)).ok());
//   CHECK(conn->AwaitPeer(absl::Seconds(10)).kind == PeerReaction::kClosed);
//
// Not thread-safe; movable, closes its socket when destroyed.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "spool/remoting/frame_codec.h"
#include "spool/remoting/remoting_command.h"

namespace spool::e2e {

// Big-endian int32, the unit of every length in a frame.
inline std::string Be32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
}

// What the peer did after we sent something.
struct PeerReaction {
  enum Kind {
    kClosed,    // EOF or connection reset
    kResponse,  // a whole frame arrived (in `response`)
    kSilent,    // nothing until the deadline: the connection is still open
    kGarbage,   // bytes that do not decode as a frame (in `error`)
  };
  Kind kind = kSilent;
  std::optional<remoting::RemotingCommand> response;
  std::string error;
};

class RawConnection {
 public:
  static absl::StatusOr<RawConnection> Connect(uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return absl::InternalError(absl::StrCat("socket: ", std::strerror(errno)));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
      const int err = errno;
      ::close(fd);
      return absl::UnavailableError(absl::StrCat("connect to 127.0.0.1:", port, ": ", std::strerror(err)));
    }
    return RawConnection(fd);
  }

  RawConnection(RawConnection&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), decoder_(std::move(other.decoder_)), eof_(other.eof_) {}
  RawConnection& operator=(RawConnection&& other) noexcept {
    if (this != &other) {
      Close();
      fd_ = std::exchange(other.fd_, -1);
      decoder_ = std::move(other.decoder_);
      eof_ = other.eof_;
    }
    return *this;
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() { Close(); }

  // All of `bytes`, or kUnavailable once the peer has gone (EPIPE/ECONNRESET: it may close while we still write
  // a frame it already refused). MSG_NOSIGNAL keeps SIGPIPE out of the test process.
  absl::Status Write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        return absl::UnavailableError(absl::StrCat("send: ", std::strerror(errno)));
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return absl::OkStatus();
  }

  // Half-close: the peer reads EOF, we can still read its answer or its close.
  void ShutdownWrite() { ::shutdown(fd_, SHUT_WR); }

  // The next frame, whole; kDeadlineExceeded if it did not arrive in time, kUnavailable if the peer closed first,
  // kDataLoss if the bytes are not a frame.
  absl::StatusOr<remoting::RemotingCommand> ReadCommand(absl::Duration timeout) {
    PeerReaction r = AwaitPeer(timeout);
    switch (r.kind) {
      case PeerReaction::kResponse: return *std::move(r.response);
      case PeerReaction::kClosed: return absl::UnavailableError("the peer closed the connection");
      case PeerReaction::kSilent: return absl::DeadlineExceededError("no frame before the deadline");
      case PeerReaction::kGarbage: return absl::DataLossError(r.error);
    }
    return absl::InternalError("unreachable");
  }

  // Waits for the first of: a whole frame, the peer closing, undecodable bytes, the deadline.
  PeerReaction AwaitPeer(absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    PeerReaction r;
    while (true) {
      absl::StatusOr<std::optional<remoting::RemotingCommand>> next = decoder_.Next();
      if (!next.ok()) {
        r.kind = PeerReaction::kGarbage;
        r.error = std::string(next.status().message());
        return r;
      }
      if (next->has_value()) {
        r.kind = PeerReaction::kResponse;
        r.response = std::move(**next);
        return r;
      }
      if (eof_) {
        r.kind = PeerReaction::kClosed;
        return r;
      }
      const absl::Duration left = deadline - absl::Now();
      if (left <= absl::ZeroDuration()) {
        r.kind = PeerReaction::kSilent;
        return r;
      }
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1);
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) continue;  // re-checks the deadline
      char buf[64 * 1024];
      const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n > 0) {
        decoder_.Append(std::string_view(buf, static_cast<size_t>(n)));
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        eof_ = true;  // EOF, or ECONNRESET: a close that found our unread bytes
      }
    }
  }

  // Sends `request` (in its own serialize type; with a fresh opaque unless it carries one) and waits for the frame
  // that answers it.
  absl::StatusOr<remoting::RemotingCommand> Call(remoting::RemotingCommand request, absl::Duration timeout) {
    static std::atomic<int32_t> next_opaque{1};
    if (request.opaque() == 0) request.set_opaque(next_opaque.fetch_add(1));
    absl::StatusOr<std::string> frame = remoting::EncodeFrame(request);
    if (!frame.ok()) return frame.status();
    if (absl::Status s = Write(*frame); !s.ok()) return s;
    absl::StatusOr<remoting::RemotingCommand> response = ReadCommand(timeout);
    if (!response.ok()) return response.status();
    if (!response->is_response() || response->opaque() != request.opaque()) {
      return absl::InternalError(absl::StrCat("expected the answer to opaque ", request.opaque(), ", got ",
                                              response->DebugString()));
    }
    return response;
  }

 private:
  explicit RawConnection(int fd) : fd_(fd) {}
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  int fd_ = -1;
  // The test reads responses of any size the server may legally send.
  remoting::FrameDecoder decoder_{remoting::kDefaultMaxFrameSize};
  bool eof_ = false;
};

}  // namespace spool::e2e
