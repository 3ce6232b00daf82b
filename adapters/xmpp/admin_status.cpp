#include <adapters/xmpp/admin_status.hpp>

#include <adapters/xmpp/outbound_parts.hpp>
#include <core/codec.hpp>
#include <runtime/control_protocol.hpp>
#include <runtime/status_report.hpp>

#include <spdlog/spdlog.h>

namespace cordgate::adapters::xmpp {

core::SendXmppCommandResult status_answer(const core::XmppCommand& command,
                                          const std::optional<std::string>& reply,
                                          const std::string& endpoint,
                                          std::chrono::milliseconds timeout) {
    core::SendXmppCommandResult r;
    r.from = command.to;
    r.to = command.from;
    r.iq_id = command.iq_id;
    r.node = command.node;
    // One step, nothing to resume: the iq's id is as unique as the session needs.
    r.session_id = command.session_id.value_or("status-" + command.iq_id);
    r.status = "completed";
    if (!reply) {
        r.note_type = "error";
        r.note = "The core did not answer at " + endpoint + " within " +
                 std::to_string(timeout.count()) + " ms: is cordgate-core running?";
        return r;
    }
    try {
        runtime::StatusReport report = core::decode<runtime::StatusReport>(*reply);
        // As `cordgate status` exits 1: something is wrong, and the note says what.
        r.note_type = runtime::exit_code(report) == 0 ? "info" : "warn";
        r.note = runtime::render_text(report);
    } catch (const core::CodecError&) {
        r.note_type = "error";
        r.note = "The core answered something else than a status report.";
    }
    return r;
}

AdminStatus::AdminStatus(std::string endpoint, Ask ask, std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)), ask_(std::move(ask)), timeout_(timeout) {}

std::optional<Element> AdminStatus::start(const core::XmppCommand& command) {
    if (command.action == "cancel") {
        core::SendXmppCommandResult r = status_answer(command, std::nullopt, endpoint_, timeout_);
        r.status = "canceled";
        r.note_type.reset();
        r.note.reset();
        return detail::command_result(r);
    }
    std::string request =
        core::encode(runtime::ControlRequest{runtime::ControlCommand::status, std::nullopt});
    pending_.push_back(Pending{
        command, std::async(std::launch::async, ask_, endpoint_, std::move(request), timeout_)});
    return std::nullopt;
}

std::vector<Element> AdminStatus::finished() {
    std::vector<Element> out;
    auto it = pending_.begin();
    // In order: an answer waits for those asked before it, as the asker saw them go out.
    while (it != pending_.end() &&
           it->reply.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        std::optional<std::string> reply = it->reply.get();
        if (!reply) spdlog::warn("status command: the core did not answer at {}", endpoint_);
        out.push_back(
            detail::command_result(status_answer(it->command, reply, endpoint_, timeout_)));
        it = pending_.erase(it);
    }
    return out;
}

}  // namespace cordgate::adapters::xmpp
