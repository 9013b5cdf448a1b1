#include "spool/remoting/request_processor.h"

namespace spool::remoting {

namespace {

class FunctionProcessor final : public RequestProcessor {
 public:
  explicit FunctionProcessor(std::function<ProcessResult(const RequestContext&, RemotingCommand)> process)
      : process_(std::move(process)) {}

  ProcessResult Process(const RequestContext& ctx, RemotingCommand request) override {
    return process_(ctx, std::move(request));
  }

 private:
  std::function<ProcessResult(const RequestContext&, RemotingCommand)> process_;
};

}  // namespace

std::shared_ptr<RequestProcessor> MakeRequestProcessor(
    std::function<ProcessResult(const RequestContext&, RemotingCommand)> process) {
  return std::make_shared<FunctionProcessor>(std::move(process));
}

}  // namespace spool::remoting
