#include <core/file_transfers.hpp>

#include <core/url_text.hpp>

#include <algorithm>

namespace cordgate::core::file_transfers {
namespace {

std::string chat_key(const Conversation& conv) {
    std::string key = (conv.is_dm() ? "dm:" : "room:") + conv.id.str();
    if (conv.thread) key += "/" + *conv.thread;
    return key;
}

Conversation conversation_of_held(const HeldMessage& held) {
    return Conversation{held.room ? Conversation::Kind::room : Conversation::Kind::dm, held.chat,
                        held.thread};
}

std::string megabytes(std::uint64_t bytes) {
    return std::to_string((bytes + 512 * 1024) / (1024 * 1024)) + " MB";
}

bool on_its_way(FileStage stage) {
    return stage == FileStage::probe || stage == FileStage::slot || stage == FileStage::copy;
}

std::size_t in_flight(const FileTransfers& files) {
    return static_cast<std::size_t>(
        std::count_if(files.files.begin(), files.files.end(),
                      [](const auto& f) { return on_its_way(f.second.stage); }));
}

void fall_back(FileTransfer& f, std::optional<std::string> note) {
    f.stage = FileStage::fallback;
    f.note = std::move(note);
    f.get_url.reset();
}

// The message that shares a finished file: its URL as the body (so clients that know XEP-0066
// show the file inline) and as OOB, with the XEP-0447 metadata.
void complete(SendXmppMessage& m, const FileTransfer& f) {
    const DiscordAttachment& a = f.attachment;
    const bool copied = f.stage == FileStage::done && f.get_url;
    const std::string url = copied ? *f.get_url : a.url;
    m.body = url;
    if (!copied && f.note) *m.body += "\n(" + a.filename + ": " + *f.note + ")";
    m.oob_url = url;
    // An image whose size only a probe would have told: none to tell.
    const bool size_unknown = f.probe.value_or(false) && a.size == 0;
    SharedFile meta{a.filename, size_unknown ? std::nullopt : std::optional(a.size), a.content_type,
                    std::nullopt};
    if (copied) meta.sha256_base64 = f.sha256_base64;
    m.file = std::move(meta);
    // Discord hides a file whose name starts with SPOILER_ behind a click.
    if (a.filename.starts_with("SPOILER_")) m.spoiler = true;
}

// Sends the chat's held messages from the oldest, up to the first file still on its way.
void flush(ApplyContext& ctx, Session& session, const std::string& key) {
    FileTransfers& files = *session.files;
    auto chat = files.chats.find(key);
    if (chat == files.chats.end()) return;
    std::vector<HeldMessage>& held = chat->second;
    std::size_t sent = 0;
    for (; sent < held.size(); ++sent) {
        HeldMessage& h = held[sent];
        if (h.file) {
            auto f = files.files.find(*h.file);
            if (f != files.files.end()) {
                if (f->second.stage == FileStage::queued || on_its_way(f->second.stage)) break;
                complete(h.message, f->second);
                files.files.erase(f);
            }
        }
        const Conversation conv = conversation_of_held(h);
        // A room the session lost meanwhile has nobody to show it to.
        if (conv.is_dm() || session.rooms.count(conv.id)) {
            deliver(ctx, session, conv, h.author, std::move(h.message));
        }
    }
    held.erase(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(sent));
    if (held.empty()) files.chats.erase(chat);
}

// The slot request for a file of known size, or the fallback when the service refuses it.
void request_slot(ApplyContext& ctx, const UploadService& service, const std::string& request_id,
                  FileTransfer& f) {
    const DiscordAttachment& a = f.attachment;
    if (service.max_bytes && a.size > *service.max_bytes) {
        fall_back(f, "not copied to your server: larger than its " + megabytes(*service.max_bytes) +
                         " limit");
        return;
    }
    f.stage = FileStage::slot;
    ctx.emit(
        RequestXmppUploadSlot{request_id, service.service, a.filename, a.size, a.content_type});
}

// Sets a file on its way: its size asked first when its message did not give it.
void begin(ApplyContext& ctx, const UploadService& service, const std::string& request_id,
           FileTransfer& f) {
    f.started_ts = ctx.ts();
    if (f.probe.value_or(false)) {
        f.stage = FileStage::probe;
        f.rehost_effect = ctx.emit(ProbeDiscordFile{request_id, f.attachment.url});
        return;
    }
    request_slot(ctx, service, request_id, f);
}

// Queued files take the places the files done meanwhile left, oldest first.
void start_queued(ApplyContext& ctx, Session& session) {
    FileTransfers& files = *session.files;
    if (!files.queue) return;
    std::vector<std::string>& queue = *files.queue;
    const UploadService* service = service_for(ctx.state(), session);
    std::size_t taken = 0;
    while (taken < queue.size() && in_flight(files) < kMaxFilesInFlight) {
        auto f = files.files.find(queue[taken++]);
        if (f == files.files.end() || f->second.stage != FileStage::queued) continue;
        if (service) {
            begin(ctx, *service, f->first, f->second);
        } else {
            fall_back(f->second, "not copied to your server: its upload service is gone");
        }
    }
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(taken));
    if (queue.empty()) files.queue.reset();
}

void flush_all(ApplyContext& ctx, Session& session) {
    start_queued(ctx, session);
    std::vector<std::string> keys;
    for (const auto& [key, held] : session.files->chats) keys.push_back(key);
    for (const auto& key : keys) flush(ctx, session, key);
    if (session.files->chats.empty() && session.files->files.empty()) session.files.reset();
}

// Starts one file's way: at once, queued behind kMaxFilesInFlight others, or the fallback
// when the user's server has no upload service.
std::string start_file(ApplyContext& ctx, Session& session, const MessageFile& file,
                       Snowflake channel_id) {
    FileTransfers& files = *session.files;
    const std::string request_id = ctx.derived_id();
    FileTransfer f;
    f.attachment = file.attachment;
    if (file.probe) f.probe = true;
    f.channel_id = channel_id;
    f.started_ts = ctx.ts();
    const UploadService* service = service_for(ctx.state(), session);
    if (!service) {
        fall_back(f, std::nullopt);  // no service: Discord's URL is all there is
    } else if (in_flight(files) >= kMaxFilesInFlight && files.queue &&
               files.queue->size() >= kMaxFilesQueued) {
        fall_back(f, "not copied to your server: " + std::to_string(kMaxFilesQueued) +
                         " files are already waiting");
    } else if (in_flight(files) >= kMaxFilesInFlight) {
        f.stage = FileStage::queued;
        if (!files.queue) files.queue.emplace();
        files.queue->push_back(request_id);
    } else {
        begin(ctx, *service, request_id, f);
    }
    files.files.emplace(request_id, std::move(f));
    return request_id;
}

FileTransfer* waiting(Session& session, const std::string& request_id, FileStage stage) {
    if (!session.files) return nullptr;
    auto it = session.files->files.find(request_id);
    if (it == session.files->files.end() || it->second.stage != stage) return nullptr;
    return &it->second;
}

std::string trimmed(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

}  // namespace

const UploadService* service_for(const State& state, const Session& session) {
    if (!state.upload_services) return nullptr;
    const auto at = session.jid.find('@');
    const std::string domain = at == std::string::npos ? session.jid : session.jid.substr(at + 1);
    auto it = state.upload_services->find(domain);
    if (it == state.upload_services->end() || it->second.service.empty()) return nullptr;
    return &it->second;
}

bool takes_files(const State& state, const Session& session,
                 const std::vector<MessageFile>& files) {
    if (files.empty()) return false;
    return service_for(state, session) || files.size() > 1;
}

void deliver_message(ApplyContext& ctx, Session& session, const Conversation& conv,
                     const DiscordUser& author, SendXmppMessage message,
                     const std::vector<MessageFile>* files, Snowflake channel_id) {
    const bool has_files = files && !files->empty();
    const std::string key = chat_key(conv);
    const bool waits = session.files && session.files->chats.count(key);
    if (!has_files && !waits) {
        deliver(ctx, session, conv, author, std::move(message));
        return;
    }
    if (!session.files) session.files.emplace();
    std::vector<HeldMessage>& held = session.files->chats[key];
    HeldMessage base{!conv.is_dm(), conv.id, conv.thread, author, {}, std::nullopt};
    const bool text = message.body && !message.body->empty();
    if (text || !has_files) {
        HeldMessage h = base;
        h.message = message;
        held.push_back(std::move(h));
    }
    if (has_files) {
        for (std::size_t i = 0; i < files->size(); ++i) {
            HeldMessage h = base;
            SendXmppMessage& m = h.message;
            // The first message of a Discord message carries its id (the one edits, deletes
            // and replies name), its reply and its chat state; the others new ids.
            const bool first = !text && i == 0;
            m.id = first ? message.id : ctx.derived_id();
            if (first) {
                m.reply_to_id = message.reply_to_id;
                m.reply_to_jid = message.reply_to_jid;
                m.chat_state = message.chat_state;
            }
            // A room's first message keeps the Discord message's stanza-id (its archive id).
            if (message.stanza_id) m.stanza_id = first ? *message.stanza_id : m.id;
            m.markable = message.markable;
            m.thread = message.thread;
            h.file = start_file(ctx, session, (*files)[i], channel_id);
            held.push_back(std::move(h));
        }
    }
    flush(ctx, session, key);
    if (session.files->chats.empty() && session.files->files.empty()) session.files.reset();
}

void on_upload_service(ApplyContext& ctx, const XmppUploadService& found) {
    State& state = ctx.state();
    if (!state.upload_services) state.upload_services.emplace();
    (*state.upload_services)[found.domain] = UploadService{found.service, found.max_bytes};
}

void on_slot(ApplyContext& ctx, Session& session, const XmppUploadSlot& slot) {
    FileTransfer* f = waiting(session, slot.request_id, FileStage::slot);
    if (!f) return;
    if (slot.error || !slot.put_url || !slot.get_url) {
        fall_back(*f, "not copied to your server: " +
                          slot.error.value_or("the upload service gave no slot"));
        flush_all(ctx, session);
        return;
    }
    const DiscordAttachment& a = f->attachment;
    const std::optional<Snowflake> attachment_id =
        f->probe.value_or(false) ? std::nullopt : std::optional(a.id);
    // The slot is for exactly the size asked (XEP-0363 services refuse another): no more.
    RehostDiscordFile copy{slot.request_id, a.url,         attachment_id,    f->channel_id, a.size,
                           a.content_type,  *slot.put_url, slot.put_headers, a.size};
    f->stage = FileStage::copy;
    f->get_url = slot.get_url;
    f->rehost_effect = ctx.emit(std::move(copy));
}

void on_probed(ApplyContext& ctx, Session& session, const DiscordFileProbed& probed) {
    FileTransfer* f = waiting(session, probed.request_id, FileStage::probe);
    if (!f) return;
    const UploadService* service = service_for(ctx.state(), session);
    if (!probed.ok || !probed.bytes) {
        fall_back(*f, "not copied to your server: " +
                          probed.error.value_or("Discord did not tell the file's size"));
    } else if (!service) {
        fall_back(*f, "not copied to your server: its upload service is gone");
    } else {
        f->attachment.size = *probed.bytes;
        if (!f->attachment.content_type && probed.content_type)
            f->attachment.content_type = probed.content_type;
        request_slot(ctx, *service, probed.request_id, *f);
    }
    flush_all(ctx, session);
}

void on_rehosted(ApplyContext& ctx, Session& session, const DiscordFileRehosted& done) {
    FileTransfer* f = waiting(session, done.request_id, FileStage::copy);
    if (!f) return;
    if (done.ok) {
        f->stage = FileStage::done;
        f->sha256_base64 = done.sha256_base64;
        if (done.bytes) f->attachment.size = *done.bytes;
    } else {
        fall_back(*f, "not copied to your server: " + done.error.value_or("the copy failed"));
    }
    flush_all(ctx, session);
}

bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed) {
    if (!session.files) return false;
    for (auto& [id, f] : session.files->files) {
        const bool asked = f.stage == FileStage::probe || f.stage == FileStage::copy;
        if (asked && f.rehost_effect == failed.effect_id) {
            fall_back(f, "not copied to your server: " + failed.reason);
            flush_all(ctx, session);
            return true;
        }
    }
    return false;
}

void on_discord_restart(ApplyContext& ctx, Session& session) {
    if (!session.files) return;
    bool lost = false;
    for (auto& [id, f] : session.files->files) {
        if (f.stage != FileStage::probe && f.stage != FileStage::copy) continue;
        fall_back(f, "not copied to your server: the gateway restarted during the copy");
        lost = true;
    }
    if (lost) flush_all(ctx, session);
}

void expire(ApplyContext& ctx, Session& session) {
    if (!session.files) return;
    bool gave_up = false;
    for (auto& [id, f] : session.files->files) {
        if (!on_its_way(f.stage) || ctx.ts() - f.started_ts < kGiveUpMs) continue;
        fall_back(f, "not copied to your server: no answer in time");
        gave_up = true;
    }
    if (gave_up) flush_all(ctx, session);
}

std::optional<SharedUpload> shared_upload(const XmppMessage& msg, std::string_view content) {
    if (!msg.oob_url) return std::nullopt;
    const std::string& url = *msg.oob_url;
    if (!url.starts_with("https://") && !url.starts_with("http://")) return std::nullopt;
    std::string text(content);
    if (auto at = text.find(url); at != std::string::npos) text.erase(at, url.size());
    return SharedUpload{trimmed(std::move(text)), filename_of_url(url), url};
}

}  // namespace cordgate::core::file_transfers
