// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixsimdjsonserializer.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>

#include <simdjson.h>

using namespace Qt::StringLiterals;

namespace {

void setError(QString *errorString, const QString &text)
{
    if (errorString)
        *errorString = text;
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QJsonValue toJsonValue(simdjson::dom::element element);

QJsonObject toJsonObject(simdjson::dom::object object)
{
    QJsonObject result;
    // Last duplicate key wins, as in QJsonDocument::fromJson().
    for (const simdjson::dom::key_value_pair field : object)
        result.insert(toQString(field.key), toJsonValue(field.value));
    return result;
}

QJsonValue toJsonValue(simdjson::dom::element element)
{
    switch (element.type()) {
    case simdjson::dom::element_type::OBJECT:
        return toJsonObject(element.get_object().value_unsafe());
    case simdjson::dom::element_type::ARRAY: {
        QJsonArray array;
        // A named dom::array: a range-for over get_array().value_unsafe() would iterate a
        // reference into a destroyed temporary.
        const simdjson::dom::array items = element.get_array().value_unsafe();
        for (const simdjson::dom::element item : items)
            array.append(toJsonValue(item));
        return array;
    }
    case simdjson::dom::element_type::STRING:
        return toQString(element.get_string().value_unsafe());
    case simdjson::dom::element_type::INT64:
        return qint64(element.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
        // Above INT64_MAX: QJsonDocument stores it as a double too.
        return double(element.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
        return element.get_double().value_unsafe();
    case simdjson::dom::element_type::BOOL:
        return element.get_bool().value_unsafe();
    case simdjson::dom::element_type::NULL_VALUE:
        break;
    }
    return QJsonValue(QJsonValue::Null);
}

// A ref or join_ref on the wire: a string or null. Anything else is malformed.
bool readRef(simdjson::dom::element element, QString *out)
{
    if (element.is_null()) {
        *out = QString();
        return true;
    }
    std::string_view text;
    if (element.get_string().get(text) != simdjson::SUCCESS)
        return false;
    *out = toQString(text);
    return true;
}

} // namespace

PhoenixSimdJsonSerializer::PhoenixSimdJsonSerializer()
    : m_parser(std::make_unique<simdjson::dom::parser>())
{
}

PhoenixSimdJsonSerializer::~PhoenixSimdJsonSerializer() = default;

QString PhoenixSimdJsonSerializer::vsn() const
{
    return m_v2.vsn();
}

QByteArray PhoenixSimdJsonSerializer::encodeText(const PhoenixMessage &message) const
{
    return m_v2.encodeText(message);
}

QByteArray PhoenixSimdJsonSerializer::encodeBinary(const PhoenixMessage &message, QString *errorString) const
{
    return m_v2.encodeBinary(message, errorString);
}

bool PhoenixSimdJsonSerializer::decodeText(const QByteArray &frame, PhoenixMessage *message,
                                           QString *errorString) const
{
    // simdjson needs SIMDJSON_PADDING readable bytes after the input, which a QByteArray does not
    // promise: with realloc_if_needed (the default) the parser copies the frame into its own buffer.
    simdjson::dom::array array;
    if (m_parser->parse(frame.constData(), size_t(frame.size())).get_array().get(array) !=
        simdjson::SUCCESS) {
        // Not a JSON array to simdjson. Rare on a live socket, so hand it to QJsonDocument: that
        // keeps Qt's error texts, and its leniencies that strict RFC 8259 parsing rejects
        // (unescaped control characters and unknown escapes in strings, integers beyond 64 bits,
        // which Qt reads as doubles and simdjson 3.0 refuses).
        return m_v2.decodeText(frame, message, errorString);
    }
    const int size = int(array.size());
    if (size != 5) {
        setError(errorString,
                 PhoenixSerializer::tr("The frame has %n element(s) instead of 5.", nullptr, size));
        return false;
    }
    simdjson::dom::element fields[5];
    int index = 0;
    for (const simdjson::dom::element item : array)
        fields[index++] = item;
    std::string_view topic;
    std::string_view event;
    simdjson::dom::object payload;
    PhoenixMessage decoded;
    if (!readRef(fields[0], &decoded.joinRef) || !readRef(fields[1], &decoded.ref) ||
        fields[2].get_string().get(topic) != simdjson::SUCCESS ||
        fields[3].get_string().get(event) != simdjson::SUCCESS ||
        fields[4].get_object().get(payload) != simdjson::SUCCESS) {
        setError(errorString, PhoenixSerializer::tr("The frame has fields of the wrong type."));
        return false;
    }
    decoded.topic = toQString(topic);
    decoded.event = toQString(event);
    decoded.payload = toJsonObject(payload);
    *message = std::move(decoded);
    return true;
}

bool PhoenixSimdJsonSerializer::decodeBinary(const QByteArray &frame, PhoenixMessage *message,
                                             QString *errorString) const
{
    return m_v2.decodeBinary(frame, message, errorString);
}
