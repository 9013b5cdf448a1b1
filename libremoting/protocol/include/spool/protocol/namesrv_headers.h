// File: spool/protocol/namesrv_headers.h
// The custom headers (extFields) of the name server's requests and responses, as RocketMQ 4.9.7's classes in
// common/protocol/header/namesrv flatten them (spec namesrv.md §3-§11). The broker and tools encode requests with
// these; the name server decodes them.
//
//   RegisterBrokerRequestHeader h{.broker_name = "broker-a", .broker_addr = "10.0.0.1:10911",
//                                 .cluster_name = "DefaultCluster", .ha_server_addr = "10.0.0.1:10912",
//                                 .broker_id = 0, .body_crc32 = BodyCrc32(body)};
//   RemotingCommand request = RemotingCommand::CreateRequest(request_code::kRegisterBroker);
//   h.EncodeTo(&request);
//
//   SPOOL_ASSIGN_OR_RETURN(RegisterBrokerRequestHeader got, RegisterBrokerRequestHeader::DecodeFrom(request));
//
// EncodeTo writes every field Java would (absent optionals are left out, as Java skips nulls), values as Java's
// toString. DecodeFrom reads with RemotingCommand's typed getters: a missing required field is kInvalidArgument
// "missing header field <key>", a malformed number "bad value for <key>: ..."; unknown keys (bname, AccessKey,
// Signature, ...) are ignored. Booleans also accept "1"/"0" (see remoting_command.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "spool/remoting/remoting_command.h"

namespace spool::protocol {

// REGISTER_BROKER (103) request. All seven keys are sent by a 4.9.7 broker.
struct RegisterBrokerRequestHeader {
  std::string broker_name;
  // brokerIP1:listenPort, the address clients use.
  std::string broker_addr;
  std::string cluster_name;
  // brokerIP2:haListenPort.
  std::string ha_server_addr;
  int64_t broker_id = 0;
  // The body is the compressed layout (register_broker_body.h). Optional on decode (false).
  bool compressed = false;
  // BodyCrc32 of the body; 0 = unchecked. Optional on decode (0).
  int32_t body_crc32 = 0;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<RegisterBrokerRequestHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// REGISTER_BROKER response: set for a slave whose master is registered and alive.
struct RegisterBrokerResponseHeader {
  std::optional<std::string> ha_server_addr;
  std::optional<std::string> master_addr;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<RegisterBrokerResponseHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// UNREGISTER_BROKER (104) and QUERY_DATA_VERSION (322) requests: which broker. All required.
struct BrokerIdentityHeader {
  std::string broker_name;
  std::string broker_addr;
  std::string cluster_name;
  int64_t broker_id = 0;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<BrokerIdentityHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};
using UnregisterBrokerRequestHeader = BrokerIdentityHeader;
using QueryDataVersionRequestHeader = BrokerIdentityHeader;

// QUERY_DATA_VERSION response.
struct QueryDataVersionResponseHeader {
  bool changed = false;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<QueryDataVersionResponseHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// GET_ROUTEINFO_BY_TOPIC (105) request.
struct GetRouteInfoRequestHeader {
  std::string topic;
  // Not sent by stock 4.9.7 clients.
  std::optional<bool> accept_standard_json_only;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<GetRouteInfoRequestHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// WIPE_WRITE_PERM_OF_BROKER (205) and ADD_WRITE_PERM_OF_BROKER (327) requests.
struct BrokerNameHeader {
  std::string broker_name;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<BrokerNameHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};
using WipeWritePermOfBrokerRequestHeader = BrokerNameHeader;
using AddWritePermOfBrokerRequestHeader = BrokerNameHeader;

// WIPE_WRITE_PERM_OF_BROKER response.
struct WipeWritePermOfBrokerResponseHeader {
  int32_t wipe_topic_count = 0;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<WipeWritePermOfBrokerResponseHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// ADD_WRITE_PERM_OF_BROKER response.
struct AddWritePermOfBrokerResponseHeader {
  int32_t add_topic_count = 0;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<AddWritePermOfBrokerResponseHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// DELETE_TOPIC_IN_NAMESRV (216) request.
struct DeleteTopicFromNamesrvRequestHeader {
  std::string topic;
  // Empty or absent: delete the topic everywhere.
  std::optional<std::string> cluster_name;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<DeleteTopicFromNamesrvRequestHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// PUT_KV_CONFIG (100) request. All required.
struct PutKvConfigRequestHeader {
  std::string namespace_;
  std::string key;
  std::string value;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<PutKvConfigRequestHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// GET_KV_CONFIG (101) and DELETE_KV_CONFIG (102) requests.
struct KvConfigKeyHeader {
  std::string namespace_;
  std::string key;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<KvConfigKeyHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};
using GetKvConfigRequestHeader = KvConfigKeyHeader;
using DeleteKvConfigRequestHeader = KvConfigKeyHeader;

// GET_KV_CONFIG response.
struct GetKvConfigResponseHeader {
  std::optional<std::string> value;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<GetKvConfigResponseHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// GET_KVLIST_BY_NAMESPACE (219) request.
struct GetKvListByNamespaceRequestHeader {
  std::string namespace_;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<GetKvListByNamespaceRequestHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

// GET_TOPICS_BY_CLUSTER (224) request.
struct GetTopicsByClusterRequestHeader {
  std::string cluster;

  void EncodeTo(remoting::RemotingCommand* cmd) const;
  static absl::StatusOr<GetTopicsByClusterRequestHeader> DecodeFrom(const remoting::RemotingCommand& cmd);
};

}  // namespace spool::protocol
