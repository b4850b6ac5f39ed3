// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixsocketsettings_p.h"

#include <QtCore/QJsonArray>
#include <QtCore/QUrlQuery>

#include <iterator>

using namespace Qt::StringLiterals;

namespace {

// Phoenix (phoenix.js Ajax.serialize) encodes nested params as key[sub]=value.
void appendQuery(QUrlQuery *query, const QString &key, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            appendQuery(query, key + u'[' + it.key() + u']', it.value());
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            appendQuery(query, key + u'[' + QString::number(i) + u']', array.at(i));
        break;
    }
    case QJsonValue::String:
        query->addQueryItem(key, value.toString());
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        query->addQueryItem(key, QString());
        break;
    case QJsonValue::Bool:
        query->addQueryItem(key, value.toBool() ? u"true"_s : u"false"_s);
        break;
    case QJsonValue::Double:
        query->addQueryItem(key, value.toVariant().toString());
        break;
    }
}

} // namespace

int PhoenixSocketSettings::defaultReconnectAfter(int tries)
{
    static constexpr int schedule[] = {10, 50, 100, 150, 200, 250, 500, 1000, 2000};
    return tries >= 1 && tries <= int(std::size(schedule)) ? schedule[tries - 1] : 5000;
}

int PhoenixSocketSettings::defaultRejoinAfter(int tries)
{
    static constexpr int schedule[] = {1000, 2000, 5000};
    return tries >= 1 && tries <= int(std::size(schedule)) ? schedule[tries - 1] : 10000;
}

PhoenixTransportOptions PhoenixSocketSettings::transportOptions(const QJsonObject &connectParams,
                                                                const QString &token,
                                                                const QString &vsn) const
{
    PhoenixTransportOptions options;
    QUrl endpoint = url;
    // phoenix.js appends the transport to the endpoint ("/socket" -> "/socket/websocket").
    QString path = endpoint.path();
    if (!path.endsWith(u"/websocket"_s) && !path.endsWith(u"/longpoll"_s)) {
        if (!path.endsWith(u'/'))
            path += u'/';
        endpoint.setPath(path + u"websocket"_s);
    }
    QUrlQuery query(endpoint);
    for (auto it = connectParams.begin(); it != connectParams.end(); ++it)
        appendQuery(&query, it.key(), it.value());
    query.removeAllQueryItems(u"vsn"_s);
    query.addQueryItem(u"vsn"_s, vsn);
    endpoint.setQuery(query);
    options.url = endpoint;
    for (auto it = headers.begin(); it != headers.end(); ++it)
        options.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    options.authToken = token;
#ifndef QT_NO_SSL
    options.sslConfiguration = sslConfiguration;
    options.hasSslConfiguration = hasSslConfiguration;
#endif
    options.maxMessageSize = maxMessageSize;
    options.requestTimeout = longPollTimeout;
    return options;
}
