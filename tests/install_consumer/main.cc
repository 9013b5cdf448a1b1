// The installed-package smoke test: opens a store in the directory named on the command line, puts one message,
// reads it back through the public API and prints OK. Exit 0 only if the message came back intact.
//
//   spool_install_consumer /tmp/some-empty-dir
#include <cstdio>
#include <memory>
#include <string>

#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "spool/store/options.h"
#include "spool/store/store_status.h"

namespace {

int Fail(const std::string& why) {
  std::fprintf(stderr, "spool_install_consumer: %s\n", why.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return Fail("usage: spool_install_consumer STORE_DIR");

  spool::store::StoreOptions options;
  options.store_path_root_dir = argv[1];
  options.flush_disk_type = spool::store::FlushDiskType::kSyncFlush;
  // Small files: the defaults (1 GiB segments, a 400 MiB index) are for brokers, not a smoke test.
  options.mapped_file_size_commit_log = 1 << 20;
  options.mapped_file_size_consume_queue = 1000 * 20;
  options.max_hash_slot_num = 1000;
  options.max_index_num = 4000;

  absl::StatusOr<std::unique_ptr<spool::store::MessageStore>> store = spool::store::MessageStore::Open(options);
  if (!store.ok()) return Fail("open: " + store.status().ToString());

  spool::store::Message message;
  message.topic = "InstallTest";
  message.queue_id = 0;
  message.body = "hello from an installed Spool";
  message.properties.Set(spool::store::kPropertyTags, "TagA");
  const spool::store::PutResult put = (*store)->PutMessage(message);
  if (!put.ok()) return Fail("put: " + std::string(spool::store::ToString(put.status)) + " " + put.remark);

  // Reads go through the ConsumeQueue, which the dispatcher fills after the put returns.
  if (!(*store)->WaitForMessages(message.topic, message.queue_id, put.queue_offset, absl::Seconds(30))) {
    return Fail("the put message was not dispatched within 30 s");
  }
  spool::store::GetRequest request;
  request.topic = message.topic;
  request.queue_id = message.queue_id;
  request.offset = put.queue_offset;
  request.max_messages = 1;
  const spool::store::GetResult got = (*store)->GetMessages(request);
  if (got.status != spool::store::GetMessageStatus::kFound || got.messages.size() != 1) {
    return Fail("get: " + std::string(spool::store::ToString(got.status)));
  }
  if (got.messages[0].body != message.body || got.messages[0].Tags() != "TagA") {
    return Fail("get: the message read back differs from the one put");
  }

  if (absl::Status closed = (*store)->Close(); !closed.ok()) return Fail("close: " + closed.ToString());
  std::printf("OK\n");
  return 0;
}
