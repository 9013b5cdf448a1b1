// File: in_process_put.h
// The baseline of the loopback run: the same messages put straight into a libstore MessageStore (same options as
// the broker's, same topic and queue spread, T threads, synchronous puts), and read back through GetMessages as a
// consumer's pull would, with no network in between.
//
//   SPOOL_ASSIGN_OR_RETURN(auto store, OpenFreshStore(options));   // deletes whatever was in the directory
//   CreateStoreTopic(store.get(), "T", 8);
//   WaitForNextSegment(store.get(), &stop);
//   RunResult put = RunInProcessPuts(store.get(), {.topic = "T", .queues = 8, .threads = 16, ...}, &stop);
//   RunResult read = ReadBack(store.get(), "T", 8, absl::Seconds(3));
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/store/message_store.h"
#include "spool/store/options.h"
#include "stats_reporter.h"
#include "stop_signal.h"

namespace spool::mqbench {

// Opens a store in options.store_path_root_dir after deleting that directory.
absl::StatusOr<std::unique_ptr<store::MessageStore>> OpenFreshStore(const store::StoreOptions& options);

// Registers `topic` with `queues` read and write queues (what UPDATE_AND_CREATE_TOPIC does on a broker).
void CreateStoreTopic(store::MessageStore* store, const std::string& topic, int32_t queues);

// Waits until the commit-log segment after the one being written exists under its final name: the store builds
// (and, under ASYNC_FLUSH, pre-faults) it in the background after a segment is first written, which takes
// seconds with 1 GiB segments and must not compete with a measured window. Gives up after 120 s (the window is
// then measured with it running) and returns early on a stop request.
void WaitForNextSegment(store::MessageStore* store, StopSignal* stop);

// One message on each queue of `topic` (its ConsumeQueue files then exist).
absl::Status PutOnePerQueue(store::MessageStore* store, const std::string& topic, int32_t queues,
                            int32_t message_size);

// Until the ConsumeQueues are built up to everything written so far (at most 120 s, or a stop request).
void WaitForDispatch(store::MessageStore* store, StopSignal* stop);

struct InProcessPutOptions {
  std::string topic;
  int32_t queues = 8;
  int threads = 1;
  int32_t message_size = 1024;
  absl::Duration duration = absl::Seconds(3);
};

// T threads put for `duration` (or until a stop request; at least one put each); thread t puts its n-th message on queue (t + n) %
// queues, the spread the SDK's round robin gives the broker. Messages carry a UNIQ_KEY and WAIT=true, as the SDK's
// do.
RunResult RunInProcessPuts(store::MessageStore* store, const InProcessPutOptions& options, StopSignal* stop);

// Reads every message of `topic` (queues 0..queues-1), 32 per GetMessages call, decoded (what a pull does before
// answering), for at most `cap`. rt is per call.
RunResult ReadBack(store::MessageStore* store, const std::string& topic, int32_t queues, absl::Duration cap);

}  // namespace spool::mqbench
