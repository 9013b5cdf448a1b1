#include "name_server_registrar.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "logging.h"
#include "spool/protocol/body_crc32.h"
#include "spool/protocol/namesrv_headers.h"
#include "spool/protocol/register_broker_body.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"

namespace spool::broker::internal {

using remoting::RemotingCommand;

std::vector<std::string> SplitNamesrvAddr(const std::string& namesrv_addr) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(namesrv_addr, ';')) {
    std::string addr(absl::StripAsciiWhitespace(part));
    if (!addr.empty()) out.push_back(std::move(addr));
  }
  return out;
}

NameServerRegistrar::NameServerRegistrar(std::vector<std::string> namesrv_addrs, absl::Duration timeout,
                                         bool compressed)
    : addrs_(std::move(namesrv_addrs)), timeout_(timeout), compressed_(compressed) {}

NameServerRegistrar::~NameServerRegistrar() { Shutdown(); }

absl::Status NameServerRegistrar::Start() { return client_.Start(); }

void NameServerRegistrar::Shutdown() { client_.Shutdown(); }

absl::Status NameServerRegistrar::RegisterAll(const BrokerIdentity& id,
                                              const protocol::TopicConfigSerializeWrapper& topics, bool oneway) {
  protocol::RegisterBrokerBody body;
  body.topic_config_serialize_wrapper = topics;
  const std::string bytes = body.Encode(compressed_);
  protocol::RegisterBrokerRequestHeader header{.broker_name = id.broker_name,
                                               .broker_addr = id.broker_addr,
                                               .cluster_name = id.cluster_name,
                                               .ha_server_addr = id.ha_server_addr,
                                               .broker_id = id.broker_id,
                                               .compressed = compressed_,
                                               .body_crc32 = protocol::BodyCrc32(bytes)};
  absl::Mutex mu;
  size_t pending = 0;
  absl::Status first_error;
  for (const std::string& addr : addrs_) {
    RemotingCommand request = RemotingCommand::CreateRequest(remoting::request_code::kRegisterBroker);
    header.EncodeTo(&request);
    request.set_body(bytes);
    if (oneway) {
      if (absl::Status s = client_.InvokeOneway(addr, std::move(request)); !s.ok()) {
        BrokerLog().warn("register broker to name server {} failed: {}", addr, s.ToString());
      }
      continue;
    }
    {
      absl::MutexLock lock(&mu);
      ++pending;
    }
    auto done = [&mu, &pending, &first_error, addr](absl::StatusOr<RemotingCommand> response) {
      absl::Status s = response.status();
      if (s.ok() && response->code() != remoting::response_code::kSuccess) {
        s = absl::UnavailableError(absl::StrCat("code ", response->code(), " ", response->remark().value_or("")));
      }
      if (!s.ok()) BrokerLog().warn("register broker to name server {} failed: {}", addr, s.ToString());
      absl::MutexLock lock(&mu);
      if (!s.ok() && first_error.ok()) first_error = s;
      --pending;
    };
    if (absl::Status s = client_.InvokeAsync(addr, std::move(request), timeout_, done); !s.ok()) {
      done(s);
    }
  }
  absl::MutexLock lock(&mu);
  auto all_done = [&pending]() { return pending == 0; };
  mu.Await(absl::Condition(&all_done));
  return first_error;
}

void NameServerRegistrar::UnregisterAll(const BrokerIdentity& id) {
  for (const std::string& addr : addrs_) {
    RemotingCommand request = RemotingCommand::CreateRequest(remoting::request_code::kUnregisterBroker);
    protocol::UnregisterBrokerRequestHeader{.broker_name = id.broker_name,
                                            .broker_addr = id.broker_addr,
                                            .cluster_name = id.cluster_name,
                                            .broker_id = id.broker_id}
        .EncodeTo(&request);
    absl::StatusOr<RemotingCommand> r = client_.InvokeSync(addr, std::move(request), timeout_);
    if (!r.ok()) BrokerLog().warn("unregister broker from name server {} failed: {}", addr, r.status().ToString());
  }
}

}  // namespace spool::broker::internal
