#pragma once
// A chat or groupchat message (core::SendXmppMessage) as a stanza, described once for both
// writers: XmlWriter (text, what the gateway sends: the hot path of a flood) and TreeWriter
// (an Element, what serialise() returns).

#include <adapters/xmpp/namespaces.hpp>
#include <core/effect.hpp>

#include <string>
#include <string_view>

namespace cordgate::adapters::xmpp {

// XEP-0447 <file-sharing/>: the file's XEP-0446 metadata and its one source, the URL.
template <class Writer>
void write_file_sharing(Writer& w, const std::string& url, const core::SharedFile& f) {
    w.open("file-sharing", ns::kSfs).open("file", ns::kFileMetadata);
    if (f.media_type) w.open("media-type", ns::kFileMetadata).text(*f.media_type).close();
    w.open("name", ns::kFileMetadata).text(f.name).close();
    if (f.size) w.open("size", ns::kFileMetadata).text(std::to_string(*f.size)).close();
    if (f.sha256_base64) {
        w.open("hash", ns::kHashes2).attr("algo", "sha-256").text(*f.sha256_base64).close();
    }
    w.close();
    w.open("sources", ns::kSfs).open("url-data", ns::kUrlData).attr("target", url).close().close();
    w.close();
}

template <class Writer>
void write_message(Writer& w, const core::SendXmppMessage& p) {
    // Room history and stanza ids are stamped by the room (or puppet) itself: its bare JID.
    const std::string_view bare_from = std::string_view(p.from).substr(0, p.from.find('/'));
    w.open("message", ns::kComponent)
        .attr("from", p.from)
        .attr("to", p.to)
        .attr("type", p.message_type)
        .attr("id", p.id);
    if (p.body) w.open("body", ns::kComponent).text(*p.body).close();
    if (p.origin_id) w.open("origin-id", ns::kSid).attr("id", *p.origin_id).close();
    if (p.stanza_id) {
        w.open("stanza-id", ns::kSid).attr("id", *p.stanza_id).attr("by", bare_from).close();
    }
    if (p.replace_id) w.open("replace", ns::kCorrect).attr("id", *p.replace_id).close();
    if (p.reply_to_id) {
        w.open("reply", ns::kReply);
        if (p.reply_to_jid) w.attr("to", *p.reply_to_jid);
        w.attr("id", *p.reply_to_id).close();
    }
    if (p.oob_url) w.open("x", ns::kOob).open("url", ns::kOob).text(*p.oob_url).close().close();
    if (p.oob_url && p.file) write_file_sharing(w, *p.oob_url, *p.file);
    if (p.spoiler.value_or(false)) w.open("spoiler", ns::kSpoiler).close();
    if (p.chat_state) w.open(*p.chat_state, ns::kChatStates).close();
    if (p.receipt_request.value_or(false)) w.open("request", ns::kReceipts).close();
    if (p.markable.value_or(false)) w.open("markable", ns::kMarkers).close();
    if (p.thread) w.open("thread", ns::kComponent).text(*p.thread).close();
    // XEP-0045 §7.2.15
    if (p.delay_stamp) {
        w.open("delay", ns::kDelay).attr("from", bare_from).attr("stamp", *p.delay_stamp).close();
    }
    w.close();
}

}  // namespace cordgate::adapters::xmpp
