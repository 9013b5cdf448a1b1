// File: spool/remoting/request_code.h
// RocketMQ 4.9.7's RequestCode values: the `code` of a request frame, which picks the processor. Constants are
// plain ints because the wire carries any int and unknown codes must still be answered
// (REQUEST_CODE_NOT_SUPPORTED). Who receives each code (name server, broker, client) is in spec remoting.md §8.
//
//   server.RegisterProcessor(request_code::kSendMessageV2, send_processor, send_pool);
//   SPDLOG_LOGGER_DEBUG(log, "request {}({})", RequestCodeName(cmd.code()), cmd.code());
#pragma once

#include <cstdint>
#include <string_view>

namespace spool::remoting {

namespace request_code {

inline constexpr int32_t kSendMessage = 10;
inline constexpr int32_t kPullMessage = 11;
inline constexpr int32_t kQueryMessage = 12;
inline constexpr int32_t kQueryBrokerOffset = 13;
inline constexpr int32_t kQueryConsumerOffset = 14;
inline constexpr int32_t kUpdateConsumerOffset = 15;
inline constexpr int32_t kUpdateAndCreateTopic = 17;
inline constexpr int32_t kGetAllTopicConfig = 21;
inline constexpr int32_t kGetTopicConfigList = 22;
inline constexpr int32_t kGetTopicNameList = 23;
inline constexpr int32_t kUpdateBrokerConfig = 25;
inline constexpr int32_t kGetBrokerConfig = 26;
inline constexpr int32_t kTriggerDeleteFiles = 27;
inline constexpr int32_t kGetBrokerRuntimeInfo = 28;
inline constexpr int32_t kSearchOffsetByTimestamp = 29;
inline constexpr int32_t kGetMaxOffset = 30;
inline constexpr int32_t kGetMinOffset = 31;
inline constexpr int32_t kGetEarliestMsgStoretime = 32;
inline constexpr int32_t kViewMessageById = 33;
inline constexpr int32_t kHeartBeat = 34;
inline constexpr int32_t kUnregisterClient = 35;
inline constexpr int32_t kConsumerSendMsgBack = 36;
inline constexpr int32_t kEndTransaction = 37;
inline constexpr int32_t kGetConsumerListByGroup = 38;
inline constexpr int32_t kCheckTransactionState = 39;
inline constexpr int32_t kNotifyConsumerIdsChanged = 40;
inline constexpr int32_t kLockBatchMq = 41;
inline constexpr int32_t kUnlockBatchMq = 42;
inline constexpr int32_t kGetAllConsumerOffset = 43;
inline constexpr int32_t kGetAllDelayOffset = 45;
inline constexpr int32_t kCheckClientConfig = 46;
inline constexpr int32_t kUpdateAndCreateAclConfig = 50;
inline constexpr int32_t kDeleteAclConfig = 51;
inline constexpr int32_t kGetBrokerClusterAclInfo = 52;
inline constexpr int32_t kUpdateGlobalWhiteAddrsConfig = 53;
inline constexpr int32_t kGetBrokerClusterAclConfig = 54;
inline constexpr int32_t kPutKvConfig = 100;
inline constexpr int32_t kGetKvConfig = 101;
inline constexpr int32_t kDeleteKvConfig = 102;
inline constexpr int32_t kRegisterBroker = 103;
inline constexpr int32_t kUnregisterBroker = 104;
inline constexpr int32_t kGetRouteinfoByTopic = 105;
inline constexpr int32_t kGetBrokerClusterInfo = 106;
inline constexpr int32_t kUpdateAndCreateSubscriptiongroup = 200;
inline constexpr int32_t kGetAllSubscriptiongroupConfig = 201;
inline constexpr int32_t kGetTopicStatsInfo = 202;
inline constexpr int32_t kGetConsumerConnectionList = 203;
inline constexpr int32_t kGetProducerConnectionList = 204;
inline constexpr int32_t kWipeWritePermOfBroker = 205;
inline constexpr int32_t kGetAllTopicListFromNameserver = 206;
inline constexpr int32_t kDeleteSubscriptiongroup = 207;
inline constexpr int32_t kGetConsumeStats = 208;
inline constexpr int32_t kSuspendConsumer = 209;
inline constexpr int32_t kResumeConsumer = 210;
inline constexpr int32_t kResetConsumerOffsetInConsumer = 211;
inline constexpr int32_t kResetConsumerOffsetInBroker = 212;
inline constexpr int32_t kAdjustConsumerThreadPool = 213;
inline constexpr int32_t kWhoConsumeTheMessage = 214;
inline constexpr int32_t kDeleteTopicInBroker = 215;
inline constexpr int32_t kDeleteTopicInNamesrv = 216;
inline constexpr int32_t kGetKvlistByNamespace = 219;
inline constexpr int32_t kResetConsumerClientOffset = 220;
inline constexpr int32_t kGetConsumerStatusFromClient = 221;
inline constexpr int32_t kInvokeBrokerToResetOffset = 222;
inline constexpr int32_t kInvokeBrokerToGetConsumerStatus = 223;
inline constexpr int32_t kGetTopicsByCluster = 224;
inline constexpr int32_t kQueryTopicConsumeByWho = 300;
inline constexpr int32_t kRegisterFilterServer = 301;
inline constexpr int32_t kRegisterMessageFilterClass = 302;
inline constexpr int32_t kQueryConsumeTimeSpan = 303;
inline constexpr int32_t kGetSystemTopicListFromNs = 304;
inline constexpr int32_t kGetSystemTopicListFromBroker = 305;
inline constexpr int32_t kCleanExpiredConsumequeue = 306;
inline constexpr int32_t kGetConsumerRunningInfo = 307;
inline constexpr int32_t kQueryCorrectionOffset = 308;
inline constexpr int32_t kConsumeMessageDirectly = 309;
inline constexpr int32_t kSendMessageV2 = 310;
inline constexpr int32_t kGetUnitTopicList = 311;
inline constexpr int32_t kGetHasUnitSubTopicList = 312;
inline constexpr int32_t kGetHasUnitSubUnunitTopicList = 313;
inline constexpr int32_t kCloneGroupOffset = 314;
inline constexpr int32_t kViewBrokerStatsData = 315;
inline constexpr int32_t kCleanUnusedTopic = 316;
inline constexpr int32_t kGetBrokerConsumeStats = 317;
inline constexpr int32_t kUpdateNamesrvConfig = 318;
inline constexpr int32_t kGetNamesrvConfig = 319;
inline constexpr int32_t kSendBatchMessage = 320;
inline constexpr int32_t kQueryConsumeQueue = 321;
inline constexpr int32_t kQueryDataVersion = 322;
inline constexpr int32_t kResumeCheckHalfMessage = 323;
inline constexpr int32_t kSendReplyMessage = 324;
inline constexpr int32_t kSendReplyMessageV2 = 325;
inline constexpr int32_t kPushReplyMessageToClient = 326;
inline constexpr int32_t kAddWritePermOfBroker = 327;
inline constexpr int32_t kGetAllProducerInfo = 328;
inline constexpr int32_t kDeleteExpiredCommitlog = 329;

}  // namespace request_code

// The Java constant name ("SEND_MESSAGE_V2"), or "UNKNOWN" for a code RocketMQ 4.9.7 does not define. For logs.
std::string_view RequestCodeName(int32_t code);

}  // namespace spool::remoting
