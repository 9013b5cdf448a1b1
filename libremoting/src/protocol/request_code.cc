#include "spool/remoting/request_code.h"

namespace spool::remoting {

std::string_view RequestCodeName(int32_t code) {
  using namespace request_code;
  switch (code) {
    case kSendMessage: return "SEND_MESSAGE";
    case kPullMessage: return "PULL_MESSAGE";
    case kQueryMessage: return "QUERY_MESSAGE";
    case kQueryBrokerOffset: return "QUERY_BROKER_OFFSET";
    case kQueryConsumerOffset: return "QUERY_CONSUMER_OFFSET";
    case kUpdateConsumerOffset: return "UPDATE_CONSUMER_OFFSET";
    case kUpdateAndCreateTopic: return "UPDATE_AND_CREATE_TOPIC";
    case kGetAllTopicConfig: return "GET_ALL_TOPIC_CONFIG";
    case kGetTopicConfigList: return "GET_TOPIC_CONFIG_LIST";
    case kGetTopicNameList: return "GET_TOPIC_NAME_LIST";
    case kUpdateBrokerConfig: return "UPDATE_BROKER_CONFIG";
    case kGetBrokerConfig: return "GET_BROKER_CONFIG";
    case kTriggerDeleteFiles: return "TRIGGER_DELETE_FILES";
    case kGetBrokerRuntimeInfo: return "GET_BROKER_RUNTIME_INFO";
    case kSearchOffsetByTimestamp: return "SEARCH_OFFSET_BY_TIMESTAMP";
    case kGetMaxOffset: return "GET_MAX_OFFSET";
    case kGetMinOffset: return "GET_MIN_OFFSET";
    case kGetEarliestMsgStoretime: return "GET_EARLIEST_MSG_STORETIME";
    case kViewMessageById: return "VIEW_MESSAGE_BY_ID";
    case kHeartBeat: return "HEART_BEAT";
    case kUnregisterClient: return "UNREGISTER_CLIENT";
    case kConsumerSendMsgBack: return "CONSUMER_SEND_MSG_BACK";
    case kEndTransaction: return "END_TRANSACTION";
    case kGetConsumerListByGroup: return "GET_CONSUMER_LIST_BY_GROUP";
    case kCheckTransactionState: return "CHECK_TRANSACTION_STATE";
    case kNotifyConsumerIdsChanged: return "NOTIFY_CONSUMER_IDS_CHANGED";
    case kLockBatchMq: return "LOCK_BATCH_MQ";
    case kUnlockBatchMq: return "UNLOCK_BATCH_MQ";
    case kGetAllConsumerOffset: return "GET_ALL_CONSUMER_OFFSET";
    case kGetAllDelayOffset: return "GET_ALL_DELAY_OFFSET";
    case kCheckClientConfig: return "CHECK_CLIENT_CONFIG";
    case kUpdateAndCreateAclConfig: return "UPDATE_AND_CREATE_ACL_CONFIG";
    case kDeleteAclConfig: return "DELETE_ACL_CONFIG";
    case kGetBrokerClusterAclInfo: return "GET_BROKER_CLUSTER_ACL_INFO";
    case kUpdateGlobalWhiteAddrsConfig: return "UPDATE_GLOBAL_WHITE_ADDRS_CONFIG";
    case kGetBrokerClusterAclConfig: return "GET_BROKER_CLUSTER_ACL_CONFIG";
    case kPutKvConfig: return "PUT_KV_CONFIG";
    case kGetKvConfig: return "GET_KV_CONFIG";
    case kDeleteKvConfig: return "DELETE_KV_CONFIG";
    case kRegisterBroker: return "REGISTER_BROKER";
    case kUnregisterBroker: return "UNREGISTER_BROKER";
    case kGetRouteinfoByTopic: return "GET_ROUTEINFO_BY_TOPIC";
    case kGetBrokerClusterInfo: return "GET_BROKER_CLUSTER_INFO";
    case kUpdateAndCreateSubscriptiongroup: return "UPDATE_AND_CREATE_SUBSCRIPTIONGROUP";
    case kGetAllSubscriptiongroupConfig: return "GET_ALL_SUBSCRIPTIONGROUP_CONFIG";
    case kGetTopicStatsInfo: return "GET_TOPIC_STATS_INFO";
    case kGetConsumerConnectionList: return "GET_CONSUMER_CONNECTION_LIST";
    case kGetProducerConnectionList: return "GET_PRODUCER_CONNECTION_LIST";
    case kWipeWritePermOfBroker: return "WIPE_WRITE_PERM_OF_BROKER";
    case kGetAllTopicListFromNameserver: return "GET_ALL_TOPIC_LIST_FROM_NAMESERVER";
    case kDeleteSubscriptiongroup: return "DELETE_SUBSCRIPTIONGROUP";
    case kGetConsumeStats: return "GET_CONSUME_STATS";
    case kSuspendConsumer: return "SUSPEND_CONSUMER";
    case kResumeConsumer: return "RESUME_CONSUMER";
    case kResetConsumerOffsetInConsumer: return "RESET_CONSUMER_OFFSET_IN_CONSUMER";
    case kResetConsumerOffsetInBroker: return "RESET_CONSUMER_OFFSET_IN_BROKER";
    case kAdjustConsumerThreadPool: return "ADJUST_CONSUMER_THREAD_POOL";
    case kWhoConsumeTheMessage: return "WHO_CONSUME_THE_MESSAGE";
    case kDeleteTopicInBroker: return "DELETE_TOPIC_IN_BROKER";
    case kDeleteTopicInNamesrv: return "DELETE_TOPIC_IN_NAMESRV";
    case kGetKvlistByNamespace: return "GET_KVLIST_BY_NAMESPACE";
    case kResetConsumerClientOffset: return "RESET_CONSUMER_CLIENT_OFFSET";
    case kGetConsumerStatusFromClient: return "GET_CONSUMER_STATUS_FROM_CLIENT";
    case kInvokeBrokerToResetOffset: return "INVOKE_BROKER_TO_RESET_OFFSET";
    case kInvokeBrokerToGetConsumerStatus: return "INVOKE_BROKER_TO_GET_CONSUMER_STATUS";
    case kGetTopicsByCluster: return "GET_TOPICS_BY_CLUSTER";
    case kQueryTopicConsumeByWho: return "QUERY_TOPIC_CONSUME_BY_WHO";
    case kRegisterFilterServer: return "REGISTER_FILTER_SERVER";
    case kRegisterMessageFilterClass: return "REGISTER_MESSAGE_FILTER_CLASS";
    case kQueryConsumeTimeSpan: return "QUERY_CONSUME_TIME_SPAN";
    case kGetSystemTopicListFromNs: return "GET_SYSTEM_TOPIC_LIST_FROM_NS";
    case kGetSystemTopicListFromBroker: return "GET_SYSTEM_TOPIC_LIST_FROM_BROKER";
    case kCleanExpiredConsumequeue: return "CLEAN_EXPIRED_CONSUMEQUEUE";
    case kGetConsumerRunningInfo: return "GET_CONSUMER_RUNNING_INFO";
    case kQueryCorrectionOffset: return "QUERY_CORRECTION_OFFSET";
    case kConsumeMessageDirectly: return "CONSUME_MESSAGE_DIRECTLY";
    case kSendMessageV2: return "SEND_MESSAGE_V2";
    case kGetUnitTopicList: return "GET_UNIT_TOPIC_LIST";
    case kGetHasUnitSubTopicList: return "GET_HAS_UNIT_SUB_TOPIC_LIST";
    case kGetHasUnitSubUnunitTopicList: return "GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST";
    case kCloneGroupOffset: return "CLONE_GROUP_OFFSET";
    case kViewBrokerStatsData: return "VIEW_BROKER_STATS_DATA";
    case kCleanUnusedTopic: return "CLEAN_UNUSED_TOPIC";
    case kGetBrokerConsumeStats: return "GET_BROKER_CONSUME_STATS";
    case kUpdateNamesrvConfig: return "UPDATE_NAMESRV_CONFIG";
    case kGetNamesrvConfig: return "GET_NAMESRV_CONFIG";
    case kSendBatchMessage: return "SEND_BATCH_MESSAGE";
    case kQueryConsumeQueue: return "QUERY_CONSUME_QUEUE";
    case kQueryDataVersion: return "QUERY_DATA_VERSION";
    case kResumeCheckHalfMessage: return "RESUME_CHECK_HALF_MESSAGE";
    case kSendReplyMessage: return "SEND_REPLY_MESSAGE";
    case kSendReplyMessageV2: return "SEND_REPLY_MESSAGE_V2";
    case kPushReplyMessageToClient: return "PUSH_REPLY_MESSAGE_TO_CLIENT";
    case kAddWritePermOfBroker: return "ADD_WRITE_PERM_OF_BROKER";
    case kGetAllProducerInfo: return "GET_ALL_PRODUCER_INFO";
    case kDeleteExpiredCommitlog: return "DELETE_EXPIRED_COMMITLOG";
    default: return "UNKNOWN";
  }
}

}  // namespace spool::remoting
