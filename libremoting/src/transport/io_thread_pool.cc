#include "transport/io_thread_pool.h"

#include <pthread.h>

#include <algorithm>
#include <exception>

#include "util/logging.h"

namespace spool::remoting::internal {

IoThreadPool::IoThreadPool(std::string name, int threads)
    : name_(std::move(name)), thread_count_(std::max(threads, 1)), io_(thread_count_) {}

IoThreadPool::~IoThreadPool() { Stop(); }

void IoThreadPool::Start() {
  work_.emplace(io_.get_executor());
  for (int i = 0; i < thread_count_; ++i) {
    threads_.emplace_back([this] { Run(); });
    pthread_setname_np(threads_.back().native_handle(), name_.substr(0, 15).c_str());
  }
}

void IoThreadPool::Stop() {
  work_.reset();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void IoThreadPool::Run() {
  // Every Asio call of ours uses error codes, so only bad_alloc can escape a handler. It would terminate the
  // process anyway (std::thread); log what it was first.
  try {
    io_.run();
  } catch (const std::exception& e) {
    RemotingLog().critical("I/O thread {} died: {}", name_, e.what());
    std::terminate();
  }
}

}  // namespace spool::remoting::internal
