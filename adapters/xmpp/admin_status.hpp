#pragma once
// The administrators' status command (core::kAdminStatus), answered by this adapter: the report
// `cordgate status` prints is runtime data (heartbeats, the log's size, the lag) that the core
// composes on its control endpoint and that the log's fold cannot see, so the command is not an
// event. The adapter asks the endpoint, as the tool does, and sends the same text as the
// command's note.
//
// Asking blocks for up to the timeout (the core may be down), so each request runs on its own
// thread; the adapter's loop collects the answers with finished().

#include <adapters/xmpp/element.hpp>
#include <core/xmpp_effects.hpp>
#include <core/xmpp_events.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::adapters::xmpp {

// The command's answer for the core's reply (a StatusReport, a ControlError, or nothing in time).
// Pure; `endpoint` and `timeout` only name what was asked in the note when nothing came.
core::SendXmppCommandResult status_answer(const core::XmppCommand& command,
                                          const std::optional<std::string>& reply,
                                          const std::string& endpoint,
                                          std::chrono::milliseconds timeout);

class AdminStatus {
  public:
    // (endpoint, request, timeout) -> the core's reply: runtime::ask_core, or a fake in tests.
    using Ask = std::function<std::optional<std::string>(const std::string& endpoint,
                                                         const std::string& request,
                                                         std::chrono::milliseconds timeout)>;

    AdminStatus(std::string endpoint, Ask ask,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));

    // A cancel is answered at once; an execute asks the core.
    std::optional<Element> start(const core::XmppCommand& command);
    // The answers whose replies have come (or timed out), in the order they were asked.
    std::vector<Element> finished();
    std::size_t waiting() const { return pending_.size(); }

  private:
    struct Pending {
        core::XmppCommand command;
        std::future<std::optional<std::string>> reply;
    };
    std::string endpoint_;
    Ask ask_;
    std::chrono::milliseconds timeout_;
    std::vector<Pending> pending_;
};

}  // namespace cordgate::adapters::xmpp
