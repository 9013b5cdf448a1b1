#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "spool/store/options.h"

namespace spool::store {
namespace {

Properties MustParse(std::string_view text) {
  absl::StatusOr<Properties> props = ParseProperties(text);
  INFO(props.status().ToString());
  REQUIRE(props.ok());
  return *props;
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

StoreOptions MustApply(const Properties& props) {
  StoreOptions o;
  absl::Status s = ApplyProperties(props, &o);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return o;
}

absl::Status ApplyOne(const std::string& key, const std::string& value, StoreOptions* o) {
  return ApplyProperties(Properties{{key, value}}, o);
}

TEST_CASE("ParseProperties separators", "[options]") {
  const Properties p = MustParse(
      "a=1\n"
      "b = 2\n"
      "c:3\n"
      "d 4\n"
      "e\t5\n"
      "f  =  6\n"
      "g = = 7\n"
      "h:=8\n"
      "   i=9\n"
      "j\n"
      "k=\n"
      "=orphan\n");
  CHECK(p.at("a") == "1");
  CHECK(p.at("b") == "2");
  CHECK(p.at("c") == "3");
  CHECK(p.at("d") == "4");
  CHECK(p.at("e") == "5");
  CHECK(p.at("f") == "6");
  CHECK(p.at("g") == "= 7");  // only one separator is consumed
  CHECK(p.at("h") == "=8");
  CHECK(p.at("i") == "9");
  CHECK(p.at("j").empty());
  CHECK(p.at("k").empty());
  CHECK(p.at("") == "orphan");
  CHECK(p.size() == 12);
}

TEST_CASE("ParseProperties comments, blank lines, line endings", "[options]") {
  const Properties p = MustParse(
      "# comment=1\n"
      "   ! also a comment\n"
      "\n"
      "  \t \n"
      "a=b # not a comment\r\n"
      "c=d\r"
      "e=f\n"
      "# a comment ending in a backslash does not continue \\\n"
      "g=h");
  CHECK(p.size() == 4);
  CHECK(p.at("a") == "b # not a comment");
  CHECK(p.at("c") == "d");
  CHECK(p.at("e") == "f");
  CHECK(p.at("g") == "h");
}

TEST_CASE("ParseProperties keeps trailing whitespace, last assignment wins", "[options]") {
  const Properties p = MustParse("a=value  \t\nb=1\nb=2\n");
  CHECK(p.at("a") == "value  \t");
  CHECK(p.at("b") == "2");
}

TEST_CASE("ParseProperties escapes", "[options]") {
  const Properties p = MustParse(
      "tab=a\\tb\n"
      "nl=a\\nb\\r\\f\n"
      "other=\\:\\=\\q\\\\\n"
      "key\\=with\\:seps=v\n"
      "key\\ space=v2\n"
      "u=\\u0041\\u00e9\\u4E2D\n"
      "pair=\\uD83D\\uDE00\n"
      "lone=\\uD800x\n"
      "latin1=caf\xe9\n");
  CHECK(p.at("tab") == "a\tb");
  CHECK(p.at("nl") == "a\nb\r\f");
  CHECK(p.at("other") == ":=q\\");
  CHECK(p.at("key=with:seps") == "v");
  CHECK(p.at("key space") == "v2");
  CHECK(p.at("u") == "A\xC3\xA9\xE4\xB8\xAD");
  CHECK(p.at("pair") == "\xF0\x9F\x98\x80");
  CHECK(p.at("lone") == "\xEF\xBF\xBDx");
  CHECK(p.at("latin1") == "caf\xe9");  // bytes pass through
}

TEST_CASE("ParseProperties continuation lines", "[options]") {
  const Properties p = MustParse(
      "a=abc\\\n"
      "    def\\\n"
      "\t# not a comment here\n"
      "even=x\\\\\n"
      "next=1\n"
      "crlf=1\\\r\n"
      "  2\n"
      "blank=z\\\n"
      "\n"
      "after=ok\n"
      "eof=v\\");
  CHECK(p.at("a") == "abcdef# not a comment here");
  CHECK(p.at("even") == "x\\");
  CHECK(p.at("next") == "1");
  CHECK(p.at("crlf") == "12");
  CHECK(p.at("blank") == "z");
  CHECK(p.at("after") == "ok");
  CHECK(p.at("eof") == "v");
}

TEST_CASE("ParseProperties malformed \\u names the line", "[options]") {
  absl::StatusOr<Properties> p = ParseProperties("a=1\nb=\\u12G4\n");
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(Message(p.status()), Catch::Contains("line 2"));
  CHECK_FALSE(ParseProperties("a=\\u12").ok());
}

TEST_CASE("broker.conf from the testdata", "[options]") {
  const std::string path = std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/broker.conf";
  absl::StatusOr<StoreOptions> o = LoadStoreOptions(path);
  INFO(o.status().ToString());
  REQUIRE(o.ok());
  CHECK(o->mapped_file_size_commit_log == 1048576);
  CHECK(o->mapped_file_size_consume_queue == 6000);
  CHECK(o->max_hash_slot_num == 1000);
  CHECK(o->max_index_num == 4000);
  CHECK(o->flush_disk_type == FlushDiskType::kSyncFlush);
  CHECK(o->broker_role == BrokerRole::kAsyncMaster);
  CHECK(o->store_path_root_dir == "STORE_DIR");
  CHECK(o->CommitLogDir() == "STORE_DIR/commitlog");
  CHECK(o->ConsumeQueueDir() == "STORE_DIR/consumequeue");
  CHECK(o->max_message_size == 4194304);  // untouched default

  absl::StatusOr<Properties> props = LoadPropertiesFile(path);
  REQUIRE(props.ok());
  StoreOptions applied;
  std::vector<std::string> unknown;
  REQUIRE(ApplyProperties(*props, &applied, &unknown).ok());
  CHECK(unknown == std::vector<std::string>{"autoCreateTopicEnable", "brokerClusterName", "brokerIP1", "brokerId",
                                            "brokerName", "haListenPort", "listenPort", "namesrvAddr",
                                            "transactionCheckInterval"});
}

TEST_CASE("LoadPropertiesFile of a missing file is NotFound naming it", "[options]") {
  absl::StatusOr<Properties> p = LoadPropertiesFile("/nonexistent/dir/broker.properties");
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == absl::StatusCode::kNotFound);
  CHECK_THAT(Message(p.status()), Catch::Contains("/nonexistent/dir/broker.properties"));
}

TEST_CASE("old spellings and canonical precedence", "[options]") {
  std::vector<std::string> unknown;
  StoreOptions o;
  REQUIRE(ApplyProperties({{"mapedFileSizeCommitLog", "2097152"}, {"mapedFileSizeConsumeQueue", "1000"}}, &o,
                          &unknown)
              .ok());
  CHECK(o.mapped_file_size_commit_log == 2097152);
  CHECK(o.mapped_file_size_consume_queue == 1000);
  CHECK(unknown.empty());

  StoreOptions both;
  REQUIRE(ApplyProperties({{"mapedFileSizeCommitLog", "2097152"}, {"mappedFileSizeCommitLog", "4194304"}}, &both)
              .ok());
  CHECK(both.mapped_file_size_commit_log == 4194304);

  StoreOptions jvm;
  REQUIRE(ApplyProperties({{"rocketmq.broker.diskSpaceWarningLevelRatio", "0.8"}}, &jvm).ok());
  CHECK(jvm.disk_space_warning_level_ratio == Approx(0.8));
}

TEST_CASE("consume queue size rounds up to whole units, ratio clamps", "[options]") {
  StoreOptions o;
  REQUIRE(ApplyOne("mappedFileSizeConsumeQueue", "6001", &o).ok());
  CHECK(o.mapped_file_size_consume_queue == 6020);
  REQUIRE(ApplyOne("mappedFileSizeConsumeQueue", "6000", &o).ok());
  CHECK(o.mapped_file_size_consume_queue == 6000);
  REQUIRE(ApplyOne("mappedFileSizeConsumeQueue", "1", &o).ok());
  CHECK(o.mapped_file_size_consume_queue == 20);

  REQUIRE(ApplyOne("diskMaxUsedSpaceRatio", "99", &o).ok());
  CHECK(o.disk_max_used_space_ratio == 95);
  REQUIRE(ApplyOne("diskMaxUsedSpaceRatio", "5", &o).ok());
  CHECK(o.disk_max_used_space_ratio == 10);
  REQUIRE(ApplyOne("diskMaxUsedSpaceRatio", "60", &o).ok());
  CHECK(o.disk_max_used_space_ratio == 60);
}

TEST_CASE("booleans follow Boolean.parseBoolean", "[options]") {
  StoreOptions o;
  REQUIRE(ApplyOne("messageIndexSafe", "TRUE", &o).ok());
  CHECK(o.message_index_safe);
  REQUIRE(ApplyOne("messageIndexSafe", "1", &o).ok());
  CHECK_FALSE(o.message_index_safe);
  REQUIRE(ApplyOne("messageIndexSafe", "true  ", &o).ok());  // lenient: trimmed
  CHECK(o.message_index_safe);
  REQUIRE(ApplyOne("messageIndexEnable", "yes", &o).ok());
  CHECK_FALSE(o.message_index_enable);
}

TEST_CASE("numbers: trimmed, overflow and garbage name the key", "[options]") {
  StoreOptions o;
  REQUIRE(ApplyOne("maxMessageSize", " 1024 \t", &o).ok());
  CHECK(o.max_message_size == 1024);
  REQUIRE(ApplyOne("osPageCacheBusyTimeOutMills", "9000000000", &o).ok());
  CHECK(o.os_page_cache_busy_timeout_mills == 9000000000);
  REQUIRE(ApplyOne("diskSpaceCleanForciblyRatio", "0.7d", &o).ok());
  CHECK(o.disk_space_clean_forcibly_ratio == Approx(0.7));

  const StoreOptions before = o;
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"maxMessageSize", "4MiB"},
           {"mappedFileSizeCommitLog", "3000000000"},
           {"maxIndexNum", ""},
           {"osPageCacheBusyTimeOutMills", "99999999999999999999"},
           {"diskSpaceWarningLevelRatio", "ninety"},
       }) {
    absl::Status s = ApplyProperties({{"syncFlushTimeout", "1"}, {key, value}}, &o);
    INFO(key << "=" << value);
    REQUIRE_FALSE(s.ok());
    CHECK(s.code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(Message(s), Catch::Contains(key));
  }
  // A failed apply changes nothing, not even the good keys beside the bad one.
  CHECK(o.sync_flush_timeout == before.sync_flush_timeout);
  CHECK(o.max_message_size == before.max_message_size);
}

TEST_CASE("enums: exact names, errors list the allowed values", "[options]") {
  StoreOptions o;
  REQUIRE(ApplyOne("brokerRole", "SLAVE", &o).ok());
  CHECK(o.broker_role == BrokerRole::kSlave);
  REQUIRE(ApplyOne("brokerRole", "SYNC_MASTER", &o).ok());
  CHECK(o.broker_role == BrokerRole::kSyncMaster);
  REQUIRE(ApplyOne("flushDiskType", "SYNC_FLUSH ", &o).ok());
  CHECK(o.flush_disk_type == FlushDiskType::kSyncFlush);
  REQUIRE(ApplyOne("spoolCompressionType", "zstd", &o).ok());
  CHECK(o.spool_compression_type == CompressionType::kZstd);
  REQUIRE(ApplyOne("spoolCompressOverBytes", "100", &o).ok());
  CHECK(o.spool_compress_over_bytes == 100);

  absl::Status s = ApplyOne("flushDiskType", "sync_flush", &o);
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(Message(s), Catch::Contains("flushDiskType") && Catch::Contains("ASYNC_FLUSH") &&
                             Catch::Contains("SYNC_FLUSH"));
  s = ApplyOne("brokerRole", "MASTER", &o);
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(Message(s), Catch::Contains("brokerRole") && Catch::Contains("SLAVE"));
  CHECK_FALSE(ApplyOne("spoolCompressionType", "ZSTD", &o).ok());
}

TEST_CASE("strings keep their value", "[options]") {
  StoreOptions o = MustApply(MustParse("deleteWhen=01;13\nmessageDelayLevel=1s 2m 3h 4d\nstorePathRootDir=/x \n"));
  CHECK(o.delete_when == "01;13");
  CHECK(o.message_delay_level == "1s 2m 3h 4d");
  CHECK(o.store_path_root_dir == "/x ");
  CHECK(o.Validate().ok());
}

TEST_CASE("derived paths", "[options]") {
  StoreOptions o;
  o.store_path_root_dir = "/data/store";
  CHECK(o.CommitLogDir() == "/data/store/commitlog");
  CHECK(o.ConsumeQueueDir() == "/data/store/consumequeue");
  CHECK(o.IndexDir() == "/data/store/index");
  CHECK(o.ConfigDir() == "/data/store/config");
  CHECK(o.CheckpointPath() == "/data/store/checkpoint");
  CHECK(o.AbortPath() == "/data/store/abort");
  CHECK(o.LockPath() == "/data/store/lock");
  o.store_path_root_dir = "/data/store/";
  CHECK(o.IndexDir() == "/data/store/index");
  o.store_path_commit_log = "/fast/commitlog";
  CHECK(o.CommitLogDir() == "/fast/commitlog");

  StoreOptions def;
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') {
    std::string h = home;
    if (h.back() != '/') h += "/";
    CHECK(def.CommitLogDir() == h + "store/commitlog");
    CHECK(def.LockPath() == h + "store/lock");
  } else {
    CHECK_FALSE(def.LockPath().empty());
  }
}

TEST_CASE("Validate", "[options]") {
  CHECK(StoreOptions().Validate().ok());

  auto invalid = [](auto mutate, std::string_view key, absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
    StoreOptions o;
    mutate(o);
    absl::Status s = o.Validate();
    INFO(key << ": " << s.ToString());
    CHECK(s.code() == code);
    CHECK_THAT(Message(s), Catch::Contains(std::string(key)));
  };
  invalid([](StoreOptions& o) { o.store_path_commit_log = "/a/commitlog,/b/commitlog"; }, "multi-path",
          absl::StatusCode::kUnimplemented);
  invalid([](StoreOptions& o) { o.mapped_file_size_commit_log = 4096; }, "mappedFileSizeCommitLog");
  invalid([](StoreOptions& o) { o.mapped_file_size_commit_log = int64_t{3} << 30; }, "mappedFileSizeCommitLog");
  invalid([](StoreOptions& o) { o.mapped_file_size_consume_queue = 0; }, "mappedFileSizeConsumeQueue");
  invalid([](StoreOptions& o) { o.max_hash_slot_num = -1; }, "maxHashSlotNum");
  invalid([](StoreOptions& o) { o.max_index_num = 200000000; }, "maxIndexNum");
  invalid([](StoreOptions& o) { o.max_message_size = 0; }, "maxMessageSize");
  invalid([](StoreOptions& o) { o.sync_flush_timeout = 0; }, "syncFlushTimeout");
  invalid([](StoreOptions& o) { o.file_reserved_time = -1; }, "fileReservedTime");
  invalid([](StoreOptions& o) { o.disk_max_used_space_ratio = 5; }, "diskMaxUsedSpaceRatio");
  invalid([](StoreOptions& o) { o.disk_space_warning_level_ratio = 1.5; }, "diskSpaceWarningLevelRatio");
  invalid([](StoreOptions& o) { o.disk_space_clean_forcibly_ratio = 0; }, "diskSpaceCleanForciblyRatio");
  invalid([](StoreOptions& o) { o.access_message_in_memory_max_ratio = 101; }, "accessMessageInMemoryMaxRatio");
  invalid([](StoreOptions& o) { o.delete_when = "04;25"; }, "deleteWhen");
  invalid([](StoreOptions& o) { o.delete_when = "four"; }, "deleteWhen");
  invalid([](StoreOptions& o) { o.message_delay_level = "1s 5x"; }, "messageDelayLevel");
  invalid([](StoreOptions& o) { o.message_delay_level = "1s  5s"; }, "messageDelayLevel");
  invalid(
      [](StoreOptions& o) {
        o.transient_store_pool_enable = true;
        o.transient_store_pool_size = 0;
      },
      "transientStorePoolSize");

  StoreOptions ok;
  ok.mapped_file_size_commit_log = 65536;
  ok.mapped_file_size_consume_queue = 7;  // any positive size is accepted directly
  ok.delete_when = "01;02;";
  CHECK(ok.Validate().ok());
  ok.delete_when = "";
  CHECK(ok.Validate().ok());
}

TEST_CASE("LoadStoreOptions validates and names the file", "[options]") {
  char path[] = "/tmp/spool_options_testXXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  const std::string text = "mappedFileSizeCommitLog=1024\n";
  REQUIRE(write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  close(fd);
  absl::StatusOr<StoreOptions> o = LoadStoreOptions(path);
  unlink(path);
  REQUIRE_FALSE(o.ok());
  CHECK_THAT(Message(o.status()), Catch::Contains(path) && Catch::Contains("mappedFileSizeCommitLog"));
}

TEST_CASE("DescribeOptions: sorted key=value lines that read back", "[options]") {
  StoreOptions o;
  o.store_path_root_dir = "/srv/store";
  o.flush_disk_type = FlushDiskType::kSyncFlush;
  o.broker_role = BrokerRole::kSlave;
  o.spool_compression_type = CompressionType::kZlib;
  o.mapped_file_size_commit_log = 1 << 20;
  o.disk_space_warning_level_ratio = 0.5;
  o.message_index_enable = false;
  const std::string text = DescribeOptions(o);
  CHECK_THAT(text, Catch::Contains("mappedFileSizeCommitLog=1048576\n"));
  CHECK_THAT(text, Catch::Contains("flushDiskType=SYNC_FLUSH\n"));
  CHECK_THAT(text, Catch::Contains("brokerRole=SLAVE\n"));
  CHECK_THAT(text, Catch::Contains("storePathCommitLog=/srv/store/commitlog\n"));
  CHECK_THAT(text, Catch::Contains("diskSpaceWarningLevelRatio=0.5\n"));
  CHECK_THAT(text, Catch::Contains("diskSpaceCleanForciblyRatio=0.85\n"));
  CHECK_THAT(text, Catch::Contains("messageIndexEnable=false\n"));

  std::vector<std::string> keys;
  size_t start = 0;
  while (start < text.size()) {
    const size_t eol = text.find('\n', start);
    REQUIRE(eol != std::string::npos);
    keys.push_back(text.substr(start, text.find('=', start) - start));
    start = eol + 1;
  }
  CHECK(std::is_sorted(keys.begin(), keys.end()));
  CHECK(keys.size() == 48);  // every StoreOptions property

  // Everything printed reads back to the same options.
  StoreOptions reread;
  std::vector<std::string> unknown;
  REQUIRE(ApplyProperties(MustParse(text), &reread, &unknown).ok());
  CHECK(unknown.empty());
  CHECK(DescribeOptions(reread) == text);
}

}  // namespace
}  // namespace spool::store
