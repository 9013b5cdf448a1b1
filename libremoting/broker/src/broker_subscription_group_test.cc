// Subscription groups: subscriptionGroup.json as RocketMQ writes it, and the admin codes 200, 201 and 207.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "broker_test_fixture.h"
#include "spool/protocol/subscription_group_config.h"
#include "spool/store/consumer_offsets.h"
#include "subscription_group_manager.h"

namespace spool::broker::testing {
namespace {

using internal::SubscriptionGroupConfig;
using internal::SubscriptionGroupManager;

const std::string kTestdataConfig = std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown/config/";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void CopyTestdataGroups(const std::string& config_dir) {
  std::filesystem::create_directories(config_dir);
  std::filesystem::copy_file(kTestdataConfig + "subscriptionGroup.json", config_dir + "/subscriptionGroup.json");
}

TEST_CASE("A fresh table holds the pre-created groups and is written on the first change", "[broker][subgroup]") {
  spool::testing::TempDir dir;
  const std::string path = dir.Sub("subscriptionGroup.json");
  {
    SubscriptionGroupManager groups(/*auto_create=*/true, nullptr, nullptr, path);
    REQUIRE(groups.Load().ok());
    CHECK(groups.All().size() == internal::PreCreatedSubscriptionGroups().size());
    CHECK(groups.Snapshot().data_version.counter == 0);
    CHECK_FALSE(std::filesystem::exists(path));  // RocketMQ writes nothing until a change

    REQUIRE(groups.FindOrCreate("cg").has_value());
    CHECK(groups.Snapshot().data_version.counter == 1);
    REQUIRE(std::filesystem::exists(path));
    REQUIRE(groups.Update({.group_name = "cg", .retry_max_times = 3}).ok());
    CHECK(std::filesystem::exists(path + ".bak"));  // the previous version, as MixAll.string2File keeps it
  }
  SubscriptionGroupManager reloaded(/*auto_create=*/false, nullptr, nullptr, path);
  REQUIRE(reloaded.Load().ok());
  std::optional<SubscriptionGroupConfig> cg = reloaded.Find("cg");
  REQUIRE(cg.has_value());
  CHECK(cg->retry_max_times == 3);
  CHECK(reloaded.Snapshot().data_version.counter == 2);
  // Without auto-creation only system groups appear on first use.
  CHECK_FALSE(reloaded.FindOrCreate("other").has_value());
  CHECK(reloaded.FindOrCreate("CID_RMQ_SYS_TRANS").has_value());
  REQUIRE(reloaded.Delete("cg").ok());
  CHECK(*reloaded.Delete("cg") == false);

  SubscriptionGroupManager again(/*auto_create=*/false, nullptr, nullptr, path);
  REQUIRE(again.Load().ok());
  CHECK_FALSE(again.Find("cg").has_value());
  CHECK(again.Find("CID_RMQ_SYS_TRANS").has_value());
}

TEST_CASE("RocketMQ 4.9.7's subscriptionGroup.json loads and is written back byte for byte", "[broker][subgroup]") {
  spool::testing::TempDir dir;
  CopyTestdataGroups(dir.Sub("config"));
  const std::string path = dir.Sub("config/subscriptionGroup.json");
  const std::string original = ReadFile(path);
  REQUIRE_FALSE(original.empty());

  SubscriptionGroupManager groups(/*auto_create=*/true, nullptr, nullptr, path);
  REQUIRE(groups.Load().ok());
  protocol::SubscriptionGroupWrapper snapshot = groups.Snapshot();
  CHECK(snapshot.subscription_group_table.size() == 8);
  CHECK(snapshot.data_version == protocol::DataVersion{.timestamp = 1795362002701, .counter = 1});
  std::optional<SubscriptionGroupConfig> cg = groups.Find("gen_store_cg");
  REQUIRE(cg.has_value());
  CHECK(*cg == SubscriptionGroupConfig{.group_name = "gen_store_cg"});
  for (const std::string& g : internal::PreCreatedSubscriptionGroups()) {
    INFO(g);
    CHECK(groups.Find(g).has_value());
  }
  REQUIRE(groups.Persist().ok());
  CHECK(ReadFile(path) == original);
}

TEST_CASE("A damaged subscriptionGroup.json stops the start instead of dropping every group", "[broker][subgroup]") {
  spool::testing::TempDir dir;
  const std::string path = dir.Sub("subscriptionGroup.json");
  std::ofstream(path) << "{\"subscriptionGroupTable\":{\"g\":[";
  SubscriptionGroupManager groups(/*auto_create=*/true, nullptr, nullptr, path);
  absl::Status s = groups.Load();
  CHECK(s.code() == absl::StatusCode::kDataLoss);
}

RemotingCommand UpdateGroup(const SubscriptionGroupConfig& config) {
  RemotingCommand request = RemotingCommand::CreateRequest(request_code::kUpdateAndCreateSubscriptiongroup);
  request.set_body(config.Encode());
  return request;
}

protocol::SubscriptionGroupWrapper AllGroups(BrokerFixture& f) {
  RemotingCommand reply = f.Invoke(RemotingCommand::CreateRequest(request_code::kGetAllSubscriptiongroupConfig));
  REQUIRE(reply.code() == response_code::kSuccess);
  auto wrapper = protocol::SubscriptionGroupWrapper::Decode(reply.body());
  REQUIRE(wrapper.ok());
  return *std::move(wrapper);
}

TEST_CASE("Subscription group admin codes, persisted through a restart", "[broker][subgroup]") {
  BrokerFixture f;
  REQUIRE(f.SendV2("SgT", 0, "m").code() == response_code::kSuccess);
  f.WaitDispatched("SgT", 0, 1);

  // A group an operator disabled: pulls are refused as Java refuses them.
  REQUIRE(f.Invoke(UpdateGroup({.group_name = "disabled", .consume_enable = false})).code() ==
          response_code::kSuccess);
  RemotingCommand refused = f.Pull("disabled", "SgT", 0, 0);
  CHECK(refused.code() == response_code::kNoPermission);
  CHECK(refused.remark() == "subscription group no permission, disabled");

  // A group created on first use (auto-create), with a committed offset.
  CHECK(f.Pull("reader", "SgT", 0, 0).code() == response_code::kSuccess);
  RemotingCommand commit = RemotingCommand::CreateRequest(request_code::kUpdateConsumerOffset);
  commit.SetExtField("consumerGroup", "reader");
  commit.SetExtField("topic", "SgT");
  commit.SetExtField("queueId", "0");
  commit.SetExtField("commitOffset", "1");
  REQUIRE(f.Invoke(commit).code() == response_code::kSuccess);

  protocol::SubscriptionGroupWrapper all = AllGroups(f);
  REQUIRE(all.subscription_group_table.count("disabled") == 1);
  CHECK_FALSE(all.subscription_group_table["disabled"].consume_enable);
  CHECK(all.subscription_group_table.count("reader") == 1);
  CHECK(all.subscription_group_table.count("TOOLS_CONSUMER") == 1);
  const int64_t counter = all.data_version.counter;

  f.StopBroker();
  f.StartBroker();
  all = AllGroups(f);
  CHECK(all.data_version.counter == counter);
  REQUIRE(all.subscription_group_table.count("disabled") == 1);
  CHECK_FALSE(all.subscription_group_table["disabled"].consume_enable);
  CHECK(f.Pull("disabled", "SgT", 0, 0).code() == response_code::kNoPermission);
  CHECK(f.broker().store()->consumer_offsets().Query("reader", "SgT", 0) == 1);

  // Delete with removeOffset: the group and its offsets go, for good.
  RemotingCommand del = RemotingCommand::CreateRequest(request_code::kDeleteSubscriptiongroup);
  del.SetExtField("groupName", "reader");
  del.SetExtField("removeOffset", "true");
  REQUIRE(f.Invoke(del).code() == response_code::kSuccess);
  CHECK(f.broker().store()->consumer_offsets().Query("reader", "SgT", 0) < 0);
  del.SetExtField("groupName", "disabled");
  del.SetExtField("removeOffset", "false");
  REQUIRE(f.Invoke(del).code() == response_code::kSuccess);
  CHECK(AllGroups(f).subscription_group_table.count("reader") == 0);

  f.StopBroker();
  f.StartBroker([](BrokerConfig* c) { c->auto_create_subscription_group = false; });
  all = AllGroups(f);
  CHECK(all.subscription_group_table.count("reader") == 0);
  CHECK(all.subscription_group_table.count("disabled") == 0);
  CHECK(f.Pull("reader", "SgT", 0, 0).code() == response_code::kSubscriptionGroupNotExist);
}

TEST_CASE("The broker starts on RocketMQ's subscriptionGroup.json", "[broker][subgroup]") {
  BrokerFixture f;
  f.StopBroker();
  const std::string config_dir = f.dir().Sub("store/config");
  std::filesystem::remove(config_dir + "/subscriptionGroup.json");
  std::filesystem::remove(config_dir + "/subscriptionGroup.json.bak");
  CopyTestdataGroups(config_dir);
  f.StartBroker([](BrokerConfig* c) { c->auto_create_subscription_group = false; });
  protocol::SubscriptionGroupWrapper all = AllGroups(f);
  CHECK(all.subscription_group_table.size() == 8);
  CHECK(all.subscription_group_table.count("gen_store_cg") == 1);
  CHECK(all.data_version == protocol::DataVersion{.timestamp = 1795362002701, .counter = 1});
}

TEST_CASE("Bad subscription group requests get errors", "[broker][subgroup]") {
  BrokerFixture f;
  RemotingCommand garbage = RemotingCommand::CreateRequest(request_code::kUpdateAndCreateSubscriptiongroup);
  garbage.set_body("{not json");
  CHECK(f.Invoke(garbage).code() == response_code::kSystemError);
  RemotingCommand empty = RemotingCommand::CreateRequest(request_code::kUpdateAndCreateSubscriptiongroup);
  CHECK(f.Invoke(empty).code() == response_code::kSystemError);
  CHECK(f.Invoke(UpdateGroup({.group_name = ""})).code() == response_code::kSystemError);
  RemotingCommand del = RemotingCommand::CreateRequest(request_code::kDeleteSubscriptiongroup);
  CHECK(f.Invoke(del).code() != response_code::kSuccess);  // groupName missing
}

}  // namespace
}  // namespace spool::broker::testing
