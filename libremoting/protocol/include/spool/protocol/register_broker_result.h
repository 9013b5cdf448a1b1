// File: spool/protocol/register_broker_result.h
// RegisterBrokerResult: what a broker learns from a name server's REGISTER_BROKER answer (BrokerOuterAPI's
// RegisterBrokerResult): for a slave, its master's address and HA address; for every broker, the KV namespace
// ORDER_TOPIC_CONFIG, from which it sets the `order` flag of its topics.
//
//   absl::StatusOr<RemotingCommand> response = client.InvokeSync(namesrv, std::move(register_request), timeout);
//   if (response->code() == response_code::kSuccess) {
//     SPOOL_ASSIGN_OR_RETURN(RegisterBrokerResult result, RegisterBrokerResult::FromResponse(*response));
//   }
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "spool/protocol/kv_table.h"
#include "spool/remoting/remoting_command.h"

namespace spool::protocol {

struct RegisterBrokerResult {
  std::optional<std::string> ha_server_addr;
  std::optional<std::string> master_addr;
  // Empty when the answer had no body (the namespace does not exist).
  KvTable kv_table;

  friend bool operator==(const RegisterBrokerResult& a, const RegisterBrokerResult& b) = default;

  // The response header and body of a SUCCESS answer (the code is not checked). kInvalidArgument for a body that
  // is not a KVTable.
  static absl::StatusOr<RegisterBrokerResult> FromResponse(const remoting::RemotingCommand& response);
};

}  // namespace spool::protocol
