#include "spool/client/pull_consumer.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "client_instance.h"
#include "consumer_api.h"
#include "spool/status_macros.h"

namespace spool::client {

using internal::ClientInstance;

namespace {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// The pull consumer joins heartbeats as CONSUME_ACTIVELY with no subscriptions of its own (the caller names the
// expression on every pull).
class PullConsumer::Impl : public internal::ConsumerInner {
 public:
  Impl(std::string group, PullConsumerOptions options) : group_(std::move(group)), options_(std::move(options)) {}

  protocol::ConsumerData HeartbeatConsumerData() const override {
    protocol::ConsumerData data;
    data.group_name = group_;
    data.consume_type = protocol::ConsumeType::kConsumeActively;
    data.message_model = protocol::MessageModel::kClustering;
    data.consume_from_where = protocol::ConsumeFromWhere::kConsumeFromLastOffset;
    return data;
  }
  std::vector<std::string> SubscribedTopics() const override { return {}; }
  void DoRebalance() override {}
  void PersistConsumerOffset() override {}

  absl::StatusOr<std::shared_ptr<ClientInstance>> Running() {
    absl::MutexLock lock(&mu_);
    if (instance_ == nullptr) return absl::FailedPreconditionError(absl::StrCat("pull consumer ", group_, " is not running"));
    return instance_;
  }

  absl::StatusOr<PullResult> DoPull(const MessageQueue& queue, const std::string& sub_expression, int64_t offset,
                                    int32_t max_nums, bool block) {
    SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, Running());
    if (offset < 0) return absl::InvalidArgumentError(absl::StrCat("negative pull offset ", offset));
    if (max_nums <= 0) return absl::InvalidArgumentError(absl::StrCat("maxNums must be positive, got ", max_nums));
    if (!instance->AnyAddr(queue.broker_name).has_value()) {
      SPOOL_RETURN_IF_ERROR(instance->UpdateTopicRoute(queue.topic).status());
    }
    internal::PullParams p;
    p.group = group_;
    p.queue = queue;
    p.offset = offset;
    p.max_nums = max_nums;
    p.subscription = protocol::BuildSubscriptionData(queue.topic, sub_expression, NowMillis());
    p.post_subscription = true;
    p.suspend = block;
    p.suspend_time = options_.broker_suspend_max_time;
    p.timeout = block ? options_.broker_suspend_max_time + absl::Seconds(10) : options_.pull_timeout;
    return internal::PullSync(*instance, p);
  }

  const std::string group_;
  const PullConsumerOptions options_;
  absl::Mutex mu_;
  std::shared_ptr<ClientInstance> instance_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
};

PullConsumer::PullConsumer(std::string group, PullConsumerOptions options)
    : impl_(std::make_shared<Impl>(std::move(group), std::move(options))) {}

PullConsumer::~PullConsumer() { Shutdown(); }

absl::Status PullConsumer::Start() {
  if (impl_->group_.empty()) return absl::InvalidArgumentError("the consumer group is empty");
  {
    absl::MutexLock lock(&impl_->mu_);
    if (impl_->started_) return absl::FailedPreconditionError("pull consumer already started");
    impl_->started_ = true;
  }
  ClientConfig config = impl_->options_.client;
  if (config.instance_name == kDefaultInstanceName) config.instance_name = UniqueInstanceName();
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, ClientInstance::Acquire(config));
  absl::Status registered = instance->RegisterConsumer(impl_->group_, impl_);
  if (!registered.ok()) {
    ClientInstance::Release(instance);
    return registered;
  }
  absl::MutexLock lock(&impl_->mu_);
  impl_->instance_ = std::move(instance);
  return absl::OkStatus();
}

void PullConsumer::Shutdown() {
  std::shared_ptr<ClientInstance> instance;
  {
    absl::MutexLock lock(&impl_->mu_);
    instance = std::move(impl_->instance_);
  }
  if (instance == nullptr) return;
  instance->UnregisterConsumer(impl_->group_);
  ClientInstance::Release(instance);
}

const std::string& PullConsumer::group() const { return impl_->group_; }

absl::StatusOr<std::vector<MessageQueue>> PullConsumer::FetchSubscribeMessageQueues(const std::string& topic) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, impl_->Running());
  SPOOL_RETURN_IF_ERROR(instance->UpdateTopicRoute(topic).status());
  return instance->FetchSubscribeQueues(topic);
}

absl::StatusOr<PullResult> PullConsumer::Pull(const MessageQueue& queue, const std::string& sub_expression,
                                              int64_t offset, int32_t max_nums) {
  return impl_->DoPull(queue, sub_expression, offset, max_nums, /*block=*/false);
}

absl::StatusOr<PullResult> PullConsumer::PullBlockIfNotFound(const MessageQueue& queue,
                                                             const std::string& sub_expression, int64_t offset,
                                                             int32_t max_nums) {
  return impl_->DoPull(queue, sub_expression, offset, max_nums, /*block=*/true);
}

absl::Status PullConsumer::UpdateConsumeOffset(const MessageQueue& queue, int64_t offset) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, impl_->Running());
  if (!instance->MasterAddr(queue.broker_name).has_value()) {
    SPOOL_RETURN_IF_ERROR(instance->UpdateTopicRoute(queue.topic).status());
  }
  return internal::UpdateConsumerOffset(*instance, impl_->group_, queue, offset, /*oneway=*/false);
}

absl::StatusOr<int64_t> PullConsumer::FetchConsumeOffset(const MessageQueue& queue) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, impl_->Running());
  if (!instance->AnyAddr(queue.broker_name).has_value()) {
    SPOOL_RETURN_IF_ERROR(instance->UpdateTopicRoute(queue.topic).status());
  }
  return internal::QueryConsumerOffset(*instance, impl_->group_, queue);
}

absl::StatusOr<int64_t> PullConsumer::MinOffset(const MessageQueue& queue) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, impl_->Running());
  if (!instance->AnyAddr(queue.broker_name).has_value()) {
    SPOOL_RETURN_IF_ERROR(instance->UpdateTopicRoute(queue.topic).status());
  }
  return internal::GetMinOffset(*instance, queue);
}

absl::StatusOr<int64_t> PullConsumer::MaxOffset(const MessageQueue& queue) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, impl_->Running());
  if (!instance->AnyAddr(queue.broker_name).has_value()) {
    SPOOL_RETURN_IF_ERROR(instance->UpdateTopicRoute(queue.topic).status());
  }
  return internal::GetMaxOffset(*instance, queue);
}

absl::StatusOr<int64_t> PullConsumer::SearchOffset(const MessageQueue& queue, int64_t timestamp_millis) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, impl_->Running());
  if (!instance->AnyAddr(queue.broker_name).has_value()) {
    SPOOL_RETURN_IF_ERROR(instance->UpdateTopicRoute(queue.topic).status());
  }
  return internal::SearchOffset(*instance, queue, timestamp_millis);
}

}  // namespace spool::client
