#include "spool/protocol/namesrv_headers.h"

#include "spool/status_macros.h"

namespace spool::protocol {

using remoting::RemotingCommand;

namespace {

std::optional<std::string> OptionalString(const RemotingCommand& cmd, std::string_view key) {
  const std::string* v = cmd.FindExtField(key);
  return v == nullptr ? std::nullopt : std::optional<std::string>(*v);
}

void SetIfPresent(RemotingCommand* cmd, std::string key, const std::optional<std::string>& value) {
  if (value.has_value()) cmd->SetExtField(std::move(key), *value);
}

}  // namespace

void RegisterBrokerRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  cmd->SetExtField("brokerName", broker_name);
  cmd->SetExtField("brokerAddr", broker_addr);
  cmd->SetExtField("clusterName", cluster_name);
  cmd->SetExtField("haServerAddr", ha_server_addr);
  cmd->SetExtFieldInt("brokerId", broker_id);
  cmd->SetExtFieldBool("compressed", compressed);
  cmd->SetExtFieldInt("bodyCrc32", body_crc32);
}

absl::StatusOr<RegisterBrokerRequestHeader> RegisterBrokerRequestHeader::DecodeFrom(const RemotingCommand& cmd) {
  RegisterBrokerRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.broker_name, cmd.GetString("brokerName"));
  SPOOL_ASSIGN_OR_RETURN(h.broker_addr, cmd.GetString("brokerAddr"));
  SPOOL_ASSIGN_OR_RETURN(h.cluster_name, cmd.GetString("clusterName"));
  SPOOL_ASSIGN_OR_RETURN(h.ha_server_addr, cmd.GetString("haServerAddr"));
  SPOOL_ASSIGN_OR_RETURN(h.broker_id, cmd.GetInt64("brokerId"));
  SPOOL_ASSIGN_OR_RETURN(h.compressed, cmd.GetBoolOr("compressed", false));
  SPOOL_ASSIGN_OR_RETURN(h.body_crc32, cmd.GetInt32Or("bodyCrc32", 0));
  return h;
}

void RegisterBrokerResponseHeader::EncodeTo(RemotingCommand* cmd) const {
  SetIfPresent(cmd, "haServerAddr", ha_server_addr);
  SetIfPresent(cmd, "masterAddr", master_addr);
}

absl::StatusOr<RegisterBrokerResponseHeader> RegisterBrokerResponseHeader::DecodeFrom(const RemotingCommand& cmd) {
  RegisterBrokerResponseHeader h;
  h.ha_server_addr = OptionalString(cmd, "haServerAddr");
  h.master_addr = OptionalString(cmd, "masterAddr");
  return h;
}

void BrokerIdentityHeader::EncodeTo(RemotingCommand* cmd) const {
  cmd->SetExtField("brokerName", broker_name);
  cmd->SetExtField("brokerAddr", broker_addr);
  cmd->SetExtField("clusterName", cluster_name);
  cmd->SetExtFieldInt("brokerId", broker_id);
}

absl::StatusOr<BrokerIdentityHeader> BrokerIdentityHeader::DecodeFrom(const RemotingCommand& cmd) {
  BrokerIdentityHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.broker_name, cmd.GetString("brokerName"));
  SPOOL_ASSIGN_OR_RETURN(h.broker_addr, cmd.GetString("brokerAddr"));
  SPOOL_ASSIGN_OR_RETURN(h.cluster_name, cmd.GetString("clusterName"));
  SPOOL_ASSIGN_OR_RETURN(h.broker_id, cmd.GetInt64("brokerId"));
  return h;
}

void QueryDataVersionResponseHeader::EncodeTo(RemotingCommand* cmd) const { cmd->SetExtFieldBool("changed", changed); }

absl::StatusOr<QueryDataVersionResponseHeader> QueryDataVersionResponseHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  QueryDataVersionResponseHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.changed, cmd.GetBoolOr("changed", false));
  return h;
}

void GetRouteInfoRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  cmd->SetExtField("topic", topic);
  if (accept_standard_json_only.has_value()) cmd->SetExtFieldBool("acceptStandardJsonOnly", *accept_standard_json_only);
}

absl::StatusOr<GetRouteInfoRequestHeader> GetRouteInfoRequestHeader::DecodeFrom(const RemotingCommand& cmd) {
  GetRouteInfoRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  if (cmd.HasExtField("acceptStandardJsonOnly")) {
    SPOOL_ASSIGN_OR_RETURN(bool v, cmd.GetBool("acceptStandardJsonOnly"));
    h.accept_standard_json_only = v;
  }
  return h;
}

void BrokerNameHeader::EncodeTo(RemotingCommand* cmd) const { cmd->SetExtField("brokerName", broker_name); }

absl::StatusOr<BrokerNameHeader> BrokerNameHeader::DecodeFrom(const RemotingCommand& cmd) {
  BrokerNameHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.broker_name, cmd.GetString("brokerName"));
  return h;
}

void WipeWritePermOfBrokerResponseHeader::EncodeTo(RemotingCommand* cmd) const {
  cmd->SetExtFieldInt("wipeTopicCount", wipe_topic_count);
}

absl::StatusOr<WipeWritePermOfBrokerResponseHeader> WipeWritePermOfBrokerResponseHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  WipeWritePermOfBrokerResponseHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.wipe_topic_count, cmd.GetInt32("wipeTopicCount"));
  return h;
}

void AddWritePermOfBrokerResponseHeader::EncodeTo(RemotingCommand* cmd) const {
  cmd->SetExtFieldInt("addTopicCount", add_topic_count);
}

absl::StatusOr<AddWritePermOfBrokerResponseHeader> AddWritePermOfBrokerResponseHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  AddWritePermOfBrokerResponseHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.add_topic_count, cmd.GetInt32("addTopicCount"));
  return h;
}

void DeleteTopicFromNamesrvRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  cmd->SetExtField("topic", topic);
  SetIfPresent(cmd, "clusterName", cluster_name);
}

absl::StatusOr<DeleteTopicFromNamesrvRequestHeader> DeleteTopicFromNamesrvRequestHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  DeleteTopicFromNamesrvRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  h.cluster_name = OptionalString(cmd, "clusterName");
  return h;
}

void PutKvConfigRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  cmd->SetExtField("namespace", namespace_);
  cmd->SetExtField("key", key);
  cmd->SetExtField("value", value);
}

absl::StatusOr<PutKvConfigRequestHeader> PutKvConfigRequestHeader::DecodeFrom(const RemotingCommand& cmd) {
  PutKvConfigRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.namespace_, cmd.GetString("namespace"));
  SPOOL_ASSIGN_OR_RETURN(h.key, cmd.GetString("key"));
  SPOOL_ASSIGN_OR_RETURN(h.value, cmd.GetString("value"));
  return h;
}

void KvConfigKeyHeader::EncodeTo(RemotingCommand* cmd) const {
  cmd->SetExtField("namespace", namespace_);
  cmd->SetExtField("key", key);
}

absl::StatusOr<KvConfigKeyHeader> KvConfigKeyHeader::DecodeFrom(const RemotingCommand& cmd) {
  KvConfigKeyHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.namespace_, cmd.GetString("namespace"));
  SPOOL_ASSIGN_OR_RETURN(h.key, cmd.GetString("key"));
  return h;
}

void GetKvConfigResponseHeader::EncodeTo(RemotingCommand* cmd) const { SetIfPresent(cmd, "value", value); }

absl::StatusOr<GetKvConfigResponseHeader> GetKvConfigResponseHeader::DecodeFrom(const RemotingCommand& cmd) {
  GetKvConfigResponseHeader h;
  h.value = OptionalString(cmd, "value");
  return h;
}

void GetKvListByNamespaceRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  cmd->SetExtField("namespace", namespace_);
}

absl::StatusOr<GetKvListByNamespaceRequestHeader> GetKvListByNamespaceRequestHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  GetKvListByNamespaceRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.namespace_, cmd.GetString("namespace"));
  return h;
}

void GetTopicsByClusterRequestHeader::EncodeTo(RemotingCommand* cmd) const { cmd->SetExtField("cluster", cluster); }

absl::StatusOr<GetTopicsByClusterRequestHeader> GetTopicsByClusterRequestHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  GetTopicsByClusterRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.cluster, cmd.GetString("cluster"));
  return h;
}

}  // namespace spool::protocol
