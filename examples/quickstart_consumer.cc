// quickstart_consumer: a push consumer printing what it receives, as RocketMQ's example/quickstart/Consumer; it
// exits after -c messages, or with status 1 when the timeout passes first.
//
//   quickstart_consumer -n 127.0.0.1:9876 -t TopicTest -c 10 --timeout 30
//
// Exit codes: 0 received -c messages, 1 timed out, 2 bad flags or the consumer could not start.
#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "spool/client/push_consumer.h"

int main(int argc, char** argv) {
  CLI::App app{"Consume messages with the Spool C++ client SDK"};
  std::string namesrv = "127.0.0.1:9876";
  std::string topic = "TopicTest";
  std::string group = "please_rename_unique_group_name_4";
  std::string expression = "*";
  int count = 10;
  int timeout_seconds = 60;
  bool broadcasting = false;
  bool from_last = false;
  app.add_option("-n,--namesrvAddr", namesrv, "name server address list, ';'-separated");
  app.add_option("-t,--topic", topic, "topic");
  app.add_option("-g,--group", group, "consumer group");
  app.add_option("-s,--subExpression", expression, "\"*\" or tags joined by ||");
  app.add_option("-c,--count", count, "exit after this many messages")->check(CLI::PositiveNumber);
  app.add_option("--timeout", timeout_seconds, "give up after this many seconds")->check(CLI::PositiveNumber);
  app.add_flag("--broadcast", broadcasting, "BROADCASTING instead of CLUSTERING");
  app.add_flag("--from-last", from_last, "a new group starts at the last offset (default: the first)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  spool::client::PushConsumerOptions options;
  options.client.namesrv_addr = namesrv;
  options.message_model =
      broadcasting ? spool::client::MessageModel::kBroadcasting : spool::client::MessageModel::kClustering;
  options.consume_from_where = from_last ? spool::client::ConsumeFromWhere::kConsumeFromLastOffset
                                         : spool::client::ConsumeFromWhere::kConsumeFromFirstOffset;
  spool::client::PushConsumer consumer(group, options);
  if (absl::Status s = consumer.Subscribe(topic, expression); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 2;
  }
  absl::Mutex mu;
  int received = 0;
  consumer.RegisterMessageListener([&](const std::vector<spool::client::MessageExt>& msgs) {
    absl::MutexLock lock(&mu);
    for (const spool::client::MessageExt& m : msgs) {
      ++received;
      std::printf("Receive message [msgId=%s, queueId=%d, queueOffset=%lld, tags=%s]: %s\n", m.msg_id().c_str(),
                  m.queue_id, static_cast<long long>(m.queue_offset), m.tags().c_str(), m.body().c_str());
    }
    std::fflush(stdout);
    return spool::client::ConsumeConcurrentlyStatus::kConsumeSuccess;
  });
  if (absl::Status s = consumer.Start(); !s.ok()) {
    std::fprintf(stderr, "cannot start the consumer: %s\n", s.ToString().c_str());
    return 2;
  }
  bool done = false;
  {
    absl::MutexLock lock(&mu);
    std::pair<int*, int> target(&received, count);
    done = mu.AwaitWithTimeout(
        absl::Condition(+[](std::pair<int*, int>* p) { return *p->first >= p->second; }, &target),
        absl::Seconds(timeout_seconds));
  }
  consumer.Shutdown();
  if (!done) {
    std::fprintf(stderr, "timed out after %d s with %d of %d messages\n", timeout_seconds, received, count);
    return 1;
  }
  return 0;
}
