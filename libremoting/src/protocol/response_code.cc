#include "spool/remoting/response_code.h"

namespace spool::remoting {

std::string_view ResponseCodeName(int32_t code) {
  using namespace response_code;
  switch (code) {
    case kSuccess: return "SUCCESS";
    case kSystemError: return "SYSTEM_ERROR";
    case kSystemBusy: return "SYSTEM_BUSY";
    case kRequestCodeNotSupported: return "REQUEST_CODE_NOT_SUPPORTED";
    case kTransactionFailed: return "TRANSACTION_FAILED";
    case kFlushDiskTimeout: return "FLUSH_DISK_TIMEOUT";
    case kSlaveNotAvailable: return "SLAVE_NOT_AVAILABLE";
    case kFlushSlaveTimeout: return "FLUSH_SLAVE_TIMEOUT";
    case kMessageIllegal: return "MESSAGE_ILLEGAL";
    case kServiceNotAvailable: return "SERVICE_NOT_AVAILABLE";
    case kVersionNotSupported: return "VERSION_NOT_SUPPORTED";
    case kNoPermission: return "NO_PERMISSION";
    case kTopicNotExist: return "TOPIC_NOT_EXIST";
    case kTopicExistAlready: return "TOPIC_EXIST_ALREADY";
    case kPullNotFound: return "PULL_NOT_FOUND";
    case kPullRetryImmediately: return "PULL_RETRY_IMMEDIATELY";
    case kPullOffsetMoved: return "PULL_OFFSET_MOVED";
    case kQueryNotFound: return "QUERY_NOT_FOUND";
    case kSubscriptionParseFailed: return "SUBSCRIPTION_PARSE_FAILED";
    case kSubscriptionNotExist: return "SUBSCRIPTION_NOT_EXIST";
    case kSubscriptionNotLatest: return "SUBSCRIPTION_NOT_LATEST";
    case kSubscriptionGroupNotExist: return "SUBSCRIPTION_GROUP_NOT_EXIST";
    case kFilterDataNotExist: return "FILTER_DATA_NOT_EXIST";
    case kFilterDataNotLatest: return "FILTER_DATA_NOT_LATEST";
    case kTransactionShouldCommit: return "TRANSACTION_SHOULD_COMMIT";
    case kTransactionShouldRollback: return "TRANSACTION_SHOULD_ROLLBACK";
    case kTransactionStateUnknow: return "TRANSACTION_STATE_UNKNOW";
    case kTransactionStateGroupWrong: return "TRANSACTION_STATE_GROUP_WRONG";
    case kNoBuyerId: return "NO_BUYER_ID";
    case kNotInCurrentUnit: return "NOT_IN_CURRENT_UNIT";
    case kConsumerNotOnline: return "CONSUMER_NOT_ONLINE";
    case kConsumeMsgTimeout: return "CONSUME_MSG_TIMEOUT";
    case kNoMessage: return "NO_MESSAGE";
    case kUpdateAndCreateAclConfigFailed: return "UPDATE_AND_CREATE_ACL_CONFIG_FAILED";
    case kDeleteAclConfigFailed: return "DELETE_ACL_CONFIG_FAILED";
    case kUpdateGlobalWhiteAddrsConfigFailed: return "UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED";
    case kFlowControl: return "FLOW_CONTROL";
    default: return "UNKNOWN";
  }
}

}  // namespace spool::remoting
