// File: spool/store/options.h
// Store options. Every field is a RocketMQ 4.9.7 MessageStoreConfig / BrokerConfig key with RocketMQ's default;
// the comment names the broker.properties key. Load them from a broker.properties file with
// LoadStoreOptions, or set fields directly.
//
//   StoreOptions options;
//   options.store_path_root_dir = "/var/lib/spool/store";
//   options.flush_disk_type = FlushDiskType::kSyncFlush;
//   auto store = MessageStore::Open(options);
//
//   absl::StatusOr<StoreOptions> loaded = LoadStoreOptions("conf/broker.properties");
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace spool::store {

class FileSystem;
class Clock;

enum class FlushDiskType { kAsyncFlush, kSyncFlush };
enum class BrokerRole { kAsyncMaster, kSyncMaster, kSlave };
enum class CompressionType { kNone, kZlib, kZstd };

struct StoreOptions {
  // --- Paths and sizes ---
  // storePathRootDir, default ${HOME}/store.
  std::string store_path_root_dir;
  // storePathCommitLog, default <storePathRootDir>/commitlog (empty = derive). A `,`-separated list (RocketMQ's
  // multi-path) is refused as not supported.
  std::string store_path_commit_log;
  // mappedFileSizeCommitLog (old spelling mapedFileSizeCommitLog), default 1 GiB.
  int64_t mapped_file_size_commit_log = 1073741824;
  // mappedFileSizeConsumeQueue, default 6000000 (300000 units); rounded up to a multiple of 20.
  int64_t mapped_file_size_consume_queue = 300000 * 20;
  // maxHashSlotNum, default 5000000.
  int32_t max_hash_slot_num = 5000000;
  // maxIndexNum, default 20000000.
  int32_t max_index_num = 20000000;
  // maxMessageSize (body bytes), default 4 MiB.
  int32_t max_message_size = 4194304;
  // messageIndexEnable, default true.
  bool message_index_enable = true;
  // messageIndexSafe, default false.
  bool message_index_safe = false;
  // maxMsgsNumBatch: cap on offsets one index query returns, default 64.
  int32_t max_msgs_num_batch = 64;

  // --- Flush ---
  // flushDiskType, default ASYNC_FLUSH.
  FlushDiskType flush_disk_type = FlushDiskType::kAsyncFlush;
  // syncFlushTimeout (ms), default 5000.
  int32_t sync_flush_timeout = 5000;
  // flushIntervalCommitLog (ms), default 500.
  int32_t flush_interval_commit_log = 500;
  // flushCommitLogLeastPages, default 4.
  int32_t flush_commit_log_least_pages = 4;
  // flushCommitLogThoroughInterval (ms), default 10000.
  int32_t flush_commit_log_thorough_interval = 10000;
  // flushCommitLogTimed, default true: async flush sleeps its interval instead of being woken by puts.
  bool flush_commit_log_timed = true;
  // flushIntervalConsumeQueue (ms), default 1000.
  int32_t flush_interval_consume_queue = 1000;
  // flushConsumeQueueLeastPages, default 2.
  int32_t flush_consume_queue_least_pages = 2;
  // flushConsumeQueueThoroughInterval (ms), default 60000.
  int32_t flush_consume_queue_thorough_interval = 60000;
  // transientStorePoolEnable, default false. Effective only with ASYNC_FLUSH and not SLAVE.
  bool transient_store_pool_enable = false;
  // transientStorePoolSize, default 5 buffers of one segment each.
  int32_t transient_store_pool_size = 5;
  // fastFailIfNoBufferInStorePool, default false.
  bool fast_fail_if_no_buffer_in_store_pool = false;
  // commitIntervalCommitLog (ms), default 200.
  int32_t commit_interval_commit_log = 200;
  // commitCommitLogLeastPages, default 4.
  int32_t commit_commit_log_least_pages = 4;
  // commitCommitLogThoroughInterval (ms), default 200.
  int32_t commit_commit_log_thorough_interval = 200;
  // warmMapedFileEnable, default false. Spool always pre-writes new segments with zeros off the hot path (see
  // README); this key additionally locks them in memory (mlock).
  bool warm_maped_file_enable = false;
  // checkCRCOnRecover, default true.
  bool check_crc_on_recover = true;
  // osPageCacheBusyTimeOutMills, default 1000.
  int64_t os_page_cache_busy_timeout_mills = 1000;

  // --- Retention ---
  // deleteWhen: `;`-separated local hours, default "04".
  std::string delete_when = "04";
  // fileReservedTime (hours), default 72.
  int32_t file_reserved_time = 72;
  // diskMaxUsedSpaceRatio (%), default 75, clamped to [10, 95].
  int32_t disk_max_used_space_ratio = 75;
  // cleanFileForciblyEnable, default true.
  bool clean_file_forcibly_enable = true;
  // cleanResourceInterval (ms), default 10000.
  int32_t clean_resource_interval = 10000;
  // deleteCommitLogFilesInterval (ms), default 100.
  int32_t delete_commit_log_files_interval = 100;
  // deleteConsumeQueueFilesInterval (ms), default 100.
  int32_t delete_consume_queue_files_interval = 100;
  // destroyMapedFileIntervalForcibly (ms), default 120000.
  int32_t destroy_maped_file_interval_forcibly = 120000;
  // JVM properties in RocketMQ (rocketmq.broker.diskSpaceWarningLevelRatio / ...CleanForciblyRatio); also read
  // from broker.properties under those names here.
  double disk_space_warning_level_ratio = 0.90;
  double disk_space_clean_forcibly_ratio = 0.85;

  // --- Reads ---
  // maxTransferBytesOnMessageInMemory, default 262144.
  int32_t max_transfer_bytes_on_message_in_memory = 262144;
  // maxTransferCountOnMessageInMemory, default 32.
  int32_t max_transfer_count_on_message_in_memory = 32;
  // maxTransferBytesOnMessageInDisk, default 65536.
  int32_t max_transfer_bytes_on_message_in_disk = 65536;
  // maxTransferCountOnMessageInDisk, default 8.
  int32_t max_transfer_count_on_message_in_disk = 8;
  // accessMessageInMemoryMaxRatio (%), default 40.
  int32_t access_message_in_memory_max_ratio = 40;

  // --- Role and delay levels ---
  // brokerRole, default ASYNC_MASTER.
  BrokerRole broker_role = BrokerRole::kAsyncMaster;
  // messageDelayLevel, default "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h".
  std::string message_delay_level = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";
  // flushDelayOffsetInterval (ms), default 10000: how often config/delayOffset.json is saved (also at shutdown).
  // enableScheduleAsyncDeliver is not implemented: delayed messages are re-put one at a time.
  int64_t flush_delay_offset_interval = 10000;

  // --- Spool's own keys (not in RocketMQ) ---
  // spoolCompressionType: "none" (default), "zlib" or "zstd". Bodies that Spool's own writers put
  // (mqstore put, the embedded API) at or above spoolCompressOverBytes are compressed and flagged as RocketMQ 5
  // flags its compression type (sysFlag bit 0 plus the type in bits 8..10). RocketMQ 4.9 readers inflate zlib
  // only; zstd-compressed stores are readable by RocketMQ 5 and Spool.
  CompressionType spool_compression_type = CompressionType::kNone;
  // spoolCompressOverBytes, default 4096 (the RocketMQ client's compressMsgBodyOverHowmuch).
  int32_t spool_compress_over_bytes = 4096;

  // --- Not properties: the seams. nullptr = FileSystem::Default() / Clock::Default(). Must outlive the store.
  FileSystem* file_system = nullptr;
  Clock* clock = nullptr;

  // Derived paths.
  std::string CommitLogDir() const;
  std::string ConsumeQueueDir() const;
  std::string IndexDir() const;
  std::string ConfigDir() const;
  std::string CheckpointPath() const;
  std::string AbortPath() const;
  std::string LockPath() const;

  // Checks ranges and combinations; a clear message names the key.
  absl::Status Validate() const;
};

// A parsed Java .properties file (java.util.Properties.load rules: ISO-8859-1, `=`, `:` or blank separators,
// `#`/`!` comments, backslash escapes and continuations). Keys keep their order of last assignment.
using Properties = std::map<std::string, std::string>;
absl::StatusOr<Properties> ParseProperties(std::string_view text);
absl::StatusOr<Properties> LoadPropertiesFile(const std::string& path);

// Applies the known keys of `props` to `options`. As RocketMQ's MixAll.properties2Object does, unknown keys are
// ignored; unlike it, a known key with an unparseable value is an error naming the key (RocketMQ silently keeps
// the default, which hides typos). `unknown_keys`, if given, receives the keys not applied.
absl::Status ApplyProperties(const Properties& props, StoreOptions* options,
                             std::vector<std::string>* unknown_keys = nullptr);
// Defaults, then the file's keys.
absl::StatusOr<StoreOptions> LoadStoreOptions(const std::string& properties_path);

// key=value lines of every option, RocketMQ names, as `mqbroker -p` prints them.
std::string DescribeOptions(const StoreOptions& options);

}  // namespace spool::store
