#include "spool/protocol/register_broker_result.h"

#include "spool/protocol/namesrv_headers.h"
#include "spool/status_macros.h"

namespace spool::protocol {

absl::StatusOr<RegisterBrokerResult> RegisterBrokerResult::FromResponse(const remoting::RemotingCommand& response) {
  SPOOL_ASSIGN_OR_RETURN(RegisterBrokerResponseHeader header, RegisterBrokerResponseHeader::DecodeFrom(response));
  RegisterBrokerResult result{.ha_server_addr = std::move(header.ha_server_addr),
                              .master_addr = std::move(header.master_addr)};
  if (!response.body().empty()) {
    SPOOL_ASSIGN_OR_RETURN(result.kv_table, KvTable::Decode(response.body()));
  }
  return result;
}

}  // namespace spool::protocol
