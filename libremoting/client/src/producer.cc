#include "spool/client/producer.h"

#include <atomic>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "client_instance.h"
#include "logging.h"
#include "send_request.h"
#include "spool/status_macros.h"
#include "topic_route.h"

namespace spool::client {

using internal::ClientInstance;
using internal::PreparedSend;
using internal::TopicPublishInfo;

class Producer::Impl : public std::enable_shared_from_this<Producer::Impl> {
 public:
  Impl(std::string group, ProducerOptions options) : group_(std::move(group)), options_(std::move(options)) {}

  absl::Status Start();
  void Shutdown();

  absl::StatusOr<SendResult> SendWithRetries(const PreparedSend& prepared, int32_t retries);
  // `retriable` (optional) tells whether another attempt may succeed: transport failures and the response codes
  // Java retries on.
  absl::StatusOr<SendResult> SendToQueue(const PreparedSend& prepared, const MessageQueue& queue,
                                         absl::Duration timeout, bool* retriable = nullptr);
  void SendAsyncAttempt(std::shared_ptr<PreparedSend> prepared, std::shared_ptr<SendCallback> callback,
                        int32_t attempts_left, absl::Time deadline, std::string avoid_broker);
  absl::StatusOr<TopicPublishInfo> PublishInfo(const std::string& topic);
  void InvalidatePublishInfo(const std::string& topic);
  absl::StatusOr<std::shared_ptr<ClientInstance>> Running();
  absl::StatusOr<std::string> BrokerAddr(const MessageQueue& queue);

  const std::string group_;
  const ProducerOptions options_;
  std::atomic<uint32_t> send_which_queue_{0};

  absl::Mutex mu_;
  std::shared_ptr<ClientInstance> instance_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  // topic -> (publish info, when fetched): refetched after the route poll interval, or after a failure.
  std::map<std::string, std::pair<TopicPublishInfo, absl::Time>> publish_info_ ABSL_GUARDED_BY(mu_);
};

absl::Status Producer::Impl::Start() {
  if (group_.empty()) return absl::InvalidArgumentError("the producer group is empty");
  {
    absl::MutexLock lock(&mu_);
    if (started_ || shut_down_) return absl::FailedPreconditionError("producer already started or shut down");
  }
  ClientConfig config = options_.client;
  if (config.instance_name == kDefaultInstanceName) config.instance_name = UniqueInstanceName();
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, ClientInstance::Acquire(config));
  absl::Status registered = instance->RegisterProducer(group_);
  if (!registered.ok()) {
    ClientInstance::Release(instance);
    return registered;
  }
  absl::MutexLock lock(&mu_);
  instance_ = std::move(instance);
  started_ = true;
  return absl::OkStatus();
}

void Producer::Impl::Shutdown() {
  std::shared_ptr<ClientInstance> instance;
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
    instance = std::move(instance_);
  }
  if (instance == nullptr) return;
  instance->UnregisterProducer(group_);
  ClientInstance::Release(instance);
}

absl::StatusOr<std::shared_ptr<ClientInstance>> Producer::Impl::Running() {
  absl::MutexLock lock(&mu_);
  if (!started_ || shut_down_ || instance_ == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat("producer ", group_, " is not running"));
  }
  return instance_;
}

absl::StatusOr<TopicPublishInfo> Producer::Impl::PublishInfo(const std::string& topic) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, Running());
  {
    absl::MutexLock lock(&mu_);
    auto it = publish_info_.find(topic);
    if (it != publish_info_.end() && absl::Now() - it->second.second < options_.client.poll_name_server_interval) {
      return it->second.first;
    }
  }
  // The route is looked up afresh (not from the instance's cache) so that an auto-created topic's real route
  // replaces the TBW102-derived one once the broker has registered it.
  absl::StatusOr<protocol::TopicRouteData> route = instance->UpdateTopicRoute(topic);
  TopicPublishInfo info;
  if (route.ok()) info = internal::PublishInfoFromRoute(topic, *route);
  if (!info.ok()) {
    if (!route.ok() && !absl::IsNotFound(route.status())) return route.status();
    SPOOL_ASSIGN_OR_RETURN(info, instance->GetPublishInfo(topic, options_.create_topic_key,
                                                          options_.default_topic_queue_nums));
  }
  absl::MutexLock lock(&mu_);
  publish_info_[topic] = {info, absl::Now()};
  return info;
}

void Producer::Impl::InvalidatePublishInfo(const std::string& topic) {
  absl::MutexLock lock(&mu_);
  publish_info_.erase(topic);
}

absl::StatusOr<std::string> Producer::Impl::BrokerAddr(const MessageQueue& queue) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, Running());
  std::optional<std::string> addr = instance->MasterAddr(queue.broker_name);
  if (!addr.has_value()) {
    (void)instance->UpdateTopicRoute(queue.topic);
    addr = instance->MasterAddr(queue.broker_name);
  }
  if (!addr.has_value()) {
    return absl::UnavailableError(absl::StrCat("no master address known for broker ", queue.broker_name));
  }
  return *addr;
}

absl::StatusOr<SendResult> Producer::Impl::SendToQueue(const PreparedSend& prepared, const MessageQueue& queue,
                                                       absl::Duration timeout, bool* retriable) {
  bool ignored = false;
  if (retriable == nullptr) retriable = &ignored;
  *retriable = false;
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, Running());
  absl::StatusOr<std::string> addr = BrokerAddr(queue);
  if (!addr.ok()) {
    *retriable = true;
    return addr.status();
  }
  remoting::RemotingCommand request = internal::RequestForQueue(prepared, queue);
  request.set_language(instance->config().language);
  request.set_version(instance->config().version);
  absl::StatusOr<remoting::RemotingCommand> response =
      instance->remoting().InvokeSync(*addr, std::move(request), timeout);
  if (!response.ok()) {
    *retriable = internal::IsRetriableTransportError(response.status());
    return response.status();
  }
  *retriable = internal::IsRetriableSendCode(response->code());
  return internal::ProcessSendResponse(*response, queue, prepared.uniq_id);
}

absl::StatusOr<SendResult> Producer::Impl::SendWithRetries(const PreparedSend& prepared, int32_t retries) {
  const absl::Time deadline = absl::Now() + options_.send_msg_timeout;
  absl::Status last = absl::UnavailableError("not sent");
  std::string avoid_broker;
  for (int32_t attempt = 0; attempt <= retries; ++attempt) {
    SPOOL_ASSIGN_OR_RETURN(TopicPublishInfo info, PublishInfo(prepared.topic));
    const MessageQueue* queue = internal::SelectQueue(info.queues, send_which_queue_.fetch_add(1), avoid_broker);
    const absl::Duration remaining = deadline - absl::Now();
    if (remaining <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat("send to topic ", prepared.topic, " timed out after ",
                                                      attempt, " attempt(s); last error: ", last.message()));
    }
    bool retriable = false;
    absl::StatusOr<SendResult> result = SendToQueue(prepared, *queue, remaining, &retriable);
    if (result.ok()) return result;
    last = result.status();
    // Retry another queue, preferably on another broker, on transport failures and on the codes Java retries.
    // Anything else (e.g. MESSAGE_ILLEGAL) would fail again.
    if (!retriable) return last;
    internal::ClientLog().warn("send to {} failed (attempt {}): {}", ToString(*queue), attempt + 1, last.ToString());
    avoid_broker = queue->broker_name;
    InvalidatePublishInfo(prepared.topic);
  }
  return last;
}

void Producer::Impl::SendAsyncAttempt(std::shared_ptr<PreparedSend> prepared, std::shared_ptr<SendCallback> callback,
                                      int32_t attempts_left, absl::Time deadline, std::string avoid_broker) {
  auto fail = [&](absl::Status status) { (*callback)(std::move(status)); };
  absl::StatusOr<std::shared_ptr<ClientInstance>> instance = Running();
  if (!instance.ok()) return fail(instance.status());
  absl::StatusOr<TopicPublishInfo> info = PublishInfo(prepared->topic);
  if (!info.ok()) return fail(info.status());
  const MessageQueue queue = *internal::SelectQueue(info->queues, send_which_queue_.fetch_add(1), avoid_broker);
  absl::StatusOr<std::string> addr = BrokerAddr(queue);
  const absl::Duration remaining = deadline - absl::Now();
  if (remaining <= absl::ZeroDuration()) return fail(absl::DeadlineExceededError("async send timed out"));
  auto on_error = [self = shared_from_this(), prepared, callback, attempts_left, deadline, queue](
                      absl::Status status, bool retriable) {
    if (retriable && attempts_left > 0 && absl::Now() < deadline) {
      self->InvalidatePublishInfo(prepared->topic);
      self->SendAsyncAttempt(prepared, callback, attempts_left - 1, deadline, queue.broker_name);
      return;
    }
    (*callback)(std::move(status));
  };
  if (!addr.ok()) return on_error(addr.status(), /*retriable=*/true);
  remoting::RemotingCommand request = internal::RequestForQueue(*prepared, queue);
  request.set_language((*instance)->config().language);
  request.set_version((*instance)->config().version);
  // The response callback may run before InvokeAsync returns; everything it needs is captured by value.
  auto shared_on_error = std::make_shared<decltype(on_error)>(std::move(on_error));
  absl::Status sent = (*instance)->remoting().InvokeAsync(
      *addr, std::move(request), remaining,
      [prepared, callback, queue, shared_on_error](absl::StatusOr<remoting::RemotingCommand> response) {
        if (!response.ok()) {
          return (*shared_on_error)(response.status(), internal::IsRetriableTransportError(response.status()));
        }
        absl::StatusOr<SendResult> result = internal::ProcessSendResponse(*response, queue, prepared->uniq_id);
        if (!result.ok()) return (*shared_on_error)(result.status(), internal::IsRetriableSendCode(response->code()));
        (*callback)(std::move(result));
      });
  if (!sent.ok()) (*shared_on_error)(sent, internal::IsRetriableTransportError(sent));
}

Producer::Producer(std::string group, ProducerOptions options)
    : impl_(std::make_shared<Impl>(std::move(group), std::move(options))) {}

Producer::~Producer() { Shutdown(); }

absl::Status Producer::Start() { return impl_->Start(); }
void Producer::Shutdown() { impl_->Shutdown(); }
const std::string& Producer::group() const { return impl_->group_; }

std::string Producer::client_id() const {
  absl::MutexLock lock(&impl_->mu_);
  return impl_->instance_ != nullptr ? impl_->instance_->client_id() : std::string();
}

absl::StatusOr<SendResult> Producer::Send(const Message& msg) {
  SPOOL_RETURN_IF_ERROR(impl_->Running().status());
  SPOOL_ASSIGN_OR_RETURN(PreparedSend prepared, internal::PrepareSend(msg, impl_->group_, impl_->options_));
  return impl_->SendWithRetries(prepared, impl_->options_.retry_times_when_send_failed);
}

absl::StatusOr<SendResult> Producer::Send(const Message& msg, const MessageQueueSelector& selector,
                                          const std::string& arg) {
  SPOOL_RETURN_IF_ERROR(impl_->Running().status());
  SPOOL_ASSIGN_OR_RETURN(PreparedSend prepared, internal::PrepareSend(msg, impl_->group_, impl_->options_));
  SPOOL_ASSIGN_OR_RETURN(TopicPublishInfo info, impl_->PublishInfo(msg.topic()));
  const size_t index = selector(info.queues, msg, arg);
  if (index >= info.queues.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the selector chose queue index ", index, " of ", info.queues.size()));
  }
  return impl_->SendToQueue(prepared, info.queues[index], impl_->options_.send_msg_timeout);
}

absl::StatusOr<SendResult> Producer::Send(const Message& msg, const MessageQueue& queue) {
  SPOOL_RETURN_IF_ERROR(impl_->Running().status());
  if (queue.topic != msg.topic()) {
    return absl::InvalidArgumentError(
        absl::StrCat("message topic ", msg.topic(), " differs from the queue's topic ", queue.topic));
  }
  SPOOL_ASSIGN_OR_RETURN(PreparedSend prepared, internal::PrepareSend(msg, impl_->group_, impl_->options_));
  SPOOL_RETURN_IF_ERROR(impl_->PublishInfo(msg.topic()).status());
  return impl_->SendToQueue(prepared, queue, impl_->options_.send_msg_timeout);
}

absl::StatusOr<SendResult> Producer::Send(const std::vector<Message>& batch) {
  SPOOL_RETURN_IF_ERROR(impl_->Running().status());
  SPOOL_ASSIGN_OR_RETURN(PreparedSend prepared, internal::PrepareBatchSend(batch, impl_->group_, impl_->options_));
  return impl_->SendWithRetries(prepared, impl_->options_.retry_times_when_send_failed);
}

absl::Status Producer::SendAsync(const Message& msg, SendCallback callback) {
  SPOOL_RETURN_IF_ERROR(impl_->Running().status());
  SPOOL_ASSIGN_OR_RETURN(PreparedSend prepared, internal::PrepareSend(msg, impl_->group_, impl_->options_));
  SPOOL_RETURN_IF_ERROR(impl_->PublishInfo(msg.topic()).status());
  impl_->SendAsyncAttempt(std::make_shared<PreparedSend>(std::move(prepared)),
                          std::make_shared<SendCallback>(std::move(callback)),
                          impl_->options_.retry_times_when_send_async_failed,
                          absl::Now() + impl_->options_.send_msg_timeout, "");
  return absl::OkStatus();
}

absl::Status Producer::SendOneway(const Message& msg) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, impl_->Running());
  SPOOL_ASSIGN_OR_RETURN(PreparedSend prepared, internal::PrepareSend(msg, impl_->group_, impl_->options_));
  SPOOL_ASSIGN_OR_RETURN(TopicPublishInfo info, impl_->PublishInfo(msg.topic()));
  const MessageQueue* queue = internal::SelectQueue(info.queues, impl_->send_which_queue_.fetch_add(1), "");
  SPOOL_ASSIGN_OR_RETURN(std::string addr, impl_->BrokerAddr(*queue));
  remoting::RemotingCommand request = internal::RequestForQueue(prepared, *queue);
  request.set_language(instance->config().language);
  request.set_version(instance->config().version);
  return instance->remoting().InvokeOneway(addr, std::move(request));
}

absl::StatusOr<std::vector<MessageQueue>> Producer::FetchPublishMessageQueues(const std::string& topic) {
  SPOOL_ASSIGN_OR_RETURN(TopicPublishInfo info, impl_->PublishInfo(topic));
  return info.queues;
}

}  // namespace spool::client
