#include "testing/raw_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace spool::remoting::testing {

RawPeer::~RawPeer() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status RawPeer::Connect(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return absl::InternalError(std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    return absl::UnavailableError(absl::StrCat("connect: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status RawPeer::Write(std::string_view bytes) {
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

absl::Status RawPeer::Send(const RemotingCommand& command) {
  absl::StatusOr<std::string> frame = EncodeFrame(command);
  if (!frame.ok()) return frame.status();
  return Write(*frame);
}

absl::Status RawPeer::Fill(absl::Duration timeout) {
  pollfd pfd{.fd = fd_, .events = POLLIN, .revents = 0};
  const int ready = ::poll(&pfd, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
  if (ready == 0) return absl::DeadlineExceededError("nothing to read");
  if (ready < 0) return absl::InternalError(std::strerror(errno));
  char buffer[65536];
  const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
  if (n <= 0) return absl::UnavailableError(n == 0 ? "closed" : std::strerror(errno));
  decoder_.Append(std::string_view(buffer, static_cast<size_t>(n)));
  return absl::OkStatus();
}

absl::StatusOr<RemotingCommand> RawPeer::Read(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    absl::StatusOr<std::optional<RemotingCommand>> next = decoder_.Next();
    if (!next.ok()) return next.status();
    if (next->has_value()) return std::move(**next);
    absl::Status filled = Fill(std::max(deadline - absl::Now(), absl::ZeroDuration()));
    if (!filled.ok()) return filled;
  }
}

bool RawPeer::WaitForClose(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    absl::Status filled = Fill(std::max(deadline - absl::Now(), absl::ZeroDuration()));
    if (absl::IsUnavailable(filled)) return true;
    if (!filled.ok()) return false;
  }
}

}  // namespace spool::remoting::testing
