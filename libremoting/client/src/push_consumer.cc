#include "spool/client/push_consumer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "client_instance.h"
#include "consumer_api.h"
#include "logging.h"
#include "offset_store.h"
#include "process_queue.h"
#include "send_request.h"
#include "spool/protocol/message_properties.h"
#include "spool/remoting/bounded_thread_pool.h"
#include "spool/status_macros.h"

namespace spool::client {

using internal::ClientInstance;
using internal::ClientLog;
using internal::ProcessQueue;

namespace {

constexpr char kRetryGroupTopicPrefix[] = "%RETRY%";
// Delays of Java's DefaultMQPushConsumerImpl: flow control, and after a pull or lock failure.
constexpr absl::Duration kPullDelayWhenFlowControl = absl::Milliseconds(50);
constexpr absl::Duration kPullDelayWhenException = absl::Seconds(3);
// A consume task whose messages could not be sent back is retried after this.
constexpr absl::Duration kConsumeRetryDelay = absl::Seconds(5);
// Orderly: a queue not (yet) locked is retried after this; a task gives the thread up after this long.
constexpr absl::Duration kOrderlyLockRetryDelay = absl::Milliseconds(200);
constexpr absl::Duration kOrderlyMaxContinuousTime = absl::Seconds(1);

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsRetryTopic(const std::string& topic) { return topic.rfind(kRetryGroupTopicPrefix, 0) == 0; }

}  // namespace

class PushConsumer::Impl : public internal::ConsumerInner, public std::enable_shared_from_this<PushConsumer::Impl> {
 public:
  Impl(std::string group, PushConsumerOptions options) : group_(std::move(group)), options_(std::move(options)) {}

  // ConsumerInner.
  protocol::ConsumerData HeartbeatConsumerData() const override;
  std::vector<std::string> SubscribedTopics() const override;
  void DoRebalance() override;
  void PersistConsumerOffset() override;

  absl::Status Start();
  void Shutdown();

  bool clustering() const { return options_.message_model == MessageModel::kClustering; }
  // maxReconsumeTimes -1 means 16 for concurrent listeners (DefaultMQPushConsumerImpl.getMaxReconsumeTimes).
  int32_t MaxReconsumeTimes() const { return options_.max_reconsume_times < 0 ? 16 : options_.max_reconsume_times; }
  bool orderly() const { return static_cast<bool>(orderly_listener_); }
  std::shared_ptr<ClientInstance> instance() {
    absl::MutexLock lock(&mu_);
    return instance_;
  }

  // Rebalance.
  void RebalanceTopic(ClientInstance& instance, const std::string& topic);
  void UpdateProcessQueueTable(ClientInstance& instance, const std::string& topic,
                               const std::vector<MessageQueue>& allocated);
  absl::StatusOr<int64_t> ComputePullFromWhere(ClientInstance& instance, const MessageQueue& mq);
  bool LockQueue(ClientInstance& instance, const MessageQueue& mq);
  void LockAll(ClientInstance& instance);
  void UnlockQueue(ClientInstance& instance, const MessageQueue& mq);

  // Pulling.
  void PullMessage(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, int64_t next_offset);
  void PullLater(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, int64_t next_offset,
                 absl::Duration delay);
  void OnPullResult(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, int64_t offset,
                    absl::StatusOr<PullResult> result);

  // Consuming.
  void SubmitConsume(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, std::vector<MessageExt> msgs);
  void ResetRetryTopic(std::vector<MessageExt>* msgs) const;
  void ConsumeConcurrently(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, std::vector<MessageExt> msgs);
  void SubmitOrderly(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, absl::Duration delay);
  void ConsumeOrderly(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq);
  void ScheduleLater(absl::Duration delay, std::function<void()> task);

  const std::string group_;
  const PushConsumerOptions options_;
  MessageListenerConcurrently concurrent_listener_;
  MessageListenerOrderly orderly_listener_;
  std::atomic<bool> running_{false};
  std::shared_ptr<remoting::BoundedThreadPool> consume_pool_;
  std::unique_ptr<internal::OffsetStore> offset_store_;
  // Serialises rebalances (timer, notification, RebalanceNow).
  absl::Mutex rebalance_mu_;

  mutable absl::Mutex mu_;
  std::map<std::string, protocol::SubscriptionData> subscriptions_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<ClientInstance> instance_ ABSL_GUARDED_BY(mu_);
  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> process_queues_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

protocol::ConsumerData PushConsumer::Impl::HeartbeatConsumerData() const {
  protocol::ConsumerData data;
  data.group_name = group_;
  data.consume_type = protocol::ConsumeType::kConsumePassively;
  data.message_model =
      clustering() ? protocol::MessageModel::kClustering : protocol::MessageModel::kBroadcasting;
  switch (options_.consume_from_where) {
    case ConsumeFromWhere::kConsumeFromLastOffset:
      data.consume_from_where = protocol::ConsumeFromWhere::kConsumeFromLastOffset;
      break;
    case ConsumeFromWhere::kConsumeFromFirstOffset:
      data.consume_from_where = protocol::ConsumeFromWhere::kConsumeFromFirstOffset;
      break;
    case ConsumeFromWhere::kConsumeFromTimestamp:
      data.consume_from_where = protocol::ConsumeFromWhere::kConsumeFromTimestamp;
      break;
  }
  absl::MutexLock lock(&mu_);
  for (const auto& [topic, sub] : subscriptions_) data.subscription_data_set.push_back(sub);
  return data;
}

std::vector<std::string> PushConsumer::Impl::SubscribedTopics() const {
  std::vector<std::string> out;
  absl::MutexLock lock(&mu_);
  for (const auto& [topic, sub] : subscriptions_) out.push_back(topic);
  return out;
}

absl::Status PushConsumer::Impl::Start() {
  if (group_.empty()) return absl::InvalidArgumentError("the consumer group is empty");
  if (!concurrent_listener_ && !orderly_listener_) {
    return absl::FailedPreconditionError("register a message listener before Start");
  }
  {
    absl::MutexLock lock(&mu_);
    if (started_ || shut_down_) return absl::FailedPreconditionError("push consumer already started or shut down");
    if (subscriptions_.empty()) return absl::FailedPreconditionError("subscribe to a topic before Start");
    started_ = true;
    if (clustering()) {
      const std::string retry = absl::StrCat(kRetryGroupTopicPrefix, group_);
      subscriptions_[retry] = protocol::BuildSubscriptionData(retry, "*", NowMillis());
    }
  }
  ClientConfig config = options_.client;
  if (clustering() && config.instance_name == kDefaultInstanceName) config.instance_name = UniqueInstanceName();
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, ClientInstance::Acquire(config));
  if (clustering()) {
    offset_store_ = std::make_unique<internal::RemoteBrokerOffsetStore>(instance.get(), group_);
  } else {
    offset_store_ =
        std::make_unique<internal::LocalFileOffsetStore>(options_.offset_store_dir, instance->client_id(), group_);
  }
  absl::Status s = offset_store_->Load();
  if (s.ok()) s = instance->RegisterConsumer(group_, weak_from_this());
  if (!s.ok()) {
    ClientInstance::Release(instance);
    return s;
  }
  consume_pool_ = std::make_shared<remoting::BoundedThreadPool>(
      "consume-" + group_, std::max(1, options_.consume_thread_min), 1 << 20);
  {
    absl::MutexLock lock(&mu_);
    instance_ = instance;
  }
  running_ = true;
  for (const std::string& topic : SubscribedTopics()) {
    absl::StatusOr<protocol::TopicRouteData> route = instance->UpdateTopicRoute(topic);
    if (!route.ok() && !IsRetryTopic(topic)) {
      ClientLog().warn("consumer {}: route of {}: {}", group_, topic, route.status().ToString());
    }
  }
  instance->SendHeartbeatToAllBrokers();
  DoRebalance();
  return absl::OkStatus();
}

void PushConsumer::Impl::Shutdown() {
  std::shared_ptr<ClientInstance> instance;
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
    instance = instance_;
  }
  running_ = false;
  if (instance == nullptr) return;
  // Listeners finish what they are running; queued consume tasks see running_ false and skip (their messages
  // were not committed and will be delivered again).
  consume_pool_->Shutdown();
  {
    absl::MutexLock rebalance_lock(&rebalance_mu_);
    std::set<MessageQueue> mqs;
    {
      absl::MutexLock lock(&mu_);
      for (auto& [mq, pq] : process_queues_) {
        pq->set_dropped(true);
        mqs.insert(mq);
      }
    }
    offset_store_->PersistAll(mqs, /*sync=*/true);
    if (orderly() && clustering()) {
      for (const MessageQueue& mq : mqs) UnlockQueue(*instance, mq);
    }
    absl::MutexLock lock(&mu_);
    process_queues_.clear();
    instance_.reset();
  }
  instance->UnregisterConsumer(group_);
  ClientInstance::Release(instance);
}

void PushConsumer::Impl::PersistConsumerOffset() {
  if (!running_) return;
  std::set<MessageQueue> mqs;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [mq, pq] : process_queues_) mqs.insert(mq);
  }
  offset_store_->PersistAll(mqs, /*sync=*/false);
}

void PushConsumer::Impl::DoRebalance() {
  if (!running_) return;
  absl::MutexLock rebalance_lock(&rebalance_mu_);
  std::shared_ptr<ClientInstance> inst = instance();
  if (inst == nullptr || !running_) return;
  for (const std::string& topic : SubscribedTopics()) RebalanceTopic(*inst, topic);
  if (orderly() && clustering()) LockAll(*inst);
}

void PushConsumer::Impl::RebalanceTopic(ClientInstance& instance, const std::string& topic) {
  absl::StatusOr<std::vector<MessageQueue>> mq_all = instance.FetchSubscribeQueues(topic);
  if (!mq_all.ok()) {
    if (!IsRetryTopic(topic)) ClientLog().warn("rebalance {} {}: {}", group_, topic, mq_all.status().ToString());
    return;
  }
  std::vector<MessageQueue> allocated;
  if (!clustering()) {
    allocated = *mq_all;
  } else {
    absl::StatusOr<std::vector<std::string>> cids = instance.FindConsumerIdList(topic, group_);
    if (!cids.ok()) {
      ClientLog().warn("rebalance {} {}: consumer list: {}", group_, topic, cids.status().ToString());
      return;
    }
    allocated = options_.allocate_strategy(instance.client_id(), *mq_all, *cids);
  }
  UpdateProcessQueueTable(instance, topic, allocated);
}

void PushConsumer::Impl::UpdateProcessQueueTable(ClientInstance& instance, const std::string& topic,
                                                 const std::vector<MessageQueue>& allocated) {
  const std::set<MessageQueue> wanted(allocated.begin(), allocated.end());
  std::vector<std::pair<MessageQueue, std::shared_ptr<ProcessQueue>>> removed;
  std::vector<MessageQueue> added;
  {
    absl::MutexLock lock(&mu_);
    for (auto it = process_queues_.begin(); it != process_queues_.end();) {
      if (it->first.topic == topic && !wanted.contains(it->first)) {
        it->second->set_dropped(true);
        removed.emplace_back(it->first, it->second);
        it = process_queues_.erase(it);
      } else {
        ++it;
      }
    }
    for (const MessageQueue& mq : allocated) {
      if (!process_queues_.contains(mq)) added.push_back(mq);
    }
  }
  for (auto& [mq, pq] : removed) {
    // Commit what was consumed so that the queue's next owner starts there.
    if (orderly() && clustering()) {
      // Gives up the broker lock only once no listener runs on the queue (waiting at most a second, as Java's
      // removeUnnecessaryMessageQueue); otherwise the broker's lock simply expires.
      std::unique_lock<std::timed_mutex> consume_lock(pq->consume_mutex(), std::chrono::seconds(1));
      offset_store_->PersistAll({mq}, /*sync=*/true);
      if (consume_lock.owns_lock()) UnlockQueue(instance, mq);
    } else {
      offset_store_->PersistAll({mq}, /*sync=*/true);
    }
    offset_store_->RemoveOffset(mq);
    ClientLog().info("consumer {} ({}) gave up {}", group_, instance.client_id(), ToString(mq));
  }
  for (const MessageQueue& mq : added) {
    if (orderly() && clustering() && !LockQueue(instance, mq)) continue;
    absl::StatusOr<int64_t> offset = ComputePullFromWhere(instance, mq);
    if (!offset.ok()) {
      ClientLog().warn("consumer {}: start offset of {}: {}", group_, ToString(mq), offset.status().ToString());
      continue;
    }
    auto pq = std::make_shared<ProcessQueue>();
    if (orderly() && clustering()) pq->SetLocked(true);
    {
      absl::MutexLock lock(&mu_);
      process_queues_[mq] = pq;
    }
    ClientLog().info("consumer {} ({}) took {} from offset {}", group_, instance.client_id(), ToString(mq), *offset);
    PullMessage(mq, pq, *offset);
  }
}

absl::StatusOr<int64_t> PushConsumer::Impl::ComputePullFromWhere(ClientInstance& instance, const MessageQueue& mq) {
  SPOOL_ASSIGN_OR_RETURN(int64_t stored, offset_store_->ReadStore(mq));
  if (stored >= 0) return stored;
  switch (options_.consume_from_where) {
    case ConsumeFromWhere::kConsumeFromFirstOffset:
      return 0;
    case ConsumeFromWhere::kConsumeFromLastOffset:
      if (IsRetryTopic(mq.topic)) return 0;
      return internal::GetMaxOffset(instance, mq);
    case ConsumeFromWhere::kConsumeFromTimestamp: {
      if (IsRetryTopic(mq.topic)) return internal::GetMaxOffset(instance, mq);
      const int64_t ts =
          options_.consume_timestamp_millis > 0 ? options_.consume_timestamp_millis : NowMillis() - 30 * 60 * 1000;
      return internal::SearchOffset(instance, mq, ts);
    }
  }
  return 0;
}

bool PushConsumer::Impl::LockQueue(ClientInstance& instance, const MessageQueue& mq) {
  absl::StatusOr<std::set<MessageQueue>> locked = internal::LockBatch(instance, group_, mq.broker_name, {mq});
  if (!locked.ok()) {
    ClientLog().warn("consumer {}: lock {}: {}", group_, ToString(mq), locked.status().ToString());
    return false;
  }
  return locked->contains(mq);
}

void PushConsumer::Impl::LockAll(ClientInstance& instance) {
  std::map<std::string, std::set<MessageQueue>> by_broker;
  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> pqs;
  {
    absl::MutexLock lock(&mu_);
    pqs = process_queues_;
  }
  for (const auto& [mq, pq] : pqs) by_broker[mq.broker_name].insert(mq);
  for (const auto& [broker, mqs] : by_broker) {
    absl::StatusOr<std::set<MessageQueue>> locked = internal::LockBatch(instance, group_, broker, mqs);
    for (const MessageQueue& mq : mqs) pqs[mq]->SetLocked(locked.ok() && locked->contains(mq));
  }
}

void PushConsumer::Impl::UnlockQueue(ClientInstance& instance, const MessageQueue& mq) {
  absl::Status s = internal::UnlockBatch(instance, group_, mq.broker_name, {mq});
  if (!s.ok()) ClientLog().warn("consumer {}: unlock {}: {}", group_, ToString(mq), s.ToString());
}

void PushConsumer::Impl::ScheduleLater(absl::Duration delay, std::function<void()> task) {
  std::shared_ptr<ClientInstance> inst = instance();
  if (inst != nullptr && running_) inst->scheduler().ScheduleAfter(delay, std::move(task));
}

void PushConsumer::Impl::PullLater(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, int64_t next_offset,
                                   absl::Duration delay) {
  ScheduleLater(delay, [self = shared_from_this(), mq, pq, next_offset] { self->PullMessage(mq, pq, next_offset); });
}

void PushConsumer::Impl::PullMessage(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, int64_t next_offset) {
  if (!running_ || pq->dropped()) return;
  if (pq->MessageCount() >= static_cast<size_t>(std::max(1, options_.pull_threshold_for_queue))) {
    return PullLater(mq, pq, next_offset, kPullDelayWhenFlowControl);
  }
  if (orderly() && clustering() && !pq->locked()) return PullLater(mq, pq, next_offset, kPullDelayWhenException);
  std::shared_ptr<ClientInstance> inst = instance();
  if (inst == nullptr) return;
  internal::PullParams p;
  p.group = group_;
  p.queue = mq;
  p.offset = next_offset;
  p.max_nums = options_.pull_batch_size;
  {
    absl::MutexLock lock(&mu_);
    auto it = subscriptions_.find(mq.topic);
    if (it == subscriptions_.end()) return;
    p.subscription = it->second;
  }
  p.post_subscription = options_.post_subscription_when_pull;
  p.suspend = true;
  p.suspend_time = options_.broker_suspend_max_time;
  p.timeout = options_.pull_timeout;
  if (clustering()) p.commit_offset = std::max<int64_t>(0, offset_store_->ReadMemory(mq));
  absl::Status sent = internal::PullAsync(
      *inst, p, [self = shared_from_this(), mq, pq, next_offset](absl::StatusOr<PullResult> result) {
        self->OnPullResult(mq, pq, next_offset, std::move(result));
      });
  if (!sent.ok()) {
    ClientLog().warn("consumer {}: pull {}: {}", group_, ToString(mq), sent.ToString());
    PullLater(mq, pq, next_offset, kPullDelayWhenException);
  }
}

void PushConsumer::Impl::OnPullResult(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, int64_t offset,
                                      absl::StatusOr<PullResult> result) {
  if (!running_ || pq->dropped()) return;
  if (!result.ok()) {
    ClientLog().warn("consumer {}: pull {} at {}: {}", group_, ToString(mq), offset, result.status().ToString());
    return PullLater(mq, pq, offset, kPullDelayWhenException);
  }
  switch (result->status) {
    case PullStatus::kFound:
      if (!result->messages.empty()) {
        std::vector<MessageExt> msgs = result->messages;
        const bool dispatch = pq->PutMessages(msgs);
        if (orderly()) {
          if (dispatch) SubmitOrderly(mq, pq, absl::ZeroDuration());
        } else {
          SubmitConsume(mq, pq, std::move(msgs));
        }
      } else if (pq->MessageCount() == 0) {
        offset_store_->UpdateOffset(mq, result->next_begin_offset, true);
      }
      break;
    case PullStatus::kNoNewMsg:
    case PullStatus::kNoMatchedMsg:
      // Nothing held: the filtered-out range counts as consumed (correctTagsOffset).
      if (pq->MessageCount() == 0) offset_store_->UpdateOffset(mq, result->next_begin_offset, true);
      break;
    case PullStatus::kOffsetIllegal:
      ClientLog().warn("consumer {}: offset {} of {} illegal, moving to {}", group_, offset, ToString(mq),
                       result->next_begin_offset);
      offset_store_->UpdateOffset(mq, result->next_begin_offset, false);
      break;
  }
  PullMessage(mq, pq, result->next_begin_offset);
}

void PushConsumer::Impl::SubmitConsume(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq,
                                       std::vector<MessageExt> msgs) {
  const size_t batch = static_cast<size_t>(std::max(1, options_.consume_message_batch_max_size));
  for (size_t i = 0; i < msgs.size(); i += batch) {
    std::vector<MessageExt> part(msgs.begin() + i, msgs.begin() + std::min(msgs.size(), i + batch));
    auto task = [self = shared_from_this(), mq, pq, part]() mutable {
      self->ConsumeConcurrently(mq, pq, std::move(part));
    };
    if (!consume_pool_->TrySubmit(task).ok()) {
      ScheduleLater(kConsumeRetryDelay, [self = shared_from_this(), mq, pq, part] {
        self->SubmitConsume(mq, pq, part);
      });
    }
  }
}

// A retry comes back from %RETRY%<group> with its first topic in RETRY_TOPIC: the listener sees that topic, as
// Java's resetRetryAndNamespace shows it.
void PushConsumer::Impl::ResetRetryTopic(std::vector<MessageExt>* msgs) const {
  const std::string retry_topic = absl::StrCat(kRetryGroupTopicPrefix, group_);
  for (MessageExt& m : *msgs) {
    std::string original = m.GetProperty(protocol::kPropertyRetryTopic);
    if (!original.empty() && m.topic() == retry_topic) m.set_topic(std::move(original));
  }
}

void PushConsumer::Impl::ConsumeConcurrently(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq,
                                             std::vector<MessageExt> msgs) {
  if (!running_ || pq->dropped()) return;
  ResetRetryTopic(&msgs);
  // What the listener finished is committed even when Shutdown has begun: Shutdown persists offsets only after
  // the pool has drained.
  ConsumeConcurrentlyStatus status = concurrent_listener_(msgs);
  std::vector<MessageExt> failed;
  if (status == ConsumeConcurrentlyStatus::kReconsumeLater) {
    if (clustering()) {
      std::shared_ptr<ClientInstance> inst = instance();
      for (const MessageExt& m : msgs) {
        absl::Status s = inst != nullptr ? internal::SendMessageBack(*inst, group_, m, 0, MaxReconsumeTimes())
                                         : absl::UnavailableError("consumer shut down");
        if (!s.ok()) {
          ClientLog().warn("consumer {}: send back {}: {}", group_, m.msg_id(), s.ToString());
          failed.push_back(m);
        }
      }
    } else {
      ClientLog().warn("consumer {}: broadcasting drops {} message(s) the listener failed", group_, msgs.size());
    }
  }
  std::vector<MessageExt> done;
  for (MessageExt& m : msgs) {
    const bool is_failed = std::any_of(failed.begin(), failed.end(),
                                       [&](const MessageExt& f) { return f.queue_offset == m.queue_offset; });
    if (!is_failed) done.push_back(std::move(m));
  }
  const int64_t offset = pq->RemoveMessages(done);
  if (offset >= 0 && !pq->dropped()) offset_store_->UpdateOffset(mq, offset, true);
  if (!failed.empty()) {
    for (MessageExt& m : failed) ++m.reconsume_times;
    ScheduleLater(kConsumeRetryDelay, [self = shared_from_this(), mq, pq, failed] {
      self->SubmitConsume(mq, pq, failed);
    });
  }
}

void PushConsumer::Impl::SubmitOrderly(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq,
                                       absl::Duration delay) {
  auto submit = [self = shared_from_this(), mq, pq] {
    if (!self->running_ || pq->dropped()) return;
    absl::Status s = self->consume_pool_->TrySubmit([self, mq, pq] { self->ConsumeOrderly(mq, pq); });
    if (!s.ok()) self->SubmitOrderly(mq, pq, kConsumeRetryDelay);
  };
  if (delay <= absl::ZeroDuration()) {
    submit();
  } else {
    ScheduleLater(delay, submit);
  }
}

void PushConsumer::Impl::ConsumeOrderly(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq) {
  if (!running_ || pq->dropped()) return;
  std::lock_guard<std::timed_mutex> consume_lock(pq->consume_mutex());
  const absl::Time started = absl::Now();
  const int batch = std::max(1, options_.consume_message_batch_max_size);
  while (running_ && !pq->dropped()) {
    if (clustering() && (!pq->locked() || pq->LockExpired())) {
      // Someone else may own the queue now; wait for the next lock renewal.
      return SubmitOrderly(mq, pq, kOrderlyLockRetryDelay);
    }
    if (absl::Now() - started > kOrderlyMaxContinuousTime) return SubmitOrderly(mq, pq, absl::ZeroDuration());
    std::vector<MessageExt> msgs = pq->TakeMessages(batch);
    if (msgs.empty()) return;  // no longer "consuming": the next pull dispatches again
    ConsumeOrderlyStatus status = orderly_listener_(msgs);
    if (status == ConsumeOrderlyStatus::kSuccess) {
      const int64_t offset = pq->Commit();
      if (offset >= 0 && !pq->dropped()) offset_store_->UpdateOffset(mq, offset, true);
    } else {
      pq->MakeMessagesToConsumeAgain(msgs);
      return SubmitOrderly(mq, pq, options_.suspend_current_queue_time);
    }
  }
}

PushConsumer::PushConsumer(std::string group, PushConsumerOptions options)
    : impl_(std::make_shared<Impl>(std::move(group), std::move(options))) {}

PushConsumer::~PushConsumer() { Shutdown(); }

absl::Status PushConsumer::Subscribe(const std::string& topic, const std::string& sub_expression) {
  SPOOL_RETURN_IF_ERROR(internal::CheckTopic(topic));
  absl::MutexLock lock(&impl_->mu_);
  if (impl_->started_) return absl::FailedPreconditionError("Subscribe must be called before Start");
  impl_->subscriptions_[topic] = protocol::BuildSubscriptionData(topic, sub_expression, NowMillis());
  return absl::OkStatus();
}

void PushConsumer::RegisterMessageListener(MessageListenerConcurrently listener) {
  impl_->concurrent_listener_ = std::move(listener);
  impl_->orderly_listener_ = nullptr;
}

void PushConsumer::RegisterMessageListener(MessageListenerOrderly listener) {
  impl_->orderly_listener_ = std::move(listener);
  impl_->concurrent_listener_ = nullptr;
}

absl::Status PushConsumer::Start() { return impl_->Start(); }
void PushConsumer::Shutdown() { impl_->Shutdown(); }
const std::string& PushConsumer::group() const { return impl_->group_; }

std::string PushConsumer::client_id() const {
  std::shared_ptr<ClientInstance> inst = impl_->instance();
  return inst != nullptr ? inst->client_id() : std::string();
}

std::vector<MessageQueue> PushConsumer::AssignedQueues() const {
  std::vector<MessageQueue> out;
  absl::MutexLock lock(&impl_->mu_);
  for (const auto& [mq, pq] : impl_->process_queues_) out.push_back(mq);
  return out;
}

void PushConsumer::RebalanceNow() { impl_->DoRebalance(); }

}  // namespace spool::client
