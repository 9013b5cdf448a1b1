#include "spool/client/message.h"

#include <catch2/catch.hpp>

#include "spool/client/client_config.h"
#include "spool/client/message_queue.h"

namespace spool::client {
namespace {

TEST_CASE("Message: tags, keys, delay and user properties", "[message]") {
  Message m("T", "TagA", "body");
  CHECK(m.tags() == "TagA");
  m.SetKeys("a b");
  CHECK(m.keys() == "a b");
  CHECK(m.delay_time_level() == 0);
  m.SetDelayTimeLevel(3);
  CHECK(m.delay_time_level() == 3);
  CHECK(m.wait_store_msg_ok());
  m.SetWaitStoreMsgOk(false);
  CHECK_FALSE(m.wait_store_msg_ok());
  m.SetProperty("color", "red");
  CHECK(m.GetProperty("color") == "red");
  m.ClearProperty("color");
  CHECK_FALSE(m.HasProperty("color"));
  CHECK(m.GetProperty("missing").empty());
}

TEST_CASE("MessageExt: msg_id is UNIQ_KEY when present, else the offset id", "[message]") {
  MessageExt m;
  m.offset_msg_id = "OFFSET";
  CHECK(m.msg_id() == "OFFSET");
  m.SetProperty("UNIQ_KEY", "UNIQ");
  CHECK(m.msg_id() == "UNIQ");
  CHECK(ToString(MessageQueue{"T", "b", 1}) == "MessageQueue [topic=T, brokerName=b, queueId=1]");
}

TEST_CASE("ClientConfig: name server list and client id", "[config]") {
  CHECK(ParseNamesrvAddr(" a:1 ; b:2;").value() == std::vector<std::string>{"a:1", "b:2"});
  CHECK(absl::IsInvalidArgument(ParseNamesrvAddr(" ; ").status()));
  ClientConfig c;
  c.client_ip = "10.1.2.3";
  c.instance_name = "inst";
  CHECK(BuildClientId(c) == "10.1.2.3@inst");
  c.unit_name = "u";
  CHECK(BuildClientId(c) == "10.1.2.3@inst@u");
  CHECK(UniqueInstanceName() != UniqueInstanceName());
}

}  // namespace
}  // namespace spool::client
