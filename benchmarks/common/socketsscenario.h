// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

// The "sockets" scenario shared by the benchmark clients (bench-bare, bench-phoenixqt): how much
// resident memory and heap N connected sockets of one kind take in one process.

#include "benchcommon.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <functional>
#include <utility>

namespace Bench {

/*!
    Opens one warm-up socket first, so that one-time costs (plugins, buffers) stay out of the
    per-socket figure, then \c sockets more at once; when all of them are connected it prints one
    JSON line ({"client", "scenario": "sockets", "sockets", "rss_kib_before", "rss_kib_after",
    "heap_before", "heap_after"}) and quits the application.

    \a Socket is the socket class measured; it must have a connected() signal. The sockets are
    created by the given \c create function with this object as their parent (they live as long as
    it does) and started by \c open once their connected() signal is connected. Main thread only.
*/
template<typename Socket>
class SocketsScenario : public QObject
{
public:
    //! Creates one unopened socket owned by \a owner.
    using CreateSocket = std::function<Socket *(QObject *owner)>;
    //! Starts connecting \a socket.
    using OpenSocket = std::function<void(Socket *socket)>;

    //! Measures \a sockets sockets; \a client names the client in the JSON line.
    SocketsScenario(const QString &client, int sockets, CreateSocket create, OpenSocket open,
                    QObject *parent = nullptr)
        : QObject(parent)
        , m_client(client)
        , m_sockets(sockets)
        , m_create(std::move(create))
        , m_open(std::move(open))
    {
    }

    //! Opens the warm-up socket; the rest follows from the event loop.
    void start()
    {
        openBatch(1, [this] {
            m_rssBefore = Bench::rssKiB();
            m_heapBefore = Bench::heapBytes();
            openBatch(m_sockets, [this] {
                Bench::printJson(QJsonObject{{QStringLiteral("client"), m_client},
                                             {QStringLiteral("scenario"), QStringLiteral("sockets")},
                                             {QStringLiteral("sockets"), m_sockets},
                                             {QStringLiteral("rss_kib_before"), double(m_rssBefore)},
                                             {QStringLiteral("rss_kib_after"), double(Bench::rssKiB())},
                                             {QStringLiteral("heap_before"), double(m_heapBefore)},
                                             {QStringLiteral("heap_after"), double(Bench::heapBytes())}});
                QCoreApplication::quit();
            });
        });
    }

private:
    void openBatch(int count, const std::function<void()> &done)
    {
        m_pending = count;
        m_done = done;
        for (int i = 0; i < count; ++i) {
            Socket *socket = m_create(this);
            connect(socket, &Socket::connected, this, [this] {
                if (--m_pending == 0) {
                    const std::function<void()> next = std::move(m_done); // may open the next batch
                    next();
                }
            });
            m_open(socket);
        }
    }

    QString m_client;
    int m_sockets = 0;
    CreateSocket m_create;
    OpenSocket m_open;
    int m_pending = 0;
    std::function<void()> m_done;
    qint64 m_rssBefore = 0;
    qint64 m_heapBefore = 0;
};

} // namespace Bench
