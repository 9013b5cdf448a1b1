// Bad input against the real in-process name server and broker while a well-behaved producer and push consumer
// are being served: malformed frames, unknown codes, missing or unparsable header fields, oversized and malformed
// bodies, unknown and illegal topics, corrupt broker registrations. Each gets a clear answer (or, for a frame that
// cannot be decoded, a closed connection, as RocketMQ's Netty decoder does) within a deadline; the good clients
// never notice; afterwards the store directory holds exactly what the good producer was told was stored.
#include <catch2/catch.hpp>

#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "e2e_cluster.h"
#include "raw_connection.h"
#include "spool/client/producer.h"
#include "spool/client/push_consumer.h"
#include "spool/protocol/body_crc32.h"
#include "spool/protocol/message_batch_codec.h"
#include "spool/remoting/frame_codec.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/store/message_store.h"

namespace spool::e2e {
namespace {

namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;
using remoting::RemotingCommand;
using remoting::SerializeType;

// Upper bounds only: a reply or a close later than this is a hang, not a slow machine.
constexpr absl::Duration kReplyDeadline = absl::Seconds(10);

constexpr char kGoodTopic[] = "GoodTopic";
constexpr char kAbuseTopic[] = "AbuseTopic";  // exists; the abuser's refused sends aim here, so a leak shows
constexpr char kGoodGroup[] = "GoodCG";

uint16_t PortOf(const std::string& addr) { return static_cast<uint16_t>(std::stoi(addr.substr(addr.rfind(':') + 1))); }

// True when `remark` mentions `word` as a whole token (not as part of a longer identifier).
bool NamesToken(const std::optional<std::string>& remark, std::string_view word) {
  if (!remark.has_value()) return false;
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t at = remark->find(word); at != std::string::npos; at = remark->find(word, at + 1)) {
    const bool left = at == 0 || !ident((*remark)[at - 1]);
    const bool right = at + word.size() == remark->size() || !ident((*remark)[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}

// --- The well-behaved clients ---

struct Acked {
  std::string key;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  std::string offset_msg_id;
};

// Sync sends with distinct bodies and keys, paced a little so that two cores are left for the servers and the
// abuser, from its own thread until Stop().
class GoodProducer {
 public:
  explicit GoodProducer(const Cluster& cluster) : producer_("GoodPG", Options(cluster)) {}
  ~GoodProducer() { Stop(); }

  absl::Status Start() {
    if (absl::Status s = producer_.Start(); !s.ok()) return s;
    thread_ = std::thread([this] { Run(); });
    return absl::OkStatus();
  }

  void Stop() {
    if (!stop_.HasBeenNotified()) stop_.Notify();
    if (thread_.joinable()) thread_.join();
    producer_.Shutdown();
  }

  size_t acked_count() const {
    absl::MutexLock lock(&mu_);
    return acked_.size();
  }
  // At least `n` acknowledged sends, or false at the deadline.
  bool WaitForAcked(size_t n, absl::Duration timeout) const {
    absl::MutexLock lock(&mu_);
    struct Args {
      const std::map<std::string, Acked>* acked;
      size_t n;
    } args{&acked_, n};
    return mu_.AwaitWithTimeout(absl::Condition(+[](Args* a) { return a->acked->size() >= a->n; }, &args), timeout);
  }
  std::map<std::string, Acked> acked() const {
    absl::MutexLock lock(&mu_);
    return acked_;
  }
  std::vector<std::string> failures() const {
    absl::MutexLock lock(&mu_);
    return failures_;
  }

 private:
  static client::ProducerOptions Options(const Cluster& cluster) {
    client::ProducerOptions o;
    o.client = cluster.ClientConfigFor();
    o.client.instance_name = "good-producer";
    return o;
  }

  void Run() {
    for (int i = 0; !stop_.HasBeenNotified(); ++i) {
      const std::string body = absl::StrCat("good-body-", i, "-", std::string(i % 97, 'x'));
      const std::string key = absl::StrCat("good-key-", i);
      client::Message msg(kGoodTopic, "TagG", body);
      msg.SetKeys(key);
      absl::StatusOr<client::SendResult> r = producer_.Send(msg);
      {
        absl::MutexLock lock(&mu_);
        if (r.ok() && r->status == client::SendStatus::kSendOk) {
          acked_[body] = Acked{key, r->queue.queue_id, r->queue_offset, r->offset_msg_id};
        } else {
          failures_.push_back(r.ok() ? std::string(client::SendStatusName(r->status)) : r.status().ToString());
        }
      }
      // Pacing, and the stop signal at the same time.
      stop_.WaitForNotificationWithTimeout(absl::Milliseconds(3));
    }
  }

  client::Producer producer_;
  absl::Notification stop_;
  std::thread thread_;
  mutable absl::Mutex mu_;
  std::map<std::string, Acked> acked_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> failures_ ABSL_GUARDED_BY(mu_);
};

client::PushConsumerOptions GoodConsumerOptions(const Cluster& cluster) {
  client::PushConsumerOptions o;
  o.client = cluster.ClientConfigFor();
  o.client.instance_name = "good-consumer";
  o.consume_from_where = client::ConsumeFromWhere::kConsumeFromFirstOffset;
  o.consume_thread_min = 2;
  o.offset_store_dir = cluster.dir().Sub("offsets");
  return o;
}

// --- Building requests the way a (mis)behaving client would ---

RemotingCommand Request(int32_t code, SerializeType type = SerializeType::kJson) {
  RemotingCommand r = RemotingCommand::CreateRequest(code);
  r.set_serialize_type(type);
  return r;
}

// A complete, valid SEND_MESSAGE_V2 header (spec remoting.md §7.1); cases then break one thing.
RemotingCommand SendV2(const std::string& topic, std::string body, int32_t queue_id = 0) {
  RemotingCommand r = Request(request_code::kSendMessageV2);
  r.SetExtField("a", "AbusePG");
  r.SetExtField("b", topic);
  r.SetExtField("c", "TBW102");
  r.SetExtFieldInt("d", 4);
  r.SetExtFieldInt("e", queue_id);
  r.SetExtFieldInt("f", 0);
  r.SetExtFieldInt("g", absl::ToUnixMillis(absl::Now()));
  r.SetExtFieldInt("h", 0);
  r.SetExtField("i", "KEYS\x01" "abuse\x02");
  r.SetExtFieldBool("m", false);
  r.set_body(std::move(body));
  return r;
}

// The same header with V1's long names (SEND_MESSAGE, 10).
RemotingCommand SendV1(const std::string& topic, std::string body) {
  RemotingCommand r = Request(request_code::kSendMessage);
  r.SetExtField("producerGroup", "AbusePG");
  r.SetExtField("topic", topic);
  r.SetExtField("defaultTopic", "TBW102");
  r.SetExtFieldInt("defaultTopicQueueNums", 4);
  r.SetExtFieldInt("queueId", 0);
  r.SetExtFieldInt("sysFlag", 0);
  r.SetExtFieldInt("bornTimestamp", absl::ToUnixMillis(absl::Now()));
  r.SetExtFieldInt("flag", 0);
  r.set_body(std::move(body));
  return r;
}

RemotingCommand BatchV2(const std::string& topic, std::string body) {
  RemotingCommand r = SendV2(topic, std::move(body));
  r.set_code(request_code::kSendBatchMessage);
  r.SetExtFieldBool("m", true);
  return r;
}

// A pull that may not be held (no suspend bit), with its own subscription.
RemotingCommand Pull(const std::string& topic) {
  RemotingCommand r = Request(request_code::kPullMessage);
  r.SetExtField("consumerGroup", "AbuseCG");
  r.SetExtField("topic", topic);
  r.SetExtFieldInt("queueId", 0);
  r.SetExtFieldInt("queueOffset", 0);
  r.SetExtFieldInt("maxMsgNums", 32);
  r.SetExtFieldInt("sysFlag", 0x4);
  r.SetExtFieldInt("commitOffset", 0);
  r.SetExtFieldInt("suspendTimeoutMillis", 0);
  r.SetExtField("subscription", "*");
  r.SetExtFieldInt("subVersion", 0);
  return r;
}

RemotingCommand QueryConsumerOffset(const std::string& topic) {
  RemotingCommand r = Request(request_code::kQueryConsumerOffset);
  r.SetExtField("consumerGroup", "AbuseCG");
  r.SetExtField("topic", topic);
  r.SetExtFieldInt("queueId", 0);
  return r;
}

RemotingCommand GetMaxOffset(const std::string& topic, SerializeType type = SerializeType::kJson) {
  RemotingCommand r = Request(request_code::kGetMaxOffset, type);
  r.SetExtField("topic", topic);
  r.SetExtFieldInt("queueId", 0);
  return r;
}

RemotingCommand RouteOf(const std::string& topic) {
  RemotingCommand r = Request(request_code::kGetRouteinfoByTopic);
  r.SetExtField("topic", topic);
  return r;
}

// REGISTER_BROKER for a broker nobody runs, announcing a topic nobody created.
RemotingCommand EvilRegistration(std::string body) {
  RemotingCommand r = Request(request_code::kRegisterBroker);
  r.SetExtField("brokerName", "evil-broker");
  r.SetExtField("brokerAddr", "127.0.0.1:1");
  r.SetExtField("clusterName", "EvilCluster");
  r.SetExtField("haServerAddr", "127.0.0.1:2");
  r.SetExtFieldInt("brokerId", 0);
  r.SetExtFieldBool("compressed", false);
  r.SetExtFieldInt("bodyCrc32", protocol::BodyCrc32(body));
  r.set_body(std::move(body));
  return r;
}

constexpr char kEvilBody[] =
    R"({"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":1,"timestamp":1700000000000},)"
    R"("topicConfigTable":{"EvilTopic":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG",)"
    R"("topicName":"EvilTopic","topicSysFlag":0,"writeQueueNums":4}}}})";

// One batch record (spec broker.md §3.1) with a chosen totalSize and bodyLen, to lie with.
std::string BatchRecord(int32_t total_size, int32_t body_len, const std::string& body, const std::string& props) {
  std::string out = Be32(static_cast<uint32_t>(total_size)) + Be32(0) + Be32(0) + Be32(0) +
                    Be32(static_cast<uint32_t>(body_len)) + body;
  out.push_back(static_cast<char>(props.size() >> 8));
  out.push_back(static_cast<char>(props.size()));
  return out + props;
}

std::string ValidFrame(const RemotingCommand& cmd) {
  absl::StatusOr<std::string> frame = remoting::EncodeFrame(cmd);
  REQUIRE(frame.ok());
  return *frame;
}

// --- The abuser ---

// One server (the broker or the name server) as the abuser sees it.
class Target {
 public:
  Target(std::string name, uint16_t port, std::function<RemotingCommand()> probe)
      : name_(std::move(name)), port_(port), probe_(std::move(probe)) {}

  const std::string& name() const { return name_; }
  RemotingCommand probe() const { return probe_(); }

  RawConnection Connect() const {
    absl::StatusOr<RawConnection> c = RawConnection::Connect(port_);
    INFO(name_ << ": " << c.status().ToString());
    REQUIRE(c.ok());
    return *std::move(c);
  }

  // A well-formed request that must succeed: the server is up and this connection still works.
  void ExpectServes(RawConnection& conn) const {
    absl::StatusOr<RemotingCommand> r = conn.Call(probe_(), kReplyDeadline);
    INFO(name_ << " probe: " << r.status().ToString());
    REQUIRE(r.ok());
    CHECK(r->code() == response_code::kSuccess);
  }
  void ExpectServesNewConnection() const {
    RawConnection conn = Connect();
    ExpectServes(conn);
  }

  // Sends `request` on `conn` and returns the answer (which must come).
  RemotingCommand CallOn(RawConnection& conn, RemotingCommand request) const {
    const std::string what = request.DebugString();
    absl::StatusOr<RemotingCommand> r = conn.Call(std::move(request), kReplyDeadline);
    INFO(name_ << " <- " << what << ": " << r.status().ToString());
    REQUIRE(r.ok());
    return *std::move(r);
  }

  // Bytes that are not a good frame: the server must drop the connection (RocketMQ's decoder closes the channel)
  // or, where the framing itself is intact, answer with an error; within the deadline, and go on serving.
  void ExpectRefused(const std::string& label, const std::string& bytes, bool half_close = false) const {
    INFO(name_ << ": " << label);
    RawConnection conn = Connect();
    (void)conn.Write(bytes);  // the server may close while we still write; that is one of the right outcomes
    if (half_close) conn.ShutdownWrite();
    const PeerReaction r = conn.AwaitPeer(kReplyDeadline);
    INFO("reaction " << r.kind << " " << (r.response ? r.response->DebugString() : r.error));
    if (r.kind == PeerReaction::kResponse) {
      CHECK(r.response->is_response());
      CHECK(r.response->code() != response_code::kSuccess);
    } else {
      CHECK(r.kind == PeerReaction::kClosed);
    }
    ExpectServesNewConnection();
  }

 private:
  std::string name_;
  uint16_t port_;
  std::function<RemotingCommand()> probe_;
};

void ExpectCode(const RemotingCommand& r, int32_t code) {
  INFO(r.DebugString());
  CHECK(r.is_response());
  CHECK(r.code() == code);
  CHECK(r.remark().has_value());
  CHECK_FALSE(r.remark().value_or("").empty());
}

// Every malformed-frame case, against one server.
void AbuseFraming(const Target& t) {
  const std::string good = ValidFrame(GetMaxOffset(kGoodTopic));

  t.ExpectRefused("garbage: an HTTP request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  t.ExpectRefused("garbage: a TLS ClientHello start", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
  t.ExpectRefused("frame length 16 MiB + 1 (over the cap)", Be32(16 * 1024 * 1024 + 1) + Be32(0) + "{}");
  t.ExpectRefused("frame length 16 MiB - 3 (one over the largest legal length)", Be32(16 * 1024 * 1024 - 3) + Be32(2));
  t.ExpectRefused("frame length INT32_MAX", Be32(0x7fffffff) + Be32(2) + "{}");
  t.ExpectRefused("negative frame length", Be32(0xffffffff) + Be32(2) + "{}");
  t.ExpectRefused("zero frame length", Be32(0));
  t.ExpectRefused("frame length 3 (no room for headerInfo)", Be32(3) + "abc");
  t.ExpectRefused("empty header", Be32(4) + Be32(0));
  t.ExpectRefused("header length larger than the frame", Be32(8) + Be32(1000) + "{}{}");
  {
    std::string lie = good;
    lie[5] = '\x7f';  // headerLength now ~8 MiB inside a frame of a few hundred bytes
    t.ExpectRefused("header length larger than the frame (valid JSON after it)", lie);
  }
  t.ExpectRefused("truncated frame, then close", good.substr(0, good.size() / 2), /*half_close=*/true);
  t.ExpectRefused("header that is not JSON", Be32(4 + 12) + Be32(12) + "not json {{{");
  t.ExpectRefused("JSON header of the wrong shape", Be32(4 + 7) + Be32(7) + "[1,2,3]");
  t.ExpectRefused("JSON header with a non-numeric code", Be32(4 + 12) + Be32(12) + R"({"code":"x"})");
  {
    // RapidJSON parses recursively unless told otherwise: a deep header must be refused, not overflow the stack.
    const std::string deep = R"({"code":30,"extFields":{"topic":)" + std::string(200000, '[') +
                             std::string(200000, ']') + "}}";
    t.ExpectRefused("JSON header nested 200000 deep",
                    Be32(static_cast<uint32_t>(4 + deep.size())) + Be32(static_cast<uint32_t>(deep.size())) + deep);
  }
  {
    std::string unknown_type = good;
    unknown_type[4] = '\x05';  // serialize type 5: neither JSON (0) nor ROCKETMQ (1)
    t.ExpectRefused("unknown serialize type", unknown_type);
  }
  t.ExpectRefused("ROCKETMQ header shorter than its fixed part", Be32(4 + 5) + Be32(0x01000005) + "abcde");
  {
    // Fixed 21 bytes whose remark length claims 1 MiB.
    std::string h = std::string("\x00\x1e\x00\x01\x97", 5) + Be32(1) + Be32(0) + Be32(1 << 20) + Be32(0);
    t.ExpectRefused("ROCKETMQ header whose remark runs past it",
                    Be32(static_cast<uint32_t>(4 + h.size())) + Be32(0x01000000u | static_cast<uint32_t>(h.size())) +
                        h);
  }
}

// Connections left holding half a frame (a slow or dead client) must not hold up anyone else. They stay open until
// the returned objects go away.
std::vector<RawConnection> HoldHalfFrames(const Target& t, int n) {
  std::vector<RawConnection> held;
  for (int i = 0; i < n; ++i) {
    held.push_back(t.Connect());
    REQUIRE(held.back().Write(Be32(1 << 20) + Be32(100) + std::string(50, '{')).ok());
  }
  return held;
}

// A valid request delivered one byte per write: the server must reassemble it.
void DribbleValidRequest(const Target& t) {
  INFO(t.name() << ": a valid request, one byte at a time");
  RawConnection conn = t.Connect();
  RemotingCommand probe = t.probe();
  probe.set_opaque(1'000'000'003);
  for (char c : ValidFrame(probe)) REQUIRE(conn.Write(std::string(1, c)).ok());
  absl::StatusOr<RemotingCommand> r = conn.ReadCommand(kReplyDeadline);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(r->opaque() == 1'000'000'003);
  CHECK(r->code() == response_code::kSuccess);
}

// Unknown request codes, JSON and ROCKETMQ, and oneway: REQUEST_CODE_NOT_SUPPORTED naming the code, answered in
// the request's serialization; the same connection keeps working.
void AbuseUnknownCodes(const Target& t) {
  for (SerializeType type : {SerializeType::kJson, SerializeType::kRocketMq}) {
    INFO(t.name() << " serialize type " << static_cast<int>(type));
    RawConnection conn = t.Connect();
    RemotingCommand r = t.CallOn(conn, Request(9999, type));
    ExpectCode(r, response_code::kRequestCodeNotSupported);
    CHECK(NamesToken(r.remark(), "9999"));
    CHECK(r.serialize_type() == type);
    t.ExpectServes(conn);
  }
  // Oneway: whether an answer comes depends on the server (Java answers a code without any processor even when
  // oneway, but a default processor's answer to a oneway request is dropped: the broker has one, the name server
  // here has none). So send a probe right behind it: whatever arrives before the probe's answer must be the
  // REQUEST_CODE_NOT_SUPPORTED for the oneway request, and the probe must succeed.
  constexpr int32_t kOnewayOpaque = 1'000'000'001;
  constexpr int32_t kProbeOpaque = 1'000'000'002;
  RawConnection conn = t.Connect();
  RemotingCommand oneway = Request(8888);
  oneway.MarkOneway();
  oneway.set_opaque(kOnewayOpaque);
  RemotingCommand probe = t.probe();
  probe.set_opaque(kProbeOpaque);
  REQUIRE(conn.Write(ValidFrame(oneway) + ValidFrame(probe)).ok());
  while (true) {
    absl::StatusOr<RemotingCommand> r = conn.ReadCommand(kReplyDeadline);
    INFO(t.name() << " after a oneway unknown code: " << r.status().ToString());
    REQUIRE(r.ok());
    if (r->opaque() == kProbeOpaque) {
      CHECK(r->code() == response_code::kSuccess);
      break;
    }
    CHECK(r->opaque() == kOnewayOpaque);
    ExpectCode(*r, response_code::kRequestCodeNotSupported);
    CHECK(NamesToken(r->remark(), "8888"));
  }
}

// Missing and unparsable header fields: SYSTEM_ERROR whose remark names the field (RocketMQ 4.9.7 ends such a
// request in SYSTEM_ERROR with the exception text; ours names the field).
void AbuseBrokerHeaders(const Target& t) {
  RawConnection conn = t.Connect();  // all on one connection: an error answer must not cost the connection
  struct Case {
    std::string label;
    RemotingCommand request;
    std::string field;
  };
  std::vector<Case> cases;
  auto without = [](RemotingCommand r, const std::string& key) {
    r.RemoveExtField(key);
    return r;
  };
  auto with = [](RemotingCommand r, const std::string& key, const std::string& value) {
    r.SetExtField(key, value);
    return r;
  };
  cases.push_back({"SEND_MESSAGE without topic", without(SendV1(kAbuseTopic, "x"), "topic"), "topic"});
  cases.push_back({"SEND_MESSAGE, bornTimestamp not a number",
                   with(SendV1(kAbuseTopic, "x"), "bornTimestamp", "yesterday"), "bornTimestamp"});
  cases.push_back({"SEND_MESSAGE_V2 without producerGroup (a)", without(SendV2(kAbuseTopic, "x"), "a"), "a"});
  cases.push_back({"SEND_MESSAGE_V2 without queueId (e)", without(SendV2(kAbuseTopic, "x"), "e"), "e"});
  cases.push_back({"SEND_MESSAGE_V2, queueId (e) not a number", with(SendV2(kAbuseTopic, "x"), "e", "zero"), "e"});
  cases.push_back(
      {"SEND_MESSAGE_V2, sysFlag (f) over int32", with(SendV2(kAbuseTopic, "x"), "f", "99999999999"), "f"});
  cases.push_back({"SEND_BATCH_MESSAGE without topic (b)", without(BatchV2(kAbuseTopic, ""), "b"), "b"});
  cases.push_back({"PULL_MESSAGE without queueOffset", without(Pull(kAbuseTopic), "queueOffset"), "queueOffset"});
  cases.push_back({"PULL_MESSAGE, maxMsgNums not a number", with(Pull(kAbuseTopic), "maxMsgNums", "lots"),
                   "maxMsgNums"});
  cases.push_back({"QUERY_CONSUMER_OFFSET without queueId", without(QueryConsumerOffset(kAbuseTopic), "queueId"),
                   "queueId"});
  cases.push_back({"QUERY_CONSUMER_OFFSET, queueId not a number",
                   with(QueryConsumerOffset(kAbuseTopic), "queueId", "0x1"), "queueId"});
  cases.push_back({"GET_MAX_OFFSET without topic", without(GetMaxOffset(kAbuseTopic), "topic"), "topic"});
  for (Case& c : cases) {
    INFO(c.label);
    RemotingCommand r = t.CallOn(conn, std::move(c.request));
    ExpectCode(r, response_code::kSystemError);
    CHECK(NamesToken(r.remark(), c.field));
  }
  t.ExpectServes(conn);
}

// Bodies the broker must refuse without storing anything.
void AbuseBrokerBodies(const Target& t) {
  RawConnection conn = t.Connect();
  const int32_t max = 4 * 1024 * 1024;  // maxMessageSize default, what the cluster's broker runs with

  {
    INFO("a body one byte over maxMessageSize");
    RemotingCommand r = t.CallOn(conn, SendV2(kAbuseTopic, std::string(max + 1, 'B')));
    ExpectCode(r, response_code::kMessageIllegal);
  }
  {
    INFO("a 12 MiB body (under the frame cap, three times maxMessageSize)");
    RemotingCommand r = t.CallOn(conn, SendV1(kAbuseTopic, std::string(12 * 1024 * 1024, 'C')));
    ExpectCode(r, response_code::kMessageIllegal);
  }
  {
    INFO("a batch whose whole body is over maxMessageSize");
    absl::StatusOr<std::string> body = protocol::EncodeMessageBatch({{.flag = 0, .body = std::string(max, 'D')}});
    REQUIRE(body.ok());
    ExpectCode(t.CallOn(conn, BatchV2(kAbuseTopic, *body)), response_code::kMessageIllegal);
  }
  {
    INFO("a send whose frame is exactly the 16 MiB frame cap (legal frame, body far over maxMessageSize)");
    RemotingCommand send = SendV1(kAbuseTopic, "");
    send.set_opaque(1'000'000'004);  // fixed now: its digits count in the header length
    absl::StatusOr<std::string> prefix = remoting::EncodeFramePrefix(send);
    REQUIRE(prefix.ok());
    send.set_body(std::string(remoting::kDefaultMaxFrameSize - prefix->size(), 'E'));
    REQUIRE(ValidFrame(send).size() == remoting::kDefaultMaxFrameSize);
    ExpectCode(t.CallOn(conn, std::move(send)), response_code::kMessageIllegal);
  }
  {
    INFO("properties longer than 32767 bytes");
    RemotingCommand send = SendV2(kAbuseTopic, "x");
    send.SetExtField("i", "KEYS\x01" + std::string(40000, 'k'));
    ExpectCode(t.CallOn(conn, std::move(send)), response_code::kMessageIllegal);
  }
  const std::vector<std::string> bad_heartbeats = {"not json", std::string(100000, '['), R"({"clientID":[]})"};
  for (const std::string& body : bad_heartbeats) {
    INFO("HEART_BEAT with a bad body: " << body.substr(0, 20));
    RemotingCommand hb = Request(request_code::kHeartBeat);
    hb.set_body(body);
    ExpectCode(t.CallOn(conn, std::move(hb)), response_code::kSystemError);
  }
  absl::StatusOr<std::string> good_record = protocol::EncodeMessageBatch({{.flag = 0, .body = "fine"}});
  REQUIRE(good_record.ok());
  const std::vector<std::pair<std::string, std::string>> bad_batches = {
      {"totalSize larger than the record", BatchRecord(20 + 4 + 2 + 50, 4, "body", "")},
      {"totalSize smaller than the record", BatchRecord(10, 4, "body", "")},
      {"negative body length", BatchRecord(20 + 4 + 2, -4, "body", "")},
      {"body length past the end", BatchRecord(20 + 4 + 2, 4000, "body", "")},
      {"a good record then a truncated one", *good_record + good_record->substr(0, 9)},
      {"a good record then a corrupt one", *good_record + BatchRecord(-1, 4, "body", "")},
      {"random bytes", std::string("\x00\x00\x00\x05\xde\xad\xbe\xef\x01\x02\x03", 11)},
      {"an empty batch", ""},
  };
  for (const auto& [label, body] : bad_batches) {
    INFO("malformed batch: " << label);
    ExpectCode(t.CallOn(conn, BatchV2(kAbuseTopic, body)), response_code::kMessageIllegal);
  }
  t.ExpectServes(conn);
}

// Unknown, illegal and forbidden topics.
void AbuseBrokerTopics(const Target& t) {
  RawConnection conn = t.Connect();
  {
    INFO("send to an unknown topic whose defaultTopic does not exist either (cannot be auto-created)");
    RemotingCommand send = SendV2("NoSuchTopic", "x");
    send.SetExtField("c", "NoSuchTemplate");
    RemotingCommand r = t.CallOn(conn, std::move(send));
    ExpectCode(r, response_code::kTopicNotExist);
    CHECK(absl::StrContains(r.remark().value_or(""), "NoSuchTopic"));
  }
  {
    INFO("send to an unknown topic whose defaultTopic lacks the inherit permission");
    RemotingCommand send = SendV1("NoSuchTopic2", "x");
    send.SetExtField("defaultTopic", kGoodTopic);
    ExpectCode(t.CallOn(conn, std::move(send)), response_code::kTopicNotExist);
  }
  {
    INFO("pull from an unknown topic");
    RemotingCommand r = t.CallOn(conn, Pull("NoSuchTopic"));
    ExpectCode(r, response_code::kTopicNotExist);
    CHECK(absl::StrContains(r.remark().value_or(""), "NoSuchTopic"));
  }
  // TopicValidator.validateTopic answers SYSTEM_ERROR in 4.9.7 (spec broker.md §2).
  for (const std::string& bad : {std::string("bad topic!"), std::string("slash/topic"), std::string(128, 'a'),
                                 std::string("nul\0byte", 8)}) {
    INFO("send to the illegal topic name [" << bad << "]");
    ExpectCode(t.CallOn(conn, SendV2(bad, "x")), response_code::kSystemError);
  }
  {
    INFO("send to a system topic that refuses sends");
    ExpectCode(t.CallOn(conn, SendV2("SCHEDULE_TOPIC_XXXX", "x")), response_code::kNoPermission);
  }
  {
    INFO("send to a queue id beyond the topic's queues");
    RemotingCommand r = t.CallOn(conn, SendV2(kAbuseTopic, "x", /*queue_id=*/7));
    ExpectCode(r, response_code::kSystemError);
    CHECK(absl::StrContains(r.remark().value_or(""), "queueId[7]"));
  }
  {
    INFO("pull from a queue id beyond the topic's queues");
    RemotingCommand pull = Pull(kAbuseTopic);
    pull.SetExtFieldInt("queueId", 7);
    ExpectCode(t.CallOn(conn, std::move(pull)), response_code::kSystemError);
  }
  t.ExpectServes(conn);
}

// Name-server specific: unknown routes, missing fields, corrupt registrations that must not touch the routes.
void AbuseNameServer(const Target& t) {
  RawConnection conn = t.Connect();
  const RemotingCommand cluster_before = t.CallOn(conn, Request(request_code::kGetBrokerClusterInfo));
  REQUIRE(cluster_before.code() == response_code::kSuccess);

  {
    INFO("route of an unknown topic");
    RemotingCommand r = t.CallOn(conn, RouteOf("NoSuchTopic"));
    ExpectCode(r, response_code::kTopicNotExist);
    CHECK(absl::StrContains(r.remark().value_or(""), "NoSuchTopic"));
  }
  {
    INFO("route without a topic field");
    RemotingCommand r = t.CallOn(conn, Request(request_code::kGetRouteinfoByTopic));
    ExpectCode(r, response_code::kSystemError);
    CHECK(NamesToken(r.remark(), "topic"));
  }
  {
    INFO("REGISTER_BROKER whose bodyCrc32 does not match the body");
    RemotingCommand reg = EvilRegistration(kEvilBody);
    reg.SetExtFieldInt("bodyCrc32", (protocol::BodyCrc32(kEvilBody) + 1) & 0x7fffffff);
    RemotingCommand r = t.CallOn(conn, std::move(reg));
    ExpectCode(r, response_code::kSystemError);
    CHECK(absl::StrContains(r.remark().value_or(""), "crc32"));
  }
  {
    INFO("REGISTER_BROKER whose body is truncated JSON (matching CRC)");
    ExpectCode(t.CallOn(conn, EvilRegistration(std::string(kEvilBody).substr(0, 60))), response_code::kSystemError);
  }
  {
    INFO("REGISTER_BROKER whose body is not JSON at all (no CRC check)");
    RemotingCommand reg = EvilRegistration("\x01\x02garbage\xff");
    reg.SetExtFieldInt("bodyCrc32", 0);
    ExpectCode(t.CallOn(conn, std::move(reg)), response_code::kSystemError);
  }
  {
    INFO("REGISTER_BROKER whose body is JSON nested 200000 deep");
    ExpectCode(t.CallOn(conn, EvilRegistration(std::string(200000, '['))), response_code::kSystemError);
  }
  {
    INFO("REGISTER_BROKER claiming a compressed body that is not zlib");
    RemotingCommand reg = EvilRegistration(kEvilBody);
    reg.SetExtFieldBool("compressed", true);
    ExpectCode(t.CallOn(conn, std::move(reg)), response_code::kSystemError);
  }
  {
    INFO("REGISTER_BROKER without brokerAddr");
    RemotingCommand reg = EvilRegistration(kEvilBody);
    reg.RemoveExtField("brokerAddr");
    RemotingCommand r = t.CallOn(conn, std::move(reg));
    ExpectCode(r, response_code::kSystemError);
    CHECK(NamesToken(r.remark(), "brokerAddr"));
  }
  {
    INFO("REGISTER_BROKER whose brokerId is not a number");
    RemotingCommand reg = EvilRegistration(kEvilBody);
    reg.SetExtField("brokerId", "master");
    RemotingCommand r = t.CallOn(conn, std::move(reg));
    ExpectCode(r, response_code::kSystemError);
    CHECK(NamesToken(r.remark(), "brokerId"));
  }

  // Nothing of it reached the route table.
  const RemotingCommand cluster_after = t.CallOn(conn, Request(request_code::kGetBrokerClusterInfo));
  REQUIRE(cluster_after.code() == response_code::kSuccess);
  CHECK(cluster_after.body() == cluster_before.body());
  CHECK_FALSE(absl::StrContains(cluster_after.body(), "evil"));
  ExpectCode(t.CallOn(conn, RouteOf("EvilTopic")), response_code::kTopicNotExist);
  RemotingCommand good_route = t.CallOn(conn, RouteOf(kGoodTopic));
  CHECK(good_route.code() == response_code::kSuccess);
  CHECK(absl::StrContains(good_route.body(), "broker-a"));
}

// --- Reading the store back ---

struct StoredQueue {
  std::vector<store::MessageRecord> records;
  int64_t min_offset = 0;
  int64_t max_offset = 0;
};

// Every record of every queue, checking on the way that queue offsets run without gaps and each record decodes
// with a good body CRC.
std::map<std::pair<std::string, int32_t>, StoredQueue> ReadBack(store::MessageStore& store) {
  std::map<std::pair<std::string, int32_t>, StoredQueue> out;
  for (const auto& [topic, queue_id] : store.ListQueues()) {
    StoredQueue& q = out[{topic, queue_id}];
    q.min_offset = store.GetMinOffsetInQueue(topic, queue_id);
    q.max_offset = store.GetMaxOffsetInQueue(topic, queue_id);
    int64_t offset = q.min_offset;
    while (offset < q.max_offset) {
      store::GetResult got = store.GetMessages({.topic = topic, .queue_id = queue_id, .offset = offset});
      INFO(topic << "/" << queue_id << " at " << offset << " status " << static_cast<int>(got.status));
      REQUIRE(got.status == store::GetMessageStatus::kFound);
      REQUIRE_FALSE(got.messages.empty());
      REQUIRE(got.raw.size() == got.messages.size());
      for (size_t i = 0; i < got.messages.size(); ++i) {
        CHECK(got.queue_offsets[i] == offset);  // contiguous
        absl::StatusOr<store::MessageRecord> recheck = store::DecodeMessageRecord(got.raw[i], /*check_crc=*/true);
        CHECK(recheck.ok());
        CHECK(got.messages[i].topic == topic);
        CHECK(got.messages[i].queue_id == queue_id);
        CHECK(got.messages[i].queue_offset == offset);
        q.records.push_back(std::move(got.messages[i]));
        ++offset;
      }
    }
  }
  return out;
}

TEST_CASE("Bad input: broker and name server refuse it clearly, keep serving good clients, store nothing of it",
          "[e2e][abuse]") {
  const store::FlushDiskType flush = GENERATE(store::FlushDiskType::kAsyncFlush, store::FlushDiskType::kSyncFlush);
  Cluster cluster(flush);
  cluster.CreateTopic(kGoodTopic, 4);
  cluster.CreateTopic(kAbuseTopic, 1);

  Received received;
  client::PushConsumer consumer(kGoodGroup, GoodConsumerOptions(cluster));
  REQUIRE(consumer.Subscribe(kGoodTopic, "*").ok());
  consumer.RegisterMessageListener([&received](const std::vector<client::MessageExt>& msgs) {
    for (const client::MessageExt& m : msgs) received.Add(m);
    return client::ConsumeConcurrentlyStatus::kConsumeSuccess;
  });
  REQUIRE(consumer.Start().ok());
  GoodProducer producer(cluster);
  REQUIRE(producer.Start().ok());

  // Between abuse rounds: the good clients made progress meanwhile.
  auto expect_good_traffic = [&] {
    const size_t sent = producer.acked_count();
    const size_t got = received.size();
    CHECK(producer.WaitForAcked(sent + 3, kReplyDeadline));
    CHECK(received.WaitForCount(got + 1, kReplyDeadline));
  };
  expect_good_traffic();

  const Target broker("broker", cluster.broker().port(), [] { return GetMaxOffset(kGoodTopic); });
  const Target namesrv("name server", PortOf(cluster.namesrv_addr()),
                       [] { return Request(request_code::kGetBrokerClusterInfo); });

  std::vector<RawConnection> held = HoldHalfFrames(broker, 8);
  std::vector<RawConnection> held_ns = HoldHalfFrames(namesrv, 8);
  for (const Target* t : {&broker, &namesrv}) {
    DribbleValidRequest(*t);
    AbuseFraming(*t);
    expect_good_traffic();
    AbuseUnknownCodes(*t);
    expect_good_traffic();
  }
  AbuseBrokerHeaders(broker);
  expect_good_traffic();
  AbuseBrokerBodies(broker);
  expect_good_traffic();
  AbuseBrokerTopics(broker);
  expect_good_traffic();
  AbuseNameServer(namesrv);
  expect_good_traffic();
  held.clear();
  held_ns.clear();

  producer.Stop();
  CHECK(producer.failures().empty());
  for (const std::string& f : producer.failures()) UNSCOPED_INFO("good send failed: " << f);
  const std::map<std::string, Acked> acked = producer.acked();
  REQUIRE(acked.size() >= 10);

  // The consumer got exactly the acknowledged bodies (duplicates are allowed by at-least-once; strangers are not).
  const bool all_consumed = received.WaitFor(
      [&](const std::vector<client::MessageExt>& msgs) {
        std::set<std::string> bodies;
        for (const client::MessageExt& m : msgs) bodies.insert(m.body());
        return bodies.size() >= acked.size();
      },
      absl::Seconds(20));
  CHECK(all_consumed);
  std::set<std::string> consumed;
  for (const client::MessageExt& m : received.msgs()) {
    INFO("consumed " << m.body());
    CHECK(m.topic() == kGoodTopic);
    REQUIRE(acked.count(m.body()) == 1);
    CHECK(m.keys() == acked.at(m.body()).key);
    consumed.insert(m.body());
  }
  CHECK(consumed.size() == acked.size());
  consumer.Shutdown();

  // Shut the broker down and read its store directory back through libstore.
  cluster.broker().Shutdown();
  store::StoreOptions options;
  options.store_path_root_dir = cluster.dir().Sub("store-broker-a");
  options.flush_disk_type = flush;
  options.mapped_file_size_commit_log = 4 << 20;
  options.mapped_file_size_consume_queue = 20 * 1000;
  options.max_index_num = 1000;
  options.max_hash_slot_num = 100;
  absl::StatusOr<std::unique_ptr<store::MessageStore>> opened = store::MessageStore::Open(options);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  store::MessageStore& store = **opened;
  const auto queues = ReadBack(store);

  size_t good_records = 0;
  for (const auto& [where, q] : queues) {
    const auto& [topic, queue_id] = where;
    INFO(topic << "/" << queue_id);
    if (q.records.empty()) continue;
    // Only the good producer's topic holds messages: nothing the abuser sent was stored.
    CHECK(topic == kGoodTopic);
    if (topic != kGoodTopic) continue;
    CHECK(q.min_offset == 0);
    for (const store::MessageRecord& r : q.records) {
      absl::StatusOr<std::string> body = r.DecompressedBody();
      REQUIRE(body.ok());
      INFO("stored " << *body);
      auto it = acked.find(*body);
      REQUIRE(it != acked.end());
      CHECK(r.Keys() == it->second.key);
      CHECK(r.Tags() == "TagG");
      CHECK(r.queue_id == it->second.queue_id);
      CHECK(r.queue_offset == it->second.queue_offset);
      CHECK(r.OffsetMsgId() == it->second.offset_msg_id);
      ++good_records;
    }
  }
  // Every acknowledged message is there, once (bodies are distinct, each was matched above).
  CHECK(good_records == acked.size());
  CHECK(store.Close().ok());
}

// A send that auto-creates a topic from TBW102 with defaultTopicQueueNums 0 creates it with 0 queues, as Java
// does. With queueId < 0 Java then picks `nextInt(99999999) % writeQueueNums`, throws ArithmeticException
// (/ by zero) and answers SYSTEM_ERROR (1), which Java producers retry on another broker (MESSAGE_ILLEGAL they do
// not retry). Nothing is stored.
TEST_CASE("Bad input: a random queue of a topic with no write queues is an error, nothing stored", "[bug]") {
  Cluster cluster;
  const Target broker("broker", cluster.broker().port(), [] { return GetMaxOffset(kGoodTopic); });
  RawConnection conn = broker.Connect();
  RemotingCommand send = SendV2("ZeroQueueTopic", "orphan", /*queue_id=*/-1);
  send.SetExtFieldInt("d", 0);
  RemotingCommand r = broker.CallOn(conn, std::move(send));
  INFO(r.DebugString());
  CHECK(r.code() == response_code::kSystemError);
  RemotingCommand max = broker.CallOn(conn, GetMaxOffset("ZeroQueueTopic"));
  REQUIRE(max.code() == response_code::kSuccess);
  CHECK(max.ext_fields().at("offset") == "0");
}

}  // namespace
}  // namespace spool::e2e
