// File: spool/protocol/message_properties.h
// The message properties string of RocketMQ (MessageDecoder.messageProperties2String / string2messageProperties):
// `name\x01value` pairs joined by `\x02`. It travels in the send header's `properties` field and inside batch
// bodies and stored records.
//
//   MessagePropertyList props = {{"TAGS", "TagA"}, {"KEYS", "k1 k2"}};
//   std::string text = EncodeMessageProperties(props);        // "TAGS\x01TagA\x02KEYS\x01k1 k2"
//   MessagePropertyList back = DecodeMessageProperties(text);
//
// Encoding omits the trailing `\x02` (Java 4.9.7); decoding accepts it (older clients and ali-ons keep it), skips
// empty items and items without exactly one `\x01`, as Java does. Order is kept; a repeated name is kept twice
// by Decode (FindMessageProperty returns the last, as a Java map put would).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spool::protocol {

inline constexpr char kNameValueSeparator = '\x01';
inline constexpr char kPropertySeparator = '\x02';

// MessageConst names the broker and clients use.
inline constexpr char kPropertyKeys[] = "KEYS";
inline constexpr char kPropertyTags[] = "TAGS";
inline constexpr char kPropertyWaitStoreMsgOk[] = "WAIT";
inline constexpr char kPropertyDelayTimeLevel[] = "DELAY";
inline constexpr char kPropertyRetryTopic[] = "RETRY_TOPIC";
inline constexpr char kPropertyRealTopic[] = "REAL_TOPIC";
inline constexpr char kPropertyRealQueueId[] = "REAL_QID";
inline constexpr char kPropertyTransactionPrepared[] = "TRAN_MSG";
inline constexpr char kPropertyProducerGroup[] = "PGROUP";
inline constexpr char kPropertyMinOffset[] = "MIN_OFFSET";
inline constexpr char kPropertyMaxOffset[] = "MAX_OFFSET";
inline constexpr char kPropertyOriginMessageId[] = "ORIGIN_MESSAGE_ID";
inline constexpr char kPropertyReconsumeTime[] = "RECONSUME_TIME";
inline constexpr char kPropertyMsgRegion[] = "MSG_REGION";
inline constexpr char kPropertyTraceSwitch[] = "TRACE_ON";
inline constexpr char kPropertyUniqClientMessageIdKey[] = "UNIQ_KEY";
inline constexpr char kPropertyMaxReconsumeTimes[] = "MAX_RECONSUME_TIMES";
inline constexpr char kPropertyCluster[] = "CLUSTER";

using MessagePropertyList = std::vector<std::pair<std::string, std::string>>;

std::string EncodeMessageProperties(const MessagePropertyList& properties);
MessagePropertyList DecodeMessageProperties(std::string_view text);

// The value of the last property named `name`, or nullptr.
const std::string* FindMessageProperty(const MessagePropertyList& properties, std::string_view name);
// Replaces every property named `name` by one at the position of the first (appended if absent).
void SetMessageProperty(MessagePropertyList* properties, std::string_view name, std::string_view value);
void EraseMessageProperty(MessagePropertyList* properties, std::string_view name);

}  // namespace spool::protocol
