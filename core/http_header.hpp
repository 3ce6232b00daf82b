#pragma once
// One HTTP header an upload slot requires on its PUT (XEP-0363 <header name='…'>…</header>):
// the XMPP adapter reads them from the slot and the Discord adapter sends them with the copy.

#include <core/codec.hpp>

#include <string>

namespace cordgate::core {

struct HttpHeader {
    std::string name;
    std::string value;

    static constexpr auto fields =
        std::tuple{field("name", &HttpHeader::name), field("value", &HttpHeader::value)};
};

}  // namespace cordgate::core
