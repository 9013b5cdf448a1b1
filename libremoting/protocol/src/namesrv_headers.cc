#include "spool/protocol/namesrv_headers.h"

#include <tuple>

#include "header_field_table.h"
#include "spool/status_macros.h"

namespace spool::protocol {

using remoting::RemotingCommand;

namespace {

using internal::DecodeFields;
using internal::EncodeFields;
using internal::FieldTable;
using internal::HeaderField;

constexpr auto kRegisterBrokerFields = FieldTable(
    HeaderField{"brokerName", &RegisterBrokerRequestHeader::broker_name},
    HeaderField{"brokerAddr", &RegisterBrokerRequestHeader::broker_addr},
    HeaderField{"clusterName", &RegisterBrokerRequestHeader::cluster_name},
    HeaderField{"haServerAddr", &RegisterBrokerRequestHeader::ha_server_addr},
    HeaderField{"brokerId", &RegisterBrokerRequestHeader::broker_id},
    HeaderField{"compressed", &RegisterBrokerRequestHeader::compressed});

constexpr auto kRegisterBrokerResponseFields = FieldTable(
    HeaderField{"haServerAddr", &RegisterBrokerResponseHeader::ha_server_addr},
    HeaderField{"masterAddr", &RegisterBrokerResponseHeader::master_addr});

constexpr auto kBrokerIdentityFields = FieldTable(
    HeaderField{"brokerName", &BrokerIdentityHeader::broker_name},
    HeaderField{"brokerAddr", &BrokerIdentityHeader::broker_addr},
    HeaderField{"clusterName", &BrokerIdentityHeader::cluster_name},
    HeaderField{"brokerId", &BrokerIdentityHeader::broker_id});

constexpr auto kQueryDataVersionResponseFields = FieldTable(
    HeaderField{"changed", &QueryDataVersionResponseHeader::changed});

constexpr auto kGetRouteInfoFields = FieldTable(
    HeaderField{"topic", &GetRouteInfoRequestHeader::topic},
    HeaderField{"acceptStandardJsonOnly", &GetRouteInfoRequestHeader::accept_standard_json_only});

constexpr auto kBrokerNameFields = FieldTable(
    HeaderField{"brokerName", &BrokerNameHeader::broker_name});

constexpr auto kWipeWritePermResponseFields = FieldTable(
    HeaderField{"wipeTopicCount", &WipeWritePermOfBrokerResponseHeader::wipe_topic_count});

constexpr auto kAddWritePermResponseFields = FieldTable(
    HeaderField{"addTopicCount", &AddWritePermOfBrokerResponseHeader::add_topic_count});

constexpr auto kDeleteTopicFields = FieldTable(
    HeaderField{"topic", &DeleteTopicFromNamesrvRequestHeader::topic},
    HeaderField{"clusterName", &DeleteTopicFromNamesrvRequestHeader::cluster_name});

constexpr auto kPutKvConfigFields = FieldTable(
    HeaderField{"namespace", &PutKvConfigRequestHeader::namespace_},
    HeaderField{"key", &PutKvConfigRequestHeader::key},
    HeaderField{"value", &PutKvConfigRequestHeader::value});

constexpr auto kKvConfigKeyFields = FieldTable(
    HeaderField{"namespace", &KvConfigKeyHeader::namespace_},
    HeaderField{"key", &KvConfigKeyHeader::key});

constexpr auto kGetKvConfigResponseFields = FieldTable(
    HeaderField{"value", &GetKvConfigResponseHeader::value});

constexpr auto kGetKvListFields = FieldTable(
    HeaderField{"namespace", &GetKvListByNamespaceRequestHeader::namespace_});

constexpr auto kGetTopicsByClusterFields = FieldTable(
    HeaderField{"cluster", &GetTopicsByClusterRequestHeader::cluster});

void SetFields(const HeaderFields& fields, RemotingCommand* cmd) {
  for (const auto& [key, value] : fields) cmd->SetExtField(key, value);
}

template <typename H, typename Table>
absl::StatusOr<H> Decode(const RemotingCommand& cmd, const Table& table) {
  H header;
  SPOOL_RETURN_IF_ERROR(DecodeFields(cmd, table, &header));
  return header;
}

}  // namespace

void RegisterBrokerRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kRegisterBrokerFields), cmd);
  cmd->SetExtFieldInt("bodyCrc32", body_crc32);
}

absl::StatusOr<RegisterBrokerRequestHeader> RegisterBrokerRequestHeader::DecodeFrom(const RemotingCommand& cmd) {
  RegisterBrokerRequestHeader h;
  SPOOL_RETURN_IF_ERROR(DecodeFields(cmd, kRegisterBrokerFields, &h));
  // Brokers before 4.9 send no checksum: 0 means "do not check".
  SPOOL_ASSIGN_OR_RETURN(h.body_crc32, cmd.GetInt32Or("bodyCrc32", 0));
  return h;
}

void RegisterBrokerResponseHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kRegisterBrokerResponseFields), cmd);
}

absl::StatusOr<RegisterBrokerResponseHeader> RegisterBrokerResponseHeader::DecodeFrom(const RemotingCommand& cmd) {
  return Decode<RegisterBrokerResponseHeader>(cmd, kRegisterBrokerResponseFields);
}

void BrokerIdentityHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kBrokerIdentityFields), cmd);
}

absl::StatusOr<BrokerIdentityHeader> BrokerIdentityHeader::DecodeFrom(const RemotingCommand& cmd) {
  return Decode<BrokerIdentityHeader>(cmd, kBrokerIdentityFields);
}

void QueryDataVersionResponseHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kQueryDataVersionResponseFields), cmd);
}

absl::StatusOr<QueryDataVersionResponseHeader> QueryDataVersionResponseHeader::DecodeFrom(const RemotingCommand& cmd) {
  return Decode<QueryDataVersionResponseHeader>(cmd, kQueryDataVersionResponseFields);
}

void GetRouteInfoRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kGetRouteInfoFields), cmd);
}

absl::StatusOr<GetRouteInfoRequestHeader> GetRouteInfoRequestHeader::DecodeFrom(const RemotingCommand& cmd) {
  return Decode<GetRouteInfoRequestHeader>(cmd, kGetRouteInfoFields);
}

void BrokerNameHeader::EncodeTo(RemotingCommand* cmd) const { SetFields(EncodeFields(*this, kBrokerNameFields), cmd); }

absl::StatusOr<BrokerNameHeader> BrokerNameHeader::DecodeFrom(const RemotingCommand& cmd) {
  return Decode<BrokerNameHeader>(cmd, kBrokerNameFields);
}

void WipeWritePermOfBrokerResponseHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kWipeWritePermResponseFields), cmd);
}

absl::StatusOr<WipeWritePermOfBrokerResponseHeader> WipeWritePermOfBrokerResponseHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  return Decode<WipeWritePermOfBrokerResponseHeader>(cmd, kWipeWritePermResponseFields);
}

void AddWritePermOfBrokerResponseHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kAddWritePermResponseFields), cmd);
}

absl::StatusOr<AddWritePermOfBrokerResponseHeader> AddWritePermOfBrokerResponseHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  return Decode<AddWritePermOfBrokerResponseHeader>(cmd, kAddWritePermResponseFields);
}

void DeleteTopicFromNamesrvRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kDeleteTopicFields), cmd);
}

absl::StatusOr<DeleteTopicFromNamesrvRequestHeader> DeleteTopicFromNamesrvRequestHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  return Decode<DeleteTopicFromNamesrvRequestHeader>(cmd, kDeleteTopicFields);
}

void PutKvConfigRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kPutKvConfigFields), cmd);
}

absl::StatusOr<PutKvConfigRequestHeader> PutKvConfigRequestHeader::DecodeFrom(const RemotingCommand& cmd) {
  return Decode<PutKvConfigRequestHeader>(cmd, kPutKvConfigFields);
}

void KvConfigKeyHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kKvConfigKeyFields), cmd);
}

absl::StatusOr<KvConfigKeyHeader> KvConfigKeyHeader::DecodeFrom(const RemotingCommand& cmd) {
  return Decode<KvConfigKeyHeader>(cmd, kKvConfigKeyFields);
}

void GetKvConfigResponseHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kGetKvConfigResponseFields), cmd);
}

absl::StatusOr<GetKvConfigResponseHeader> GetKvConfigResponseHeader::DecodeFrom(const RemotingCommand& cmd) {
  return Decode<GetKvConfigResponseHeader>(cmd, kGetKvConfigResponseFields);
}

void GetKvListByNamespaceRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kGetKvListFields), cmd);
}

absl::StatusOr<GetKvListByNamespaceRequestHeader> GetKvListByNamespaceRequestHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  return Decode<GetKvListByNamespaceRequestHeader>(cmd, kGetKvListFields);
}

void GetTopicsByClusterRequestHeader::EncodeTo(RemotingCommand* cmd) const {
  SetFields(EncodeFields(*this, kGetTopicsByClusterFields), cmd);
}

absl::StatusOr<GetTopicsByClusterRequestHeader> GetTopicsByClusterRequestHeader::DecodeFrom(
    const RemotingCommand& cmd) {
  return Decode<GetTopicsByClusterRequestHeader>(cmd, kGetTopicsByClusterFields);
}

}  // namespace spool::protocol
