#include "consumer_api.h"

#include <catch2/catch.hpp>
#include <zlib.h>

#include "spool/remoting/response_code.h"
#include "spool/store/message.h"

namespace spool::client::internal {
namespace {

namespace resp = remoting::response_code;

// One v1 record, encoded by hand from the layout in spec store.md (big-endian), with `tags`.
std::string Record(const std::string& topic, int64_t queue_offset, const std::string& tags, const std::string& body) {
  std::string props = "TAGS\x01" + tags + "\x02";
  std::string r;
  auto put32 = [&r](uint32_t v) {
    for (int i = 3; i >= 0; --i) r.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  auto put64 = [&](uint64_t v) {
    put32(static_cast<uint32_t>(v >> 32));
    put32(static_cast<uint32_t>(v));
  };
  const uint32_t total = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8 + 4 + body.size() + 1 +
                         topic.size() + 2 + props.size();
  put32(total);
  put32(0xDAA320A7u);
  // UtilAll.crc32: java.util.zip.CRC32, sign bit cleared.
  put32(static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())) & 0x7FFFFFFFu);
  put32(0);  // queue id
  put32(0);  // flag
  put64(queue_offset);
  put64(100 + queue_offset);  // commit-log offset
  put32(0);  // sys flag
  put64(1700000000000);
  put32(0x7F000001);
  put32(1234);
  put64(1700000000001);
  put32(0x7F000001);
  put32(10911);
  put32(0);  // reconsume times
  put64(0);
  put32(static_cast<uint32_t>(body.size()));
  r += body;
  r.push_back(static_cast<char>(topic.size()));
  r += topic;
  r.push_back(static_cast<char>(props.size() >> 8));
  r.push_back(static_cast<char>(props.size() & 0xFF));
  r += props;
  return r;
}

remoting::RemotingCommand PullResponse(int32_t code, std::string body) {
  remoting::RemotingCommand response = remoting::RemotingCommand::CreateResponse(code);
  protocol::EncodeHeader(
      protocol::PullMessageResponseHeader{.next_begin_offset = 7, .min_offset = 0, .max_offset = 9}, &response);
  response.set_body(std::move(body));
  return response;
}

TEST_CASE("ProcessPullResponse: statuses by code, offsets from the header", "[pull]") {
  const MessageQueue q{"T", "b", 0};
  const protocol::SubscriptionData all = protocol::BuildSubscriptionData("T", "*", 1);
  absl::StatusOr<PullResult> none = ProcessPullResponse(PullResponse(resp::kPullNotFound, ""), q, all);
  REQUIRE(none.ok());
  CHECK(none->status == PullStatus::kNoNewMsg);
  CHECK(none->next_begin_offset == 7);
  CHECK(none->max_offset == 9);
  CHECK(ProcessPullResponse(PullResponse(resp::kPullRetryImmediately, ""), q, all)->status ==
        PullStatus::kNoMatchedMsg);
  CHECK(ProcessPullResponse(PullResponse(resp::kPullOffsetMoved, ""), q, all)->status == PullStatus::kOffsetIllegal);
  absl::Status refused = ProcessPullResponse(PullResponse(resp::kSubscriptionNotExist, ""), q, all).status();
  CHECK(absl::IsNotFound(refused));
  CHECK(std::string(refused.message()).find("SUBSCRIPTION_NOT_EXIST") != std::string::npos);
}

TEST_CASE("ProcessPullResponse: FOUND bodies decoded and filtered by tag name", "[pull]") {
  const MessageQueue q{"T", "b", 0};
  const std::string body = Record("T", 0, "TagA", "a") + Record("T", 1, "TagB", "b") + Record("T", 2, "TagC", "c");
  absl::StatusOr<PullResult> all =
      ProcessPullResponse(PullResponse(resp::kSuccess, body), q, protocol::BuildSubscriptionData("T", "*", 1));
  INFO(all.status().ToString());
  REQUIRE(all.ok());
  CHECK(all->status == PullStatus::kFound);
  REQUIRE(all->messages.size() == 3);
  CHECK(all->messages[2].queue_offset == 2);
  CHECK(all->messages[2].store_host == "127.0.0.1:10911");

  // The broker filters by hash code only; a colliding tag must still be dropped here.
  absl::StatusOr<PullResult> some = ProcessPullResponse(
      PullResponse(resp::kSuccess, body), q, protocol::BuildSubscriptionData("T", "TagA || TagC", 1));
  REQUIRE(some.ok());
  REQUIRE(some->messages.size() == 2);
  CHECK(some->messages[0].body() == "a");
  CHECK(some->messages[1].body() == "c");

  CHECK(absl::IsDataLoss(ProcessPullResponse(PullResponse(resp::kSuccess, body.substr(0, body.size() - 3)), q,
                                             protocol::BuildSubscriptionData("T", "*", 1))
                             .status()));
}

}  // namespace
}  // namespace spool::client::internal
