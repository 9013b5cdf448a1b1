#include "config/consumer_filter_file.h"

#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "testing/manual_clock.h"
#include "testing/mem_file_system.h"

namespace spool::store::internal {
namespace {

TEST_CASE("ConsumerFilterFile keeps the text verbatim", "[config][consumer_filter]") {
  ManualClock clock;
  MemFileSystem fs(&clock);
  const std::string path = "/store/config/consumerFilter.json";
  ConsumerFilterFile file(&fs, path);
  REQUIRE(file.Load().ok());
  CHECK(file.Encode() == ConsumerFilterFile::kEmpty);
  CHECK(ConsumerFilterFile::kEmpty.size() == 27);

  const std::string text = "{\n\t\"filterDataByTopic\":{\n\t\t\"t\":{\n\t\t\t\"groupFilterData\":{}\n\t\t}\n\t}\n}";
  REQUIRE(fs.CreateDirs("/store/config").ok());
  {
    auto w = fs.OpenWritable(path, spool::store::OpenMode::kCreateOrTruncate);
    REQUIRE(w.ok());
    REQUIRE((*w)->Append(text).ok());
    REQUIRE((*w)->Close().ok());
  }
  REQUIRE(file.Load().ok());
  CHECK(file.Encode() == text);
  REQUIRE(file.Persist().ok());
  CHECK(*fs.ReadFile(path) == text);
  CHECK(*fs.ReadFile(path + ".bak") == text);

  CHECK_FALSE(file.Decode("{\"filterDataByTopic\":").ok());
  CHECK_FALSE(file.Decode("[]").ok());
  CHECK(file.Encode() == text);
}

TEST_CASE("ConsumerFilterFile reads RocketMQ's file", "[config][consumer_filter]") {
  std::ifstream in(std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown/config/consumerFilter.json",
                   std::ios::binary);
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  ConsumerFilterFile file(nullptr, "/unused");
  REQUIRE(file.Decode(buf.str()).ok());
  CHECK(file.Encode() == ConsumerFilterFile::kEmpty);
}

}  // namespace
}  // namespace spool::store::internal
