#pragma once
// <iq><query xmlns='urn:xmpp:mam:2'/></iq> to a room: the form (get), or a query (set).

#include <adapters/xmpp/inbound_parts.hpp>

namespace cordgate::adapters::xmpp::detail {

Inbound translate_archive_query(Element& iq, const Element& query, const Addresses& a);

}  // namespace cordgate::adapters::xmpp::detail
