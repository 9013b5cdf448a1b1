// Client management, offsets, locks and retries through an embedded broker.
#include "broker_test_fixture.h"
#include "spool/protocol/consumer_list_body.h"
#include "spool/protocol/heartbeat_data.h"
#include "spool/protocol/lock_batch_body.h"
#include "spool/protocol/message_id.h"

namespace spool::broker::testing {
namespace {

RemotingCommand Heartbeat(const std::string& client_id, const std::string& group, const std::string& topic) {
  protocol::HeartbeatData hb;
  hb.client_id = client_id;
  protocol::ConsumerData& c = hb.consumer_data_set.emplace_back();
  c.group_name = group;
  c.subscription_data_set.push_back(protocol::BuildSubscriptionData(topic, "*", 1));
  hb.producer_data_set.push_back({.group_name = "P1"});
  RemotingCommand request = RemotingCommand::CreateRequest(request_code::kHeartBeat);
  request.set_body(hb.Encode());
  return request;
}

// Counts NOTIFY_CONSUMER_IDS_CHANGED received by one client.
struct NotifyCounter {
  absl::Mutex mu;
  int count ABSL_GUARDED_BY(mu) = 0;
  std::string group ABSL_GUARDED_BY(mu);
  bool WaitFor(int n) {
    absl::MutexLock lock(&mu);
    auto reached = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu) { return count >= n; };
    return mu.AwaitWithTimeout(absl::Condition(&reached), absl::Seconds(10));
  }
};

TEST_CASE("Heartbeat, consumer list and NOTIFY_CONSUMER_IDS_CHANGED to the other consumer", "[broker][clients]") {
  BrokerFixture f;
  NotifyCounter counter;
  remoting::RemotingClient first;
  REQUIRE(first
              .RegisterProcessor(request_code::kNotifyConsumerIdsChanged,
                                 remoting::MakeRequestProcessor([&](const remoting::RequestContext&,
                                                                    RemotingCommand request) -> remoting::ProcessResult {
                                   absl::MutexLock lock(&counter.mu);
                                   ++counter.count;
                                   counter.group = *request.FindExtField("consumerGroup");
                                   return std::nullopt;
                                 }),
                                 std::make_shared<remoting::BoundedThreadPool>("notify", 1, 16))
              .ok());
  REQUIRE(first.Start().ok());
  auto hb1 = first.InvokeSync(f.addr(), Heartbeat("c1", "CG", "T"), absl::Seconds(5));
  REQUIRE(hb1.ok());
  CHECK(hb1->code() == response_code::kSuccess);
  REQUIRE(counter.WaitFor(1));  // its own join

  // A second consumer joins on another connection: the first is told.
  RemotingCommand hb2 = f.Invoke(Heartbeat("c2", "CG", "T"));
  CHECK(hb2.code() == response_code::kSuccess);
  REQUIRE(counter.WaitFor(2));

  RemotingCommand list = RemotingCommand::CreateRequest(request_code::kGetConsumerListByGroup);
  protocol::EncodeHeader(protocol::GetConsumerListByGroupRequestHeader{.consumer_group = "CG"}, &list);
  RemotingCommand lr = f.Invoke(list);
  REQUIRE(lr.code() == response_code::kSuccess);
  auto body = protocol::ConsumerListBody::Decode(lr.body());
  REQUIRE(body.ok());
  std::vector<std::string> ids = body->consumer_id_list;
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"c1", "c2"});

  // The second leaves: the first is told again.
  RemotingCommand unregister = RemotingCommand::CreateRequest(request_code::kUnregisterClient);
  protocol::EncodeHeader(protocol::UnregisterClientRequestHeader{.client_id = "c2", .producer_group = "P1",
                                                                 .consumer_group = "CG"},
                         &unregister);
  CHECK(f.Invoke(unregister).code() == response_code::kSuccess);
  REQUIRE(counter.WaitFor(3));
  {
    absl::MutexLock lock(&counter.mu);
    CHECK(counter.group == "CG");
  }

  // The heartbeat registered the subscription: a pull without the subscription bit uses it.
  RemotingCommand pull = BrokerFixture::PullRequest("CG", "T", 0, 0, 0);
  auto pr = first.InvokeSync(f.addr(), pull, absl::Seconds(5));
  REQUIRE(pr.ok());
  CHECK(pr->code() == response_code::kTopicNotExist);  // T has no config yet
  first.Shutdown();

  RemotingCommand empty = f.Invoke(list);
  CHECK(empty.code() == response_code::kSystemError);
  CHECK(empty.remark()->find("no consumer for this group") != std::string::npos);

  RemotingCommand garbage = RemotingCommand::CreateRequest(request_code::kHeartBeat);
  garbage.set_body("{not json");
  CHECK(f.Invoke(garbage).code() == response_code::kSystemError);
}

TEST_CASE("Consumer offsets: update, query, pull commit, persisted across a restart", "[broker][offsets]") {
  BrokerFixture f;
  REQUIRE(f.SendV2("OT", 0, "a").code() == 0);
  REQUIRE(f.SendV2("OT", 0, "b").code() == 0);
  f.WaitDispatched("OT", 0, 2);
  RemotingCommand query = RemotingCommand::CreateRequest(request_code::kQueryConsumerOffset);
  protocol::EncodeHeader(protocol::QueryConsumerOffsetRequestHeader{.consumer_group = "OG", .topic = "OT", .queue_id = 0},
                         &query);
  // Never committed, first message still at offset 0: start from 0.
  RemotingCommand q0 = f.Invoke(query);
  CHECK(q0.code() == response_code::kSuccess);
  CHECK(protocol::OffsetResponseHeader::FromExtFields(q0)->offset == 0);

  RemotingCommand update = RemotingCommand::CreateRequest(request_code::kUpdateConsumerOffset);
  protocol::EncodeHeader(protocol::UpdateConsumerOffsetRequestHeader{.consumer_group = "OG", .topic = "OT",
                                                                     .queue_id = 0, .commit_offset = 2},
                         &update);
  CHECK(f.Invoke(update).code() == response_code::kSuccess);
  CHECK(protocol::OffsetResponseHeader::FromExtFields(f.Invoke(query))->offset == 2);

  // Pull piggy-backing: the commit bit stores commitOffset.
  RemotingCommand pull = BrokerFixture::PullRequest(
      "OG2", "OT", 0, 0, protocol::kPullSysFlagCommitOffset | protocol::kPullSysFlagSubscription);
  pull.SetExtField("commitOffset", "1");
  CHECK(f.Invoke(pull).code() == response_code::kSuccess);

  RemotingCommand max = RemotingCommand::CreateRequest(request_code::kGetMaxOffset);
  protocol::EncodeHeader(protocol::GetMaxOffsetRequestHeader{.topic = "OT", .queue_id = 0}, &max);
  CHECK(protocol::OffsetResponseHeader::FromExtFields(f.Invoke(max))->offset == 2);
  RemotingCommand min = RemotingCommand::CreateRequest(request_code::kGetMinOffset);
  protocol::EncodeHeader(protocol::GetMinOffsetRequestHeader{.topic = "OT", .queue_id = 0}, &min);
  CHECK(protocol::OffsetResponseHeader::FromExtFields(f.Invoke(min))->offset == 0);

  f.StopBroker();
  f.StartBroker();
  CHECK(protocol::OffsetResponseHeader::FromExtFields(f.Invoke(query))->offset == 2);
  RemotingCommand query2 = RemotingCommand::CreateRequest(request_code::kQueryConsumerOffset);
  protocol::EncodeHeader(
      protocol::QueryConsumerOffsetRequestHeader{.consumer_group = "OG2", .topic = "OT", .queue_id = 0}, &query2);
  CHECK(protocol::OffsetResponseHeader::FromExtFields(f.Invoke(query2))->offset == 1);
}

TEST_CASE("Lock batch: granted to the first client, refused to another, released by unlock", "[broker][locks]") {
  BrokerFixture f;
  protocol::LockBatchRequestBody body{.consumer_group = "LG", .client_id = "c1",
                                      .mq_set = {{.topic = "T", .broker_name = "broker-a", .queue_id = 0},
                                                 {.topic = "T", .broker_name = "broker-a", .queue_id = 1}}};
  auto lock = [&](const protocol::LockBatchRequestBody& b) {
    RemotingCommand request = RemotingCommand::CreateRequest(request_code::kLockBatchMq);
    request.set_body(b.Encode());
    RemotingCommand r = f.Invoke(request);
    REQUIRE(r.code() == response_code::kSuccess);
    auto got = protocol::LockBatchResponseBody::Decode(r.body());
    REQUIRE(got.ok());
    return got->lock_ok_mq_set;
  };
  CHECK(lock(body).size() == 2);
  protocol::LockBatchRequestBody other = body;
  other.client_id = "c2";
  CHECK(lock(other).empty());
  RemotingCommand unlock = RemotingCommand::CreateRequest(request_code::kUnlockBatchMq);
  protocol::LockBatchRequestBody partial = body;
  partial.mq_set.erase(partial.mq_set.begin());
  unlock.set_body(partial.Encode());
  CHECK(f.Invoke(unlock).code() == response_code::kSuccess);
  CHECK(lock(other).size() == 1);

  RemotingCommand bad = RemotingCommand::CreateRequest(request_code::kLockBatchMq);
  bad.set_body("[");
  CHECK(f.Invoke(bad).code() == response_code::kSystemError);
}

TEST_CASE("CONSUMER_SEND_MSG_BACK goes to the retry topic (delayed) or the DLQ", "[broker][retry]") {
  BrokerFixture f;
  RemotingCommand sent = f.SendV2("RT", 0, "payload", "TagA");
  REQUIRE(sent.code() == 0);
  auto id = protocol::DecodeOffsetMessageId(protocol::SendMessageResponseHeader::FromExtFields(sent)->msg_id);
  REQUIRE(id.ok());

  RemotingCommand back = RemotingCommand::CreateRequest(request_code::kConsumerSendMsgBack);
  protocol::EncodeHeader(protocol::ConsumerSendMsgBackRequestHeader{.offset = id->commit_log_offset, .group = "RG",
                                                                    .delay_level = 0, .origin_msg_id = std::nullopt,
                                                                    .origin_topic = "RT", .unit_mode = false,
                                                                    .max_reconsume_times = std::nullopt},
                         &back);
  CHECK(f.Invoke(back).code() == response_code::kSuccess);
  // Parked in SCHEDULE_TOPIC_XXXX queue level-1 = 2 (3 + reconsumeTimes 0), destined for %RETRY%RG.
  f.WaitDispatched("SCHEDULE_TOPIC_XXXX", 2, 1);
  RemotingCommand scheduled = f.Pull("G", "SCHEDULE_TOPIC_XXXX", 2, 0);
  REQUIRE(scheduled.code() == response_code::kSuccess);
  auto recs = BrokerFixture::DecodeRecords(scheduled.body());
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].properties.Get("REAL_TOPIC") == "%RETRY%RG");
  CHECK(recs[0].properties.Get("RETRY_TOPIC") == "RT");
  CHECK(recs[0].reconsume_times == 1);
  CHECK(recs[0].body == "payload");

  // A negative delay level sends it to the DLQ.
  back.SetExtField("delayLevel", "-1");
  CHECK(f.Invoke(back).code() == response_code::kSuccess);
  f.WaitDispatched("%DLQ%RG", 0, 1);
  RemotingCommand dlq = f.Pull("G", "%DLQ%RG", 0, 0);
  REQUIRE(dlq.code() == response_code::kSuccess);
  CHECK(BrokerFixture::DecodeRecords(dlq.body()).at(0).body == "payload");

  back.SetExtField("offset", "999999999");
  RemotingCommand missing = f.Invoke(back);
  CHECK(missing.code() == response_code::kSystemError);
  CHECK(missing.remark()->find("look message by offset failed") != std::string::npos);
}

TEST_CASE("Admin: create topic, topic config, runtime info, view by id", "[broker][admin]") {
  BrokerFixture f;
  RemotingCommand create = RemotingCommand::CreateRequest(request_code::kUpdateAndCreateTopic);
  create.SetExtField("topic", "AdminT");
  create.SetExtField("defaultTopic", "TBW102");
  create.SetExtField("readQueueNums", "3");
  create.SetExtField("writeQueueNums", "3");
  create.SetExtField("perm", "6");
  create.SetExtField("topicFilterType", "SINGLE_TAG");
  create.SetExtField("order", "false");
  CHECK(f.Invoke(create).code() == response_code::kSuccess);
  create.SetExtField("topic", "SCHEDULE_TOPIC_XXXX");
  CHECK(f.Invoke(create).code() == response_code::kSystemError);

  RemotingCommand all = f.Invoke(RemotingCommand::CreateRequest(request_code::kGetAllTopicConfig));
  CHECK(all.code() == response_code::kSuccess);
  CHECK(all.body().find("\"AdminT\"") != std::string::npos);

  RemotingCommand info = f.Invoke(RemotingCommand::CreateRequest(request_code::kGetBrokerRuntimeInfo));
  CHECK(info.code() == response_code::kSuccess);
  CHECK(info.body().find("msgPutTotalTodayNow") != std::string::npos);

  RemotingCommand sent = f.SendV2("AdminT", 2, "viewed");
  auto id = protocol::DecodeOffsetMessageId(protocol::SendMessageResponseHeader::FromExtFields(sent)->msg_id);
  REQUIRE(id.ok());
  f.WaitDispatched("AdminT", 2, 1);
  RemotingCommand view = RemotingCommand::CreateRequest(request_code::kViewMessageById);
  protocol::EncodeHeader(protocol::ViewMessageRequestHeader{.offset = id->commit_log_offset}, &view);
  RemotingCommand viewed = f.Invoke(view);
  REQUIRE(viewed.code() == response_code::kSuccess);
  CHECK(BrokerFixture::DecodeRecords(viewed.body()).at(0).body == "viewed");

  RemotingCommand stats = RemotingCommand::CreateRequest(request_code::kGetTopicStatsInfo);
  stats.SetExtField("topic", "AdminT");
  CHECK(f.Invoke(stats).code() == response_code::kSuccess);
  stats.SetExtField("topic", "Nope");
  CHECK(f.Invoke(stats).code() == response_code::kTopicNotExist);
}

}  // namespace
}  // namespace spool::broker::testing
