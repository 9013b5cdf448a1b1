#include "admin_client.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "spool/protocol/namesrv_headers.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/remoting/version.h"

namespace spool::mqadmin {

using remoting::RemotingCommand;
namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;

RemotingCommand NewRequest(int32_t code) {
  RemotingCommand request = RemotingCommand::CreateRequest(code);
  request.set_version(remoting::mq_version::kV4_9_7);
  request.set_serialize_type(remoting::SerializeType::kJson);
  return request;
}

absl::Status ResponseError(const RemotingCommand& response) {
  const std::string message =
      absl::StrCat("CODE: ", response.code(), "  DESC: ", response.remark().value_or("null"));
  switch (response.code()) {
    case response_code::kTopicNotExist:
    case response_code::kQueryNotFound:
    case response_code::kConsumerNotOnline:
      return absl::NotFoundError(message);
    default:
      return absl::FailedPreconditionError(message);
  }
}

std::string PickBrokerAddr(const protocol::BrokerData& broker, bool master_only) {
  if (std::optional<std::string> master = broker.MasterAddr(); master.has_value()) return *master;
  if (master_only || broker.broker_addrs.empty()) return "";
  return broker.broker_addrs.begin()->second;
}

absl::StatusOr<std::unique_ptr<AdminClient>> AdminClient::Create(const std::string& namesrv_flag,
                                                                  absl::Duration timeout) {
  std::string spec = namesrv_flag;
  if (spec.empty()) {
    const char* env = std::getenv("NAMESRV_ADDR");
    if (env != nullptr) spec = env;
  }
  std::vector<std::string> addrs;
  for (absl::string_view part : absl::StrSplit(spec, ';', absl::SkipWhitespace())) {
    addrs.emplace_back(absl::StripAsciiWhitespace(part));
  }
  if (addrs.empty()) {
    return absl::InvalidArgumentError(
        "no name server address: pass -n host:port[;host:port] or set NAMESRV_ADDR");
  }
  std::unique_ptr<AdminClient> client(new AdminClient(std::move(addrs), timeout));
  if (absl::Status s = client->client_.Start(); !s.ok()) return s;
  return client;
}

AdminClient::AdminClient(std::vector<std::string> namesrv_addrs, absl::Duration timeout)
    : namesrv_addrs_(std::move(namesrv_addrs)),
      timeout_(timeout),
      // One I/O thread and one callback thread are plenty for a command-line tool.
      client_(remoting::RemotingClientOptions{.io_threads = 1, .callback_threads = 1}) {}

AdminClient::~AdminClient() { client_.Shutdown(); }

absl::StatusOr<RemotingCommand> AdminClient::InvokeNamesrvAt(const std::string& addr, RemotingCommand request) {
  absl::StatusOr<RemotingCommand> response = client_.InvokeSync(addr, std::move(request), timeout_);
  if (!response.ok()) {
    return absl::UnavailableError(
        absl::StrCat("connect to name server <", addr, "> failed: ", std::string(response.status().message())));
  }
  return response;
}

absl::StatusOr<RemotingCommand> AdminClient::InvokeNamesrv(RemotingCommand request) {
  absl::Status last;
  for (const std::string& addr : namesrv_addrs_) {
    absl::StatusOr<RemotingCommand> response = InvokeNamesrvAt(addr, request);
    if (response.ok()) return response;
    last = response.status();
  }
  return last;
}

absl::StatusOr<RemotingCommand> AdminClient::InvokeBroker(const std::string& addr, RemotingCommand request) {
  if (addr.empty()) return absl::InvalidArgumentError("empty broker address");
  absl::StatusOr<RemotingCommand> response = client_.InvokeSync(addr, std::move(request), timeout_);
  if (!response.ok()) {
    return absl::UnavailableError(
        absl::StrCat("connect to broker <", addr, "> failed: ", std::string(response.status().message())));
  }
  return response;
}

absl::StatusOr<RemotingCommand> AdminClient::CallNamesrv(RemotingCommand request) {
  absl::StatusOr<RemotingCommand> response = InvokeNamesrv(std::move(request));
  if (!response.ok()) return response.status();
  if (response->code() != response_code::kSuccess) return ResponseError(*response);
  return response;
}

absl::StatusOr<RemotingCommand> AdminClient::CallBroker(const std::string& addr, RemotingCommand request) {
  absl::StatusOr<RemotingCommand> response = InvokeBroker(addr, std::move(request));
  if (!response.ok()) return response.status();
  if (response->code() != response_code::kSuccess) return ResponseError(*response);
  return response;
}

absl::StatusOr<protocol::TopicRouteData> AdminClient::GetRoute(const std::string& topic) {
  RemotingCommand request = NewRequest(request_code::kGetRouteinfoByTopic);
  protocol::GetRouteInfoRequestHeader{.topic = topic}.EncodeTo(&request);
  absl::StatusOr<RemotingCommand> response = CallNamesrv(std::move(request));
  if (!response.ok()) return response.status();
  return protocol::TopicRouteData::Decode(response->body());
}

absl::StatusOr<protocol::ClusterInfo> AdminClient::GetClusterInfo() {
  absl::StatusOr<RemotingCommand> response = CallNamesrv(NewRequest(request_code::kGetBrokerClusterInfo));
  if (!response.ok()) return response.status();
  return protocol::ClusterInfo::Decode(response->body());
}

absl::StatusOr<protocol::TopicList> AdminClient::GetAllTopics() {
  absl::StatusOr<RemotingCommand> response = CallNamesrv(NewRequest(request_code::kGetAllTopicListFromNameserver));
  if (!response.ok()) return response.status();
  return protocol::TopicList::Decode(response->body());
}

absl::StatusOr<std::vector<std::string>> AdminClient::MasterAddrsOfCluster(const std::string& cluster) {
  absl::StatusOr<protocol::ClusterInfo> info = GetClusterInfo();
  if (!info.ok()) return info.status();
  std::vector<std::string> masters;
  auto it = info->cluster_addr_table.find(cluster);
  if (it != info->cluster_addr_table.end()) {
    for (const std::string& broker_name : it->second) {
      auto b = info->broker_addr_table.find(broker_name);
      if (b == info->broker_addr_table.end()) continue;
      if (std::optional<std::string> master = b->second.MasterAddr(); master.has_value()) masters.push_back(*master);
    }
  }
  if (masters.empty()) {
    return absl::NotFoundError(absl::StrCat("Make sure the specified clusterName exists or the name server connected ",
                                            "to is correct (cluster '", cluster, "' has no master broker)."));
  }
  return masters;
}

absl::StatusOr<std::string> AdminClient::BrokerNameOfAddr(const std::string& addr) {
  absl::StatusOr<protocol::ClusterInfo> info = GetClusterInfo();
  if (!info.ok()) return info.status();
  for (const auto& [name, data] : info->broker_addr_table) {
    for (const auto& [id, a] : data.broker_addrs) {
      if (a == addr) return name;
    }
  }
  return absl::NotFoundError(absl::StrCat("Make sure the specified broker addr exists or the name server connected ",
                                          "to is correct (no broker registered at ", addr, ")."));
}

}  // namespace spool::mqadmin
