// quickstart_producer: sends -c messages to a topic through the Spool client SDK and prints each SendResult, as
// RocketMQ's example/quickstart/Producer does.
//
//   quickstart_producer -n 127.0.0.1:9876 -t TopicTest -c 10
//
// Exit codes: 0 every message sent, 1 a send failed, 2 bad flags or the producer could not start.
#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/synchronization/mutex.h"
#include "spool/client/producer.h"

int main(int argc, char** argv) {
  CLI::App app{"Send messages with the Spool C++ client SDK"};
  std::string namesrv = "127.0.0.1:9876";
  std::string topic = "TopicTest";
  std::string group = "please_rename_unique_group_name";
  std::string tags = "TagA";
  std::string body = "Hello RocketMQ";
  int count = 10;
  bool async = false;
  app.add_option("-n,--namesrvAddr", namesrv, "name server address list, ';'-separated");
  app.add_option("-t,--topic", topic, "topic");
  app.add_option("-g,--group", group, "producer group");
  app.add_option("-a,--tags", tags, "tags of each message");
  app.add_option("-b,--body", body, "body prefix (the index is appended)");
  app.add_option("-c,--count", count, "number of messages")->check(CLI::PositiveNumber);
  app.add_flag("--async", async, "send asynchronously and wait for every callback");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  spool::client::ProducerOptions options;
  options.client.namesrv_addr = namesrv;
  spool::client::Producer producer(group, options);
  if (absl::Status s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "cannot start the producer: %s\n", s.ToString().c_str());
    return 2;
  }
  absl::Mutex mu;
  int failures = 0;
  int done = 0;
  auto report = [&](int i, const absl::StatusOr<spool::client::SendResult>& r) {
    absl::MutexLock lock(&mu);
    ++done;
    if (!r.ok()) {
      std::fprintf(stderr, "send %d failed: %s\n", i, r.status().ToString().c_str());
      ++failures;
      return;
    }
    std::printf("SendResult [sendStatus=%s, msgId=%s, offsetMsgId=%s, messageQueue=%s, queueOffset=%lld]\n",
                std::string(spool::client::SendStatusName(r->status)).c_str(), r->msg_id.c_str(),
                r->offset_msg_id.c_str(), spool::client::ToString(r->queue).c_str(),
                static_cast<long long>(r->queue_offset));
  };
  for (int i = 0; i < count; ++i) {
    spool::client::Message msg(topic, tags, body + " " + std::to_string(i));
    if (!async) {
      report(i, producer.Send(msg));
      continue;
    }
    absl::Status queued =
        producer.SendAsync(msg, [&report, i](absl::StatusOr<spool::client::SendResult> r) { report(i, r); });
    if (!queued.ok()) report(i, queued);
  }
  {
    // Async callbacks run on the client's threads: wait for all of them before shutting down.
    absl::MutexLock lock(&mu);
    std::pair<int*, int> target(&done, count);
    mu.Await(absl::Condition(+[](std::pair<int*, int>* p) { return *p->first >= p->second; }, &target));
  }
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}
