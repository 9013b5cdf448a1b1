// mqstore dump: every message record of the commit log as one JSON object per line, in log order.
//
// The store is only read (segments opened O_RDONLY and mapped PROT_READ; no lock, checkpoint or abort file is
// touched), so it may be a running broker's or a read-only copy. The walk is recovery's (store_walker.h): from the
// first segment, each record CRC-checked, BLANK => next segment, and the first record that is not whole and valid
// ends it. What dump prints is therefore exactly what a recovering broker keeps. If the log ends in damage rather
// than clean unwritten space, dump says where and why on stderr and still exits 0: the output is complete with
// respect to what recovery would keep.
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "CLI/CLI.hpp"
#include "codec/message_codec.h"
#include "commands.h"
#include "fmt/format.h"
#include "json_line.h"
#include "log/delay_level_table.h"
#include "spdlog/spdlog.h"
#include "spool/store/file_system.h"
#include "spool/store/message.h"
#include "store_walker.h"

namespace spool::mqstore {
namespace {

constexpr char kCommand[] = "dump";
constexpr size_t kFlushBytes = 1 << 20;

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

std::string Base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// RocketMQ's delay levels for SCHEDULE_TOPIC_XXXX tag codes; levels above the table use its last entry, as
// ScheduleMessageService caps them.
store::internal::DelayLevelFn MakeDelayFn(const store::StoreOptions& options, absl::Status* status) {
  absl::StatusOr<store::internal::DelayLevelTable> table =
      store::internal::DelayLevelTable::Parse(options.message_delay_level);
  if (!table.ok()) {
    *status = table.status();
    return nullptr;
  }
  return [t = *std::move(table)](int32_t level) { return t.DelayMs(std::min(level, t.max_level())); };
}

std::string RecordLine(const store::MessageRecord& rec, const store::internal::RecordCheck& check, bool bodies) {
  JsonLine line;
  line.AddInt("offset", rec.commit_log_offset)
      .AddInt("size", rec.total_size)
      .AddString("topic", rec.topic)
      .AddInt("queueId", rec.queue_id)
      .AddInt("queueOffset", rec.queue_offset)
      .AddInt("sysFlag", rec.sys_flag)
      .AddInt("flag", rec.flag)
      .AddInt("bodyCrc", rec.body_crc)
      .AddInt("bornTimestamp", rec.born_timestamp)
      .AddString("bornHost", rec.born_host.ToString())
      .AddInt("storeTimestamp", rec.store_timestamp)
      .AddString("storeHost", rec.store_host.ToString())
      .AddInt("reconsumeTimes", rec.reconsume_times)
      .AddInt("preparedTransactionOffset", rec.prepared_transaction_offset)
      .AddString("msgId", rec.OffsetMsgId())
      .AddInt("tagsCode", check.info.tags_code);
  line.BeginObject("properties");
  for (const auto& [name, value] : rec.properties.entries()) line.AddString(name, value);
  line.EndObject();
  line.AddInt("storedBodyLength", static_cast<int64_t>(rec.body.size()));
  absl::StatusOr<std::string> body = rec.DecompressedBody();
  // An undecodable body (LZ4, or corrupt compressed bytes under a valid CRC) is described as stored.
  std::string_view shown = body.ok() ? std::string_view(*body) : std::string_view(rec.body);
  line.AddInt("bodyLength", static_cast<int64_t>(shown.size())).AddString("bodySha256", Sha256Hex(shown));
  if (!body.ok()) line.AddString("bodyError", body.status().ToString());
  if (bodies) line.AddString("body", Base64(shown));
  return line.Finish();
}

}  // namespace

CLI::App* AddDumpCommand(CLI::App* app, DumpFlags* flags) {
  CLI::App* cmd = app->add_subcommand(
      "dump",
      "Print every commit-log message record as one JSON object per line, in log order, walking the log as "
      "recovery would. Never writes to the store.");
  cmd->add_option("STORE_DIR", flags->store_dir, "store root directory (storePathRootDir)")->required();
  cmd->add_flag("--bodies", flags->bodies, "also print each body (decompressed) as base64 in \"body\"");
  AddCommonFlags(cmd, &flags->common);
  cmd->footer(
      "Keys: offset size topic queueId queueOffset sysFlag flag bodyCrc bornTimestamp bornHost storeTimestamp\n"
      "storeHost reconsumeTimes preparedTransactionOffset msgId (offsetMsgId) tagsCode (ConsumeQueue tag code)\n"
      "properties storedBodyLength bodyLength bodySha256 [body] [bodyError]. bodyLength, bodySha256 and body\n"
      "describe the body after decompression (zlib/zstd per sysFlag); if it cannot be decompressed they describe\n"
      "the stored bytes and bodyError says why.\n"
      "Without -c the segment size is taken from the first segment; with -c every segment must be\n"
      "mappedFileSizeCommitLog bytes. If the log ends in damage (corrupt or torn record, data after the end),\n"
      "the records before it are printed, the place and reason go to stderr, and the exit code is still 0:\n"
      "the output is what recovery would keep. Exit 1: no such store, wrong segment size, I/O error.");
  return cmd;
}

int RunDump(const DumpFlags& flags) {
  absl::StatusOr<store::StoreOptions> options = LoadOptionsForStore(flags.common, flags.store_dir);
  if (!options.ok()) {
    PrintError(kCommand, options.status().ToString());
    return kExitFailure;
  }
  store::FileSystem* fs = store::FileSystem::Default();
  absl::StatusOr<bool> is_dir = fs->IsDirectory(flags.store_dir);
  if (!is_dir.ok() || !*is_dir) {
    PrintError(kCommand, fmt::format("no such store directory: {}", flags.store_dir));
    return kExitFailure;
  }
  absl::Status delay_status;
  store::internal::DelayLevelFn delay_fn = MakeDelayFn(*options, &delay_status);
  if (!delay_status.ok()) {
    PrintError(kCommand, delay_status.ToString());
    return kExitFailure;
  }
  // Without -c, trust the files for the segment size: dump reads any store as it is.
  const int64_t segment_size = flags.common.config_path.empty() ? 0 : options->mapped_file_size_commit_log;
  absl::StatusOr<CommitLogView> log = CommitLogView::Open(fs, options->CommitLogDir(), segment_size);
  if (!log.ok()) {
    if (absl::IsNotFound(log.status())) {
      PrintError(kCommand, fmt::format("{} is not a store: no commit-log directory {}", flags.store_dir,
                                       options->CommitLogDir()));
    } else {
      PrintError(kCommand, log.status().ToString());
    }
    return kExitFailure;
  }

  std::string out;
  auto flush = [&out]() -> absl::Status {
    if (!WriteStdout(out.data(), out.size())) {
      return absl::UnavailableError(fmt::format("writing to stdout: {}", std::strerror(errno)));
    }
    out.clear();
    return absl::OkStatus();
  };
  absl::StatusOr<WalkSummary> walked = WalkCommitLog(
      *log, /*check_crc=*/true, delay_fn,
      [&](int64_t offset, std::string_view record, const store::internal::RecordCheck& check) -> absl::Status {
        store::MessageRecord rec;
        absl::Status s = store::internal::DecodeRecord(record, /*check_crc=*/false, &rec);
        if (!s.ok()) return absl::DataLossError(fmt::format("record at offset {}: {}", offset, s.ToString()));
        out += RecordLine(rec, check, flags.bodies);
        return out.size() >= kFlushBytes ? flush() : absl::OkStatus();
      });
  absl::Status flushed = flush();
  if (!walked.ok() || !flushed.ok()) {
    PrintError(kCommand, (walked.ok() ? flushed : walked.status()).ToString());
    return kExitFailure;
  }
  spdlog::info("dump: {} records in {} segments; the log ends at offset {} ({})", walked->records,
               log->segments().size(), walked->end_offset, walked->reason.empty() ? "end of the last segment"
                                                                                  : walked->reason);
  if (walked->damaged) {
    PrintError(kCommand, fmt::format("the log ends in damage {}; recovery would truncate it at offset {} "
                                     "(nothing after that point is printed)",
                                     walked->reason, walked->end_offset));
  }
  return kExitOk;
}

}  // namespace spool::mqstore
