// ProducerConnection, GET_PRODUCER_CONNECTION_LIST's body, as fastjson writes it.
#include <catch2/catch.hpp>

#include "spool/protocol/producer_connection.h"

namespace spool::protocol {
namespace {

TEST_CASE("ProducerConnection round trip", "[admin][producer_connection]") {
  ProducerConnection p;
  p.connection_set.push_back(
      {.client_id = "127.0.0.1@1", .client_addr = "127.0.0.1:5000", .language = "JAVA", .version = 407});
  p.connection_set.push_back({.client_id = "c2", .client_addr = "127.0.0.1:5001", .language = "CPP", .version = 0});
  CHECK(p.Encode() ==
        R"({"connectionSet":[{"clientAddr":"127.0.0.1:5000","clientId":"127.0.0.1@1","language":"JAVA",)"
        R"("version":407},{"clientAddr":"127.0.0.1:5001","clientId":"c2","language":"CPP","version":0}]})");
  auto back = ProducerConnection::Decode(p.Encode());
  REQUIRE(back.ok());
  CHECK(*back == p);
  CHECK(ProducerConnection::Decode("{}")->connection_set.empty());
  CHECK_FALSE(ProducerConnection::Decode(R"({"connectionSet":{}})").ok());
  CHECK_FALSE(ProducerConnection::Decode("[").ok());
}

}  // namespace
}  // namespace spool::protocol
