#include "transport/connection_channel.h"

#include "absl/strings/str_cat.h"
#include "transport/connection.h"

namespace spool::remoting::internal {

ConnectionChannel::ConnectionChannel(const std::shared_ptr<Connection>& connection)
    : connection_(connection), id_(connection->id()), remote_address_(connection->remote_address()) {}

absl::Status ConnectionChannel::Gone() const {
  return absl::UnavailableError(absl::StrCat("connection to ", remote_address_, " is closed"));
}

bool ConnectionChannel::IsOpen() const {
  std::shared_ptr<Connection> connection = connection_.lock();
  return connection != nullptr && connection->IsOpen();
}

absl::Status ConnectionChannel::Send(RemotingCommand command) {
  std::shared_ptr<Connection> connection = connection_.lock();
  if (connection == nullptr) return Gone();
  return connection->Send(std::move(command));
}

absl::Status ConnectionChannel::InvokeAsync(RemotingCommand request, absl::Duration timeout,
                                            ResponseCallback callback) {
  std::shared_ptr<Connection> connection = connection_.lock();
  if (connection == nullptr) return Gone();
  return connection->InvokeAsync(std::move(request), timeout, std::move(callback));
}

absl::StatusOr<RemotingCommand> ConnectionChannel::InvokeSync(RemotingCommand request, absl::Duration timeout) {
  std::shared_ptr<Connection> connection = connection_.lock();
  if (connection == nullptr) return Gone();
  return connection->InvokeSync(std::move(request), timeout);
}

absl::Status ConnectionChannel::InvokeOneway(RemotingCommand request) {
  std::shared_ptr<Connection> connection = connection_.lock();
  if (connection == nullptr) return Gone();
  return connection->InvokeOneway(std::move(request));
}

void ConnectionChannel::Close() {
  if (std::shared_ptr<Connection> connection = connection_.lock()) {
    connection->Close(absl::CancelledError("closed locally"));
  }
}

}  // namespace spool::remoting::internal
