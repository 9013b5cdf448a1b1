// StoreOptions: derived paths, validation, and reading broker.properties (java.util.Properties.load rules, then
// RocketMQ's MixAll.properties2Object applied to the keys Spool knows).
//
// Choices made here, where RocketMQ is loose or silent:
//  - An empty storePathRootDir means ${HOME}/store, resolved each time a path is derived (Java resolves
//    user.home once at class load; we resolve late so an embedding application can set HOME first).
//  - storePathCommitLog empty means <root>/commitlog; a `,`-separated multi-path list is refused by Validate.
//  - Values of int/long/double/boolean/enum keys are trimmed of surrounding whitespace before parsing. Java keeps
//    trailing whitespace in values, so Integer.parseInt("6000 ") throws and RocketMQ silently keeps the default;
//    we accept the number instead, since a stray blank at a line end is invisible in an editor. String keys keep
//    their value exactly as Properties.load produced it.
//  - A known key whose value does not parse is an error naming the key (RocketMQ silently keeps the default).
//  - mappedFileSizeConsumeQueue is rounded up to a multiple of 20 and diskMaxUsedSpaceRatio clamped to [10, 95]
//    when applied from properties (RocketMQ does both in the getters); Validate accepts any positive CQ size and
//    rejects a ratio outside [10, 95] set directly in the struct.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "spool/store/options.h"
#include "spool/status_macros.h"

namespace spool::store {
namespace {

constexpr int64_t kCqUnitSize = 20;
constexpr int64_t kMinCommitLogSegment = 64 * 1024;
constexpr int64_t kJavaIntMax = std::numeric_limits<int32_t>::max();

std::string Join(absl::string_view dir, absl::string_view name) {
  if (dir.empty()) return std::string(name);
  if (dir.back() == '/') return absl::StrCat(dir, name);
  return absl::StrCat(dir, "/", name);
}

// Java's user.home: $HOME first (what a shell user expects), then the password database.
std::string HomeDir() {
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return home;
  std::vector<char> buf(16384);
  struct passwd pw;
  struct passwd* result = nullptr;
  if (getpwuid_r(getuid(), &pw, buf.data(), buf.size(), &result) == 0 && result != nullptr &&
      result->pw_dir != nullptr && result->pw_dir[0] != '\0') {
    return result->pw_dir;
  }
  return ".";
}

std::string RootDir(const StoreOptions& o) {
  if (!o.store_path_root_dir.empty()) return o.store_path_root_dir;
  return Join(HomeDir(), "store");
}

// ---------------------------------------------------------------------------------------------------------------
// java.util.Properties.load

bool IsPropWhitespace(char c) { return c == ' ' || c == '\t' || c == '\f'; }

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Properties.loadConvert: resolves backslash escapes. Bytes other than escapes are copied unchanged (ISO-8859-1
// read byte for byte, so a UTF-8 file comes through as UTF-8); \uXXXX becomes UTF-8, a surrogate pair one code
// point, a lone surrogate U+FFFD.
absl::StatusOr<std::string> LoadConvert(absl::string_view in, int line) {
  std::string out;
  out.reserve(in.size());
  uint32_t pending_high = 0;  // a high surrogate waiting for its low half
  auto flush_pending = [&] {
    if (pending_high != 0) {
      AppendUtf8(0xFFFD, &out);
      pending_high = 0;
    }
  };
  size_t i = 0;
  while (i < in.size()) {
    char c = in[i++];
    if (c != '\\') {
      flush_pending();
      out.push_back(c);
      continue;
    }
    if (i >= in.size()) break;  // a lone trailing backslash escapes nothing
    c = in[i++];
    if (c == 'u') {
      uint32_t cp = 0;
      for (int k = 0; k < 4; ++k) {
        const int h = i < in.size() ? HexValue(in[i]) : -1;
        if (h < 0) {
          return absl::InvalidArgumentError(
              absl::StrCat("properties line ", line, ": malformed \\uxxxx encoding"));
        }
        cp = cp * 16 + static_cast<uint32_t>(h);
        ++i;
      }
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        flush_pending();
        pending_high = cp;
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        if (pending_high != 0) {
          AppendUtf8(0x10000 + ((pending_high - 0xD800) << 10) + (cp - 0xDC00), &out);
          pending_high = 0;
        } else {
          AppendUtf8(0xFFFD, &out);
        }
      } else {
        flush_pending();
        AppendUtf8(cp, &out);
      }
      continue;
    }
    flush_pending();
    switch (c) {
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'n': out.push_back('\n'); break;
      case 'f': out.push_back('\f'); break;
      default: out.push_back(c); break;
    }
  }
  flush_pending();
  return out;
}

// One logical line of a properties file, escapes still in place, and the 1-based number of its first line.
struct LogicalLine {
  std::string text;
  int line = 0;
};

// Properties.LineReader: skips blank and comment lines, joins continuation lines (a line ending in an odd number
// of backslashes continues; the backslash and the next line's leading whitespace are dropped).
std::vector<LogicalLine> ReadLogicalLines(absl::string_view text) {
  std::vector<LogicalLine> lines;
  size_t i = 0;
  int line_no = 1;
  const size_t n = text.size();
  while (i < n) {
    // Start of a natural line that begins a logical line.
    while (i < n && IsPropWhitespace(text[i])) ++i;
    if (i >= n) break;
    if (text[i] == '\n' || text[i] == '\r') {  // blank line
      if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      ++line_no;
      continue;
    }
    if (text[i] == '#' || text[i] == '!') {  // comment: never continued
      while (i < n && text[i] != '\n' && text[i] != '\r') ++i;
      continue;
    }
    LogicalLine logical;
    logical.line = line_no;
    for (;;) {
      bool preceding_backslash = false;
      while (i < n && text[i] != '\n' && text[i] != '\r') {
        preceding_backslash = text[i] == '\\' ? !preceding_backslash : false;
        logical.text.push_back(text[i]);
        ++i;
      }
      if (preceding_backslash) logical.text.pop_back();
      // Consume the line terminator.
      if (i < n) {
        if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
        ++i;
        ++line_no;
      }
      if (!preceding_backslash || i >= n) break;
      // Continuation: the next line's leading whitespace is dropped; it is never a comment.
      while (i < n && IsPropWhitespace(text[i])) ++i;
    }
    lines.push_back(std::move(logical));
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Typed setters for properties2Object.

absl::Status BadValue(absl::string_view key, absl::string_view value, absl::string_view expected) {
  return absl::InvalidArgumentError(
      absl::StrCat("broker.properties key ", key, "=\"", value, "\": ", expected));
}

absl::Status ParseJavaInt(absl::string_view key, absl::string_view value, int32_t* out) {
  int64_t v;
  const absl::string_view t = absl::StripAsciiWhitespace(value);
  if (t.empty() || !absl::SimpleAtoi(t, &v) || v < std::numeric_limits<int32_t>::min() || v > kJavaIntMax) {
    return BadValue(key, value, "expected a 32-bit integer");
  }
  *out = static_cast<int32_t>(v);
  return absl::OkStatus();
}

absl::Status ParseJavaLong(absl::string_view key, absl::string_view value, int64_t* out) {
  const absl::string_view t = absl::StripAsciiWhitespace(value);
  if (t.empty() || !absl::SimpleAtoi(t, out)) return BadValue(key, value, "expected a 64-bit integer");
  return absl::OkStatus();
}

absl::Status ParseJavaDouble(absl::string_view key, absl::string_view value, double* out) {
  absl::string_view t = absl::StripAsciiWhitespace(value);
  // Double.parseDouble accepts a trailing type suffix (0.9d, 0.9f).
  if (!t.empty() && (t.back() == 'd' || t.back() == 'D' || t.back() == 'f' || t.back() == 'F')) {
    t.remove_suffix(1);
  }
  if (t.empty() || !absl::SimpleAtod(t, out)) return BadValue(key, value, "expected a number");
  return absl::OkStatus();
}

// Boolean.parseBoolean: case-insensitive "true" is true, anything else false. Never an error.
bool ParseJavaBoolean(absl::string_view value) {
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(value), "true");
}

template <typename E>
absl::Status ParseEnum(absl::string_view key, absl::string_view value,
                       std::initializer_list<std::pair<absl::string_view, E>> names, E* out) {
  const absl::string_view t = absl::StripAsciiWhitespace(value);
  std::string allowed;
  for (const auto& [name, e] : names) {
    if (t == name) {
      *out = e;
      return absl::OkStatus();
    }
    absl::StrAppend(&allowed, allowed.empty() ? "" : ", ", name);
  }
  return BadValue(key, value, absl::StrCat("expected one of ", allowed));
}

constexpr std::initializer_list<std::pair<absl::string_view, FlushDiskType>> kFlushDiskTypes = {
    {"ASYNC_FLUSH", FlushDiskType::kAsyncFlush}, {"SYNC_FLUSH", FlushDiskType::kSyncFlush}};
constexpr std::initializer_list<std::pair<absl::string_view, BrokerRole>> kBrokerRoles = {
    {"ASYNC_MASTER", BrokerRole::kAsyncMaster},
    {"SYNC_MASTER", BrokerRole::kSyncMaster},
    {"SLAVE", BrokerRole::kSlave}};
constexpr std::initializer_list<std::pair<absl::string_view, CompressionType>> kCompressionTypes = {
    {"none", CompressionType::kNone}, {"zlib", CompressionType::kZlib}, {"zstd", CompressionType::kZstd}};

template <typename E>
absl::string_view EnumName(std::initializer_list<std::pair<absl::string_view, E>> names, E e) {
  for (const auto& [name, v] : names) {
    if (v == e) return name;
  }
  return "?";
}

std::string FormatDouble(double d) {
  std::string s = absl::StrCat(d);
  // Java prints doubles with a fractional part (0.9, 1.0).
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

// One option: its RocketMQ key, how to apply a value, how to print the current value.
struct OptionDef {
  absl::string_view key;
  std::function<absl::Status(absl::string_view key, absl::string_view value, StoreOptions*)> apply;
  std::function<std::string(const StoreOptions&)> describe;
};

OptionDef IntOption(absl::string_view key, int32_t StoreOptions::*field) {
  return {key,
          [field](absl::string_view k, absl::string_view v, StoreOptions* o) {
            return ParseJavaInt(k, v, &(o->*field));
          },
          [field](const StoreOptions& o) { return absl::StrCat(o.*field); }};
}

// An int64 field whose RocketMQ type is Java int.
OptionDef IntAsLongOption(absl::string_view key, int64_t StoreOptions::*field) {
  return {key,
          [field](absl::string_view k, absl::string_view v, StoreOptions* o) {
            int32_t i;
            SPOOL_RETURN_IF_ERROR(ParseJavaInt(k, v, &i));
            o->*field = i;
            return absl::OkStatus();
          },
          [field](const StoreOptions& o) { return absl::StrCat(o.*field); }};
}

OptionDef LongOption(absl::string_view key, int64_t StoreOptions::*field) {
  return {key,
          [field](absl::string_view k, absl::string_view v, StoreOptions* o) {
            return ParseJavaLong(k, v, &(o->*field));
          },
          [field](const StoreOptions& o) { return absl::StrCat(o.*field); }};
}

OptionDef BoolOption(absl::string_view key, bool StoreOptions::*field) {
  return {key,
          [field](absl::string_view, absl::string_view v, StoreOptions* o) {
            o->*field = ParseJavaBoolean(v);
            return absl::OkStatus();
          },
          [field](const StoreOptions& o) { return std::string(o.*field ? "true" : "false"); }};
}

OptionDef DoubleOption(absl::string_view key, double StoreOptions::*field) {
  return {key,
          [field](absl::string_view k, absl::string_view v, StoreOptions* o) {
            return ParseJavaDouble(k, v, &(o->*field));
          },
          [field](const StoreOptions& o) { return FormatDouble(o.*field); }};
}

OptionDef StringOption(absl::string_view key, std::string StoreOptions::*field) {
  return {key,
          [field](absl::string_view, absl::string_view v, StoreOptions* o) {
            o->*field = std::string(v);
            return absl::OkStatus();
          },
          [field](const StoreOptions& o) { return o.*field; }};
}

int64_t RoundUpToCqUnit(int64_t size) { return (size + kCqUnitSize - 1) / kCqUnitSize * kCqUnitSize; }

// Every key Spool reads, by its RocketMQ name. Aliases (old spellings, JVM property names) come separately so the
// canonical spelling wins when a file has both.
const std::vector<OptionDef>& OptionDefs() {
  using O = StoreOptions;
  static const auto* defs = new std::vector<OptionDef>{
      {"storePathRootDir",
       [](absl::string_view, absl::string_view v, O* o) {
         o->store_path_root_dir = std::string(v);
         return absl::OkStatus();
       },
       [](const O& o) { return RootDir(o); }},
      {"storePathCommitLog",
       [](absl::string_view, absl::string_view v, O* o) {
         o->store_path_commit_log = std::string(v);
         return absl::OkStatus();
       },
       [](const O& o) { return o.CommitLogDir(); }},
      IntAsLongOption("mappedFileSizeCommitLog", &O::mapped_file_size_commit_log),
      {"mappedFileSizeConsumeQueue",
       [](absl::string_view k, absl::string_view v, O* o) {
         int32_t i;
         SPOOL_RETURN_IF_ERROR(ParseJavaInt(k, v, &i));
         // MessageStoreConfig.getMappedFileSizeConsumeQueue rounds up to whole 20-byte units.
         o->mapped_file_size_consume_queue = i > 0 ? RoundUpToCqUnit(i) : i;
         return absl::OkStatus();
       },
       [](const O& o) { return absl::StrCat(o.mapped_file_size_consume_queue); }},
      IntOption("maxHashSlotNum", &O::max_hash_slot_num),
      IntOption("maxIndexNum", &O::max_index_num),
      IntOption("maxMessageSize", &O::max_message_size),
      BoolOption("messageIndexEnable", &O::message_index_enable),
      BoolOption("messageIndexSafe", &O::message_index_safe),
      IntOption("maxMsgsNumBatch", &O::max_msgs_num_batch),
      {"flushDiskType",
       [](absl::string_view k, absl::string_view v, O* o) {
         return ParseEnum(k, v, kFlushDiskTypes, &o->flush_disk_type);
       },
       [](const O& o) { return std::string(EnumName(kFlushDiskTypes, o.flush_disk_type)); }},
      IntOption("syncFlushTimeout", &O::sync_flush_timeout),
      IntOption("flushIntervalCommitLog", &O::flush_interval_commit_log),
      IntOption("flushCommitLogLeastPages", &O::flush_commit_log_least_pages),
      IntOption("flushCommitLogThoroughInterval", &O::flush_commit_log_thorough_interval),
      BoolOption("flushCommitLogTimed", &O::flush_commit_log_timed),
      IntOption("flushIntervalConsumeQueue", &O::flush_interval_consume_queue),
      IntOption("flushConsumeQueueLeastPages", &O::flush_consume_queue_least_pages),
      IntOption("flushConsumeQueueThoroughInterval", &O::flush_consume_queue_thorough_interval),
      BoolOption("transientStorePoolEnable", &O::transient_store_pool_enable),
      IntOption("transientStorePoolSize", &O::transient_store_pool_size),
      BoolOption("fastFailIfNoBufferInStorePool", &O::fast_fail_if_no_buffer_in_store_pool),
      IntOption("commitIntervalCommitLog", &O::commit_interval_commit_log),
      IntOption("commitCommitLogLeastPages", &O::commit_commit_log_least_pages),
      IntOption("commitCommitLogThoroughInterval", &O::commit_commit_log_thorough_interval),
      BoolOption("warmMapedFileEnable", &O::warm_maped_file_enable),
      BoolOption("checkCRCOnRecover", &O::check_crc_on_recover),
      LongOption("osPageCacheBusyTimeOutMills", &O::os_page_cache_busy_timeout_mills),
      StringOption("deleteWhen", &O::delete_when),
      IntOption("fileReservedTime", &O::file_reserved_time),
      {"diskMaxUsedSpaceRatio",
       [](absl::string_view k, absl::string_view v, O* o) {
         int32_t i;
         SPOOL_RETURN_IF_ERROR(ParseJavaInt(k, v, &i));
         // MessageStoreConfig.getDiskMaxUsedSpaceRatio clamps to [10, 95].
         o->disk_max_used_space_ratio = std::clamp(i, 10, 95);
         return absl::OkStatus();
       },
       [](const O& o) { return absl::StrCat(o.disk_max_used_space_ratio); }},
      BoolOption("cleanFileForciblyEnable", &O::clean_file_forcibly_enable),
      IntOption("cleanResourceInterval", &O::clean_resource_interval),
      IntOption("deleteCommitLogFilesInterval", &O::delete_commit_log_files_interval),
      IntOption("deleteConsumeQueueFilesInterval", &O::delete_consume_queue_files_interval),
      IntOption("destroyMapedFileIntervalForcibly", &O::destroy_maped_file_interval_forcibly),
      DoubleOption("diskSpaceWarningLevelRatio", &O::disk_space_warning_level_ratio),
      DoubleOption("diskSpaceCleanForciblyRatio", &O::disk_space_clean_forcibly_ratio),
      IntOption("maxTransferBytesOnMessageInMemory", &O::max_transfer_bytes_on_message_in_memory),
      IntOption("maxTransferCountOnMessageInMemory", &O::max_transfer_count_on_message_in_memory),
      IntOption("maxTransferBytesOnMessageInDisk", &O::max_transfer_bytes_on_message_in_disk),
      IntOption("maxTransferCountOnMessageInDisk", &O::max_transfer_count_on_message_in_disk),
      IntOption("accessMessageInMemoryMaxRatio", &O::access_message_in_memory_max_ratio),
      {"brokerRole",
       [](absl::string_view k, absl::string_view v, O* o) {
         return ParseEnum(k, v, kBrokerRoles, &o->broker_role);
       },
       [](const O& o) { return std::string(EnumName(kBrokerRoles, o.broker_role)); }},
      StringOption("messageDelayLevel", &O::message_delay_level),
      LongOption("flushDelayOffsetInterval", &O::flush_delay_offset_interval),
      {"spoolCompressionType",
       [](absl::string_view k, absl::string_view v, O* o) {
         return ParseEnum(k, v, kCompressionTypes, &o->spool_compression_type);
       },
       [](const O& o) { return std::string(EnumName(kCompressionTypes, o.spool_compression_type)); }},
      IntOption("spoolCompressOverBytes", &O::spool_compress_over_bytes),
  };
  return *defs;
}

// Other spellings of known keys: the old `maped` spelling of RocketMQ < 4.5 and the JVM property names of the
// disk ratios. Applied before the canonical keys, so the canonical key wins when both are present.
const std::vector<std::pair<absl::string_view, absl::string_view>>& Aliases() {
  static const auto* aliases = new std::vector<std::pair<absl::string_view, absl::string_view>>{
      {"mapedFileSizeCommitLog", "mappedFileSizeCommitLog"},
      {"mapedFileSizeConsumeQueue", "mappedFileSizeConsumeQueue"},
      {"rocketmq.broker.diskSpaceWarningLevelRatio", "diskSpaceWarningLevelRatio"},
      {"rocketmq.broker.diskSpaceCleanForciblyRatio", "diskSpaceCleanForciblyRatio"},
  };
  return *aliases;
}

const OptionDef* FindOption(absl::string_view key) {
  for (const OptionDef& d : OptionDefs()) {
    if (d.key == key) return &d;
  }
  return nullptr;
}

absl::Status InvalidOption(absl::string_view key, const auto& value, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("option ", key, "=", value, ": ", why));
}

// deleteWhen: `;`-separated hours, as UtilAll.isItTimeToDo splits and parses them. Empty parts are skipped (Java's
// split drops trailing empties); an empty value means time-based deletion never runs.
absl::Status CheckDeleteWhen(const std::string& when) {
  for (absl::string_view part : absl::StrSplit(when, ';')) {
    if (part.empty()) continue;
    int hour;
    if (!absl::SimpleAtoi(part, &hour) || hour < 0 || hour > 23) {
      return InvalidOption("deleteWhen", when, absl::StrCat("\"", part, "\" is not an hour 0..23"));
    }
  }
  return absl::OkStatus();
}

// messageDelayLevel: space-separated <number><s|m|h|d>, as ScheduleMessageService.parseDelayLevel reads it.
absl::Status CheckDelayLevels(const std::string& levels) {
  for (absl::string_view part : absl::StrSplit(levels, ' ')) {
    int64_t n;
    if (part.size() < 2 || absl::string_view("smhd").find(part.back()) == absl::string_view::npos ||
        !absl::SimpleAtoi(part.substr(0, part.size() - 1), &n) || n < 0) {
      return InvalidOption("messageDelayLevel", levels,
                           absl::StrCat("\"", part, "\" is not <number><s|m|h|d>"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// StoreOptions

std::string StoreOptions::CommitLogDir() const {
  if (!store_path_commit_log.empty()) return store_path_commit_log;
  return Join(RootDir(*this), "commitlog");
}
std::string StoreOptions::ConsumeQueueDir() const { return Join(RootDir(*this), "consumequeue"); }
std::string StoreOptions::IndexDir() const { return Join(RootDir(*this), "index"); }
std::string StoreOptions::ConfigDir() const { return Join(RootDir(*this), "config"); }
std::string StoreOptions::CheckpointPath() const { return Join(RootDir(*this), "checkpoint"); }
std::string StoreOptions::AbortPath() const { return Join(RootDir(*this), "abort"); }
std::string StoreOptions::LockPath() const { return Join(RootDir(*this), "lock"); }

absl::Status StoreOptions::Validate() const {
  if (store_path_commit_log.find(',') != std::string::npos) {
    return absl::UnimplementedError(absl::StrCat("option storePathCommitLog=", store_path_commit_log,
                                                 ": multi-path commit logs are not supported"));
  }
  // RocketMQ does not check this, but a segment smaller than the largest record makes every such put fail for
  // good (a record never spans segments).
  if (mapped_file_size_commit_log < kMinCommitLogSegment || mapped_file_size_commit_log > kJavaIntMax) {
    return InvalidOption("mappedFileSizeCommitLog", mapped_file_size_commit_log,
                         absl::StrCat("must be in [", kMinCommitLogSegment, ", ", kJavaIntMax,
                                      "] (a segment must hold the largest record; positions are Java ints)"));
  }
  if (mapped_file_size_consume_queue <= 0 || mapped_file_size_consume_queue > kJavaIntMax) {
    return InvalidOption("mappedFileSizeConsumeQueue", mapped_file_size_consume_queue,
                         absl::StrCat("must be in [1, ", kJavaIntMax, "]"));
  }
  if (max_hash_slot_num <= 0) return InvalidOption("maxHashSlotNum", max_hash_slot_num, "must be positive");
  if (max_index_num <= 0) return InvalidOption("maxIndexNum", max_index_num, "must be positive");
  // IndexFile size = 40-byte header + 4 bytes per slot + 20 bytes per entry, an int in RocketMQ.
  const int64_t index_file_size = 40 + int64_t{4} * max_hash_slot_num + int64_t{20} * max_index_num;
  if (index_file_size > kJavaIntMax) {
    return InvalidOption("maxIndexNum", max_index_num,
                         absl::StrCat("with maxHashSlotNum=", max_hash_slot_num, " the index file would be ",
                                      index_file_size, " bytes, over ", kJavaIntMax));
  }
  if (max_message_size <= 0) return InvalidOption("maxMessageSize", max_message_size, "must be positive");
  if (max_msgs_num_batch <= 0) return InvalidOption("maxMsgsNumBatch", max_msgs_num_batch, "must be positive");

  const std::pair<absl::string_view, int64_t> positive[] = {
      {"syncFlushTimeout", sync_flush_timeout},
      {"flushIntervalCommitLog", flush_interval_commit_log},
      {"flushIntervalConsumeQueue", flush_interval_consume_queue},
      {"commitIntervalCommitLog", commit_interval_commit_log},
      {"osPageCacheBusyTimeOutMills", os_page_cache_busy_timeout_mills},
      {"flushDelayOffsetInterval", flush_delay_offset_interval},
      {"cleanResourceInterval", clean_resource_interval},
      {"maxTransferBytesOnMessageInMemory", max_transfer_bytes_on_message_in_memory},
      {"maxTransferCountOnMessageInMemory", max_transfer_count_on_message_in_memory},
      {"maxTransferBytesOnMessageInDisk", max_transfer_bytes_on_message_in_disk},
      {"maxTransferCountOnMessageInDisk", max_transfer_count_on_message_in_disk},
  };
  for (const auto& [key, value] : positive) {
    if (value <= 0) return InvalidOption(key, value, "must be positive");
  }
  const std::pair<absl::string_view, int64_t> non_negative[] = {
      {"flushCommitLogLeastPages", flush_commit_log_least_pages},
      {"flushCommitLogThoroughInterval", flush_commit_log_thorough_interval},
      {"flushConsumeQueueLeastPages", flush_consume_queue_least_pages},
      {"flushConsumeQueueThoroughInterval", flush_consume_queue_thorough_interval},
      {"commitCommitLogLeastPages", commit_commit_log_least_pages},
      {"commitCommitLogThoroughInterval", commit_commit_log_thorough_interval},
      {"fileReservedTime", file_reserved_time},
      {"deleteCommitLogFilesInterval", delete_commit_log_files_interval},
      {"deleteConsumeQueueFilesInterval", delete_consume_queue_files_interval},
      {"destroyMapedFileIntervalForcibly", destroy_maped_file_interval_forcibly},
      {"spoolCompressOverBytes", spool_compress_over_bytes},
  };
  for (const auto& [key, value] : non_negative) {
    if (value < 0) return InvalidOption(key, value, "must not be negative");
  }
  if (transient_store_pool_enable && transient_store_pool_size <= 0) {
    return InvalidOption("transientStorePoolSize", transient_store_pool_size,
                         "must be positive when transientStorePoolEnable=true");
  }
  if (disk_max_used_space_ratio < 10 || disk_max_used_space_ratio > 95) {
    return InvalidOption("diskMaxUsedSpaceRatio", disk_max_used_space_ratio, "must be in [10, 95]");
  }
  if (!(disk_space_warning_level_ratio > 0 && disk_space_warning_level_ratio <= 1)) {
    return InvalidOption("diskSpaceWarningLevelRatio", disk_space_warning_level_ratio, "must be in (0, 1]");
  }
  if (!(disk_space_clean_forcibly_ratio > 0 && disk_space_clean_forcibly_ratio <= 1)) {
    return InvalidOption("diskSpaceCleanForciblyRatio", disk_space_clean_forcibly_ratio, "must be in (0, 1]");
  }
  if (access_message_in_memory_max_ratio < 0 || access_message_in_memory_max_ratio > 100) {
    return InvalidOption("accessMessageInMemoryMaxRatio", access_message_in_memory_max_ratio,
                         "must be in [0, 100]");
  }
  SPOOL_RETURN_IF_ERROR(CheckDeleteWhen(delete_when));
  SPOOL_RETURN_IF_ERROR(CheckDelayLevels(message_delay_level));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------------------------------------------
// Properties

absl::StatusOr<Properties> ParseProperties(std::string_view text) {
  Properties props;
  for (const LogicalLine& line : ReadLogicalLines(absl::string_view(text.data(), text.size()))) {
    const std::string& s = line.text;
    // Key: up to the first unescaped '=', ':' or whitespace.
    size_t key_len = 0;
    size_t value_start = s.size();
    bool has_sep = false;
    bool preceding_backslash = false;
    while (key_len < s.size()) {
      const char c = s[key_len];
      if ((c == '=' || c == ':') && !preceding_backslash) {
        value_start = key_len + 1;
        has_sep = true;
        break;
      }
      if (IsPropWhitespace(c) && !preceding_backslash) {
        value_start = key_len + 1;
        break;
      }
      preceding_backslash = c == '\\' ? !preceding_backslash : false;
      ++key_len;
    }
    // Value: after whitespace and at most one '=' or ':' (if the key did not end at one).
    while (value_start < s.size()) {
      const char c = s[value_start];
      if (!IsPropWhitespace(c)) {
        if (!has_sep && (c == '=' || c == ':')) {
          has_sep = true;
        } else {
          break;
        }
      }
      ++value_start;
    }
    SPOOL_ASSIGN_OR_RETURN(std::string key, LoadConvert(absl::string_view(s).substr(0, key_len), line.line));
    SPOOL_ASSIGN_OR_RETURN(std::string value,
                           LoadConvert(absl::string_view(s).substr(std::min(value_start, s.size())), line.line));
    props[std::move(key)] = std::move(value);
  }
  return props;
}

absl::StatusOr<Properties> LoadPropertiesFile(const std::string& path) {
  // A user's configuration file, not store data: read directly rather than through the FileSystem seam.
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (err == ENOENT) return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    return absl::InternalError(absl::StrCat(path, ": cannot open: ", std::strerror(err)));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return absl::InternalError(absl::StrCat(path, ": read failed"));
  auto props = ParseProperties(buf.str());
  if (!props.ok()) {
    return absl::Status(props.status().code(), absl::StrCat(path, ": ", props.status().message()));
  }
  return props;
}

absl::Status ApplyProperties(const Properties& props, StoreOptions* options, std::vector<std::string>* unknown_keys) {
  // Apply to a copy: a bad value leaves `options` untouched.
  StoreOptions result = *options;
  for (const auto& [alias, canonical] : Aliases()) {
    auto it = props.find(std::string(alias));
    if (it == props.end()) continue;
    const OptionDef* def = FindOption(canonical);
    SPOOL_RETURN_IF_ERROR(def->apply(alias, it->second, &result));
  }
  for (const auto& [key, value] : props) {
    if (const OptionDef* def = FindOption(key)) {
      SPOOL_RETURN_IF_ERROR(def->apply(key, value, &result));
      continue;
    }
    const bool is_alias = std::any_of(Aliases().begin(), Aliases().end(),
                                      [&key = key](const auto& a) { return a.first == key; });
    if (!is_alias && unknown_keys != nullptr) unknown_keys->push_back(key);
  }
  *options = std::move(result);
  return absl::OkStatus();
}

absl::StatusOr<StoreOptions> LoadStoreOptions(const std::string& properties_path) {
  SPOOL_ASSIGN_OR_RETURN(Properties props, LoadPropertiesFile(properties_path));
  StoreOptions options;
  if (absl::Status s = ApplyProperties(props, &options); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(properties_path, ": ", s.message()));
  }
  if (absl::Status s = options.Validate(); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(properties_path, ": ", s.message()));
  }
  return options;
}

std::string DescribeOptions(const StoreOptions& options) {
  std::vector<std::pair<absl::string_view, std::string>> lines;
  for (const OptionDef& d : OptionDefs()) lines.emplace_back(d.key, d.describe(options));
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& [key, value] : lines) absl::StrAppend(&out, key, "=", value, "\n");
  return out;
}

}  // namespace spool::store
