// XEP-0313 queries of a room's archive: the form's fields and the RSM page, read into an
// xmpp.archive_query the core answers; the form itself is a fixed answer.

#include <adapters/xmpp/inbound_mam.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/stanza_error.hpp>
#include <adapters/xmpp/static_answers.hpp>

#include <charconv>

namespace cordgate::adapters::xmpp::detail {
namespace {

constexpr std::size_t kMaxFieldBytes = 256;

struct Refusal {
    std::string text;
};

std::optional<std::string> text_of(const Element* e, const char* what) {
    if (!e) return std::nullopt;
    if (e->text.size() > kMaxFieldBytes) throw Refusal{std::string(what) + " is too long"};
    return e->text;
}

// The form's fields (XEP-0313 §4.1.1, §6.1.1 for after-id/before-id). Unknown fields are
// refused: a filter the archive ignored would answer another question than the one asked.
void read_form(const Element& form, core::XmppArchiveQuery& q) {
    for (const auto& field : form.children) {
        if (field.name != "field" || field.ns != ns::kDataForms) continue;
        const std::string var = field.attr_or("var");
        const Element* value = field.child("value", ns::kDataForms);
        auto v = text_of(value, "a field's value");
        if (var == "FORM_TYPE" || !v || v->empty()) continue;
        if (var == "start") {
            q.start = v;
        } else if (var == "end") {
            q.end = v;
        } else if (var == "with") {
            q.with = v;
        } else if (var == "after-id") {
            q.after_id = v;
        } else if (var == "before-id") {
            q.before_id = v;
        } else {
            throw Refusal{"unsupported field " + var.substr(0, 64)};
        }
    }
}

void read_page(const Element& set, core::XmppArchiveQuery& q) {
    if (auto max = text_of(set.child("max", ns::kRsm), "max")) {
        int n = 0;
        auto [end, ec] = std::from_chars(max->data(), max->data() + max->size(), n);
        if (ec != std::errc() || end != max->data() + max->size() || n < 0) {
            throw Refusal{"max must be a count"};
        }
        q.max = n;
    }
    q.page_after = text_of(set.child("after", ns::kRsm), "after");
    q.page_before = text_of(set.child("before", ns::kRsm), "before");
    if (set.child("index", ns::kRsm)) throw Refusal{"paging by index is not supported"};
}

// The query form a client asks for before it searches (XEP-0313 §6.1.1).
Element query_form(const Element& iq) {
    Element reply = iq_result(iq);
    Element& query = reply.add("query", ns::kMam);
    Element& form = query.add("x", ns::kDataForms);
    form.set("type", "form");
    Element& type = form.add("field", ns::kDataForms);
    type.set("var", "FORM_TYPE").set("type", "hidden");
    type.add("value", ns::kDataForms, ns::kMam);
    for (const char* var : {"with", "start", "end", "after-id", "before-id"}) {
        Element& f = form.add("field", ns::kDataForms);
        f.set("var", var)
            .set("type", var == std::string_view("with") ? "jid-single" : "text-single");
    }
    return reply;
}

}  // namespace

Inbound translate_archive_query(Element& iq, const Element& query, const Addresses& a) {
    if (iq.attr_or("type") == "get") return answer(query_form(iq), "archive query form");
    core::XmppArchiveQuery q;
    q.from = a.from.full();
    q.to = a.to.bare();
    q.iq_id = iq.attr_or("id");
    if (const auto* id = query.attr("queryid")) q.query_id = id->substr(0, kMaxFieldBytes);
    try {
        if (const Element* form = query.child("x", ns::kDataForms)) read_form(*form, q);
        if (const Element* set = query.child("set", ns::kRsm)) read_page(*set, q);
    } catch (const Refusal& r) {
        return answer(error_reply(iq, kBadRequest, r.text), "refused: archive query, " + r.text);
    }
    if (query.child("flip-page", ns::kMam)) q.flip_page = true;
    Inbound in;
    in.user = a.from.bare();
    in.note = "archive query";
    in.event = std::move(q);
    return in;
}

}  // namespace cordgate::adapters::xmpp::detail
