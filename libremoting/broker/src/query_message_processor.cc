#include "query_message_processor.h"

#include "absl/strings/str_cat.h"
#include "spool/protocol/broker_headers.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"

namespace spool::broker::internal {

namespace response_code = remoting::response_code;
using remoting::RemotingCommand;

namespace {

// Java's defaultQueryMaxNum for UNIQ_KEY queries.
constexpr int32_t kDefaultQueryMaxNum = 32;

// The stored bytes of a record: re-read by offset (QueryMessages returns decoded records only).
absl::StatusOr<std::string> RawRecord(store::MessageStore* store, int64_t offset) {
  absl::StatusOr<store::MessageRecord> rec = store->LookMessageByOffset(offset);
  if (!rec.ok()) return rec.status();
  // Queue read of exactly that record gives its raw bytes.
  store::GetRequest get;
  get.topic = rec->topic;
  get.queue_id = rec->queue_id;
  get.offset = rec->queue_offset;
  get.max_messages = 1;
  get.decode = false;
  store::GetResult got = store->GetMessages(get);
  if (got.status != store::GetMessageStatus::kFound || got.raw.empty()) {
    return absl::NotFoundError(absl::StrCat("record at ", offset, " is not readable through its queue"));
  }
  return got.raw.front();
}

}  // namespace

remoting::ProcessResult QueryMessageProcessor::Process(const remoting::RequestContext& ctx, RemotingCommand request) {
  (void)ctx;
  if (request.code() == remoting::request_code::kViewMessageById) {
    auto h = protocol::ViewMessageRequestHeader::FromExtFields(request);
    if (!h.ok()) return ErrorResponse(request, response_code::kSystemError, std::string(h.status().message()));
    absl::StatusOr<std::string> raw = RawRecord(ctx_->store, h->offset);
    if (!raw.ok()) {
      return ErrorResponse(request, response_code::kSystemError,
                           absl::StrCat("can not find message by the offset, ", h->offset));
    }
    RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
    response.set_body(*std::move(raw));
    return response;
  }
  auto h = protocol::QueryMessageRequestHeader::FromExtFields(request);
  if (!h.ok()) return ErrorResponse(request, response_code::kSystemError, std::string(h.status().message()));
  int32_t max_num = h->max_num;
  if (const std::string* uniq = request.FindExtField(protocol::kUniqueKeyQueryField);
      uniq != nullptr && *uniq == "true") {
    max_num = kDefaultQueryMaxNum;
  }
  store::QueryResult result =
      ctx_->store->QueryMessages(h->topic, h->key, max_num, h->begin_timestamp, h->end_timestamp);
  std::string body;
  for (const store::MessageRecord& rec : result.messages) {
    absl::StatusOr<std::string> raw = RawRecord(ctx_->store, rec.commit_log_offset);
    if (raw.ok()) body += *raw;
  }
  if (body.empty()) {
    return ErrorResponse(request, response_code::kQueryNotFound, "can not find message, maybe time range not correct");
  }
  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
  protocol::EncodeHeader(
      protocol::QueryMessageResponseHeader{.index_last_update_timestamp = result.index_last_update_timestamp,
                                           .index_last_update_phyoffset = result.index_last_update_phy_offset},
      &response);
  response.set_body(std::move(body));
  return response;
}

}  // namespace spool::broker::internal
