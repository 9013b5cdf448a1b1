#include "spool/namesrv/namesrv_config.h"

#include <catch2/catch.hpp>

namespace spool::namesrv {
namespace {

TEST_CASE("NamesrvConfig defaults are RocketMQ's", "[config]") {
  NamesrvConfig c = DefaultNamesrvConfig();
  CHECK(c.listen_port == 9876);
  CHECK(c.server_worker_threads == 8);
  CHECK(c.server_channel_max_idle_time_seconds == 120);
  CHECK(c.kv_config_path.ends_with("/namesrv/kvConfig.json"));
  CHECK(c.config_store_path.ends_with("/namesrv/namesrv.properties"));
  CHECK_FALSE(c.order_message_enable);
}

TEST_CASE("properties apply by RocketMQ key; unknown keys are listed, bad values refused", "[config]") {
  NamesrvConfig c = DefaultNamesrvConfig();
  std::vector<std::string> unknown;
  REQUIRE(ApplyNamesrvProperties({{"listenPort", "19876"},
                                  {"kvConfigPath", "/tmp/kv.json"},
                                  {"orderMessageEnable", "TRUE"},
                                  {"serverWorkerThreads", " 4 "},
                                  {"useEpollNativeSelector", "true"},
                                  {"brokerName", "oops"}},
                                 &c, &unknown)
              .ok());
  CHECK(c.listen_port == 19876);
  CHECK(c.kv_config_path == "/tmp/kv.json");
  CHECK(c.order_message_enable);
  CHECK(c.server_worker_threads == 4);
  CHECK(unknown == std::vector<std::string>{"brokerName"});

  absl::Status bad = ApplyNamesrvProperties({{"listenPort", "98x"}}, &c);
  CHECK(bad.message() == "bad value for listenPort: \"98x\" is not an integer");
  CHECK(ApplyNamesrvProperties({{"clusterTest", "yes"}}, &c).message() ==
        "bad value for clusterTest: \"yes\" is not true or false");
}

TEST_CASE("DescribeNamesrvConfig prints every key", "[config]") {
  NamesrvConfig c;
  c.kv_config_path = "/k";
  const std::string text = DescribeNamesrvConfig(c);
  CHECK(text.find("kvConfigPath=/k\n") != std::string::npos);
  CHECK(text.find("listenPort=9876\n") != std::string::npos);
  CHECK(text.find("orderMessageEnable=false\n") != std::string::npos);
  CHECK(text.find("rocketmqHome=") == 0);
  // It reads back as the same config.
  std::map<std::string, std::string> props;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const std::string line = text.substr(pos, nl - pos);
    const size_t eq = line.find('=');
    props[line.substr(0, eq)] = line.substr(eq + 1);
    pos = nl + 1;
  }
  NamesrvConfig back;
  REQUIRE(ApplyNamesrvProperties(props, &back).ok());
  CHECK(back == c);
}

}  // namespace
}  // namespace spool::namesrv
