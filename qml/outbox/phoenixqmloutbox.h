// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <phoenixoutbox.h>
#include <phoenixoutboxentry.h>

#include <QtCore/QJsonValue>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QVariantList>
#include <QtQml/QJSValue>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqml.h>
#include <QtQml/qqmlregistration.h>

class PhoenixSocket;

/*!
 * \brief The QML type \c PhoenixOutbox (module \c Phoenix.Outbox): a declarative PhoenixOutbox.
 *
 * \code
 * import Phoenix
 * import Phoenix.Outbox
 *
 * PhoenixSocket { id: socket; url: "ws://127.0.0.1:4000/socket/websocket"; active: true }
 * PhoenixChannel { id: lobby; socket: socket; topic: "room:lobby" }
 * PhoenixOutbox {
 *     id: outbox
 *     socket: socket
 *     databasePath: "outbox.sqlite"          // relative: in the application's data folder
 *     onDelivered: (key, response) => console.log("delivered", key)
 *     onRejected: (key, response) => banner.show(response.reason)
 *     onErrorOccurred: (error, message) => banner.show(message)
 * }
 * Button { onClicked: outbox.push("room:lobby", "new_msg", { body: field.text }) }
 * ListView { model: PhoenixOutboxModel { outbox: outbox; topic: "room:lobby" } }   // what is pending
 * \endcode
 *
 * The item owns a C++ PhoenixOutbox (outbox()) on the C++ socket of its \c socket (a PhoenixSocket
 * item, or a C++ PhoenixSocket exposed to QML) and its \c databasePath. It is made once the component
 * is complete, or by the first push() if that comes first; changing socket or databasePath afterwards
 * replaces it by a new one on the new socket or file (the old one is closed first, so a new outbox on
 * the same file takes over its entries). Every other property reads and writes the C++ outbox; the
 * enums are the C++ ones (\c PhoenixOutbox.DatabaseLockedError, \c PhoenixOutbox.MaxAttempts, ...).
 *
 * The module is separate from \c Phoenix so that applications that do not use the outbox do not load
 * Qt SQL: import \c Phoenix.Outbox (package qml6-module-phoenix-outbox) where it is used.
 *
 * Lives in the QML engine's thread, like the socket it uses.
 */
class PhoenixQmlOutbox : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(PhoenixOutbox)
    QML_EXTENDED_NAMESPACE(PhoenixOutbox)
    //! The PhoenixSocket item (or C++ PhoenixSocket) whose channels the entries go through; not owned.
    Q_PROPERTY(QObject *socket READ socket WRITE setSocket NOTIFY socketChanged)
    /*!
     * The database file: an absolute path, a file: URL, or a path relative to the application's
     * data folder (QStandardPaths::AppDataLocation). Empty: in memory only (nothing survives a restart).
     */
    Q_PROPERTY(QString databasePath READ databasePath WRITE setDatabasePath NOTIFY databasePathChanged)
    //! The payload field that carries the key (default "idempotency_key").
    Q_PROPERTY(QString keyField READ keyField WRITE setKeyField NOTIFY keyFieldChanged)
    //! Most attempts per entry before it is dropped; 0 (default) = no limit.
    Q_PROPERTY(int maxAttempts READ maxAttempts WRITE setMaxAttempts NOTIFY maxAttemptsChanged)
    //! Longest an entry may wait for its delivery in ms; 0 (default) = no limit.
    Q_PROPERTY(double maxAge READ maxAge WRITE setMaxAge NOTIFY maxAgeChanged)
    //! Largest total size of the pending entries in bytes; 0 (default) = no limit.
    Q_PROPERTY(double maxTotalSize READ maxTotalSize WRITE setMaxTotalSize NOTIFY maxTotalSizeChanged)
    //! How long one attempt waits for its reply in ms; -1 (default) uses the channel's timeout.
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    //! Entries not delivered, rejected or dropped yet.
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
    //! True while entries are committed to the database.
    Q_PROPERTY(bool persistent READ isPersistent NOTIFY persistentChanged)
    //! The last error (PhoenixOutbox.NoError until one happens).
    Q_PROPERTY(PhoenixOutbox::Error error READ error NOTIFY errorChanged)
    //! Translated description of the last error.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)

public:
    //! Creates the item; its C++ outbox is made when the component is complete.
    explicit PhoenixQmlOutbox(QObject *parent = nullptr);
    //! Closes the C++ outbox (its entries stay in the database).
    ~PhoenixQmlOutbox() override;

    //! The C++ outbox (owned by this item; replaced when socket or databasePath change), or null
    //! before the component is complete.
    PhoenixOutbox *outbox() const;

    //! Returns the socket property: the PhoenixSocket item or C++ socket used (not owned).
    QObject *socket() const;
    //! Sets the socket property (a new C++ outbox once the component is complete).
    void setSocket(QObject *socket);
    //! Returns the databasePath property: the database file as set.
    QString databasePath() const;
    //! Sets the databasePath property (a new C++ outbox once the component is complete).
    void setDatabasePath(const QString &path);
    //! Returns the keyField property: the payload field that carries the key.
    QString keyField() const;
    //! Sets the keyField property.
    void setKeyField(const QString &field);
    //! Returns the maxAttempts property: most attempts per entry, 0 = no limit.
    int maxAttempts() const;
    //! Sets the maxAttempts property.
    void setMaxAttempts(int attempts);
    //! Returns the maxAge property: longest an entry may wait in ms, 0 = no limit.
    double maxAge() const;
    //! Sets the maxAge property.
    void setMaxAge(double ms);
    //! Returns the maxTotalSize property: largest total size in bytes, 0 = no limit.
    double maxTotalSize() const;
    //! Sets the maxTotalSize property.
    void setMaxTotalSize(double bytes);
    //! Returns the timeout property: how long one attempt waits for its reply in ms.
    int timeout() const;
    //! Sets the timeout property.
    void setTimeout(int ms);
    //! Returns the pendingCount property: entries not delivered, rejected or dropped yet.
    int pendingCount() const;
    //! Returns the persistent property: true while entries are committed to the database.
    bool isPersistent() const;
    //! Returns the error property: the last error.
    PhoenixOutbox::Error error() const;
    //! Returns the errorString property: translated description of the last error.
    QString errorString() const;

    /*!
     * Commits \a event with \a payload (a JavaScript object) on \a topic and returns its key, or an
     * empty string if it was refused (error and errorOccurred() tell why: an ArrayBuffer cannot carry
     * the key, BinaryPayloadError; anything else that is not an object, InvalidEntryError).
     */
    Q_INVOKABLE QString push(const QString &topic, const QString &event,
                             const QJSValue &payload = QJSValue());
    //! The pending entries (PhoenixOutboxEntry values: key, topic, event, payload, attempts, ...), oldest
    //! first.
    Q_INVOKABLE QVariantList entries() const;

    //! \reimp
    void classBegin() override;
    //! \reimp Makes the C++ outbox.
    void componentComplete() override;

Q_SIGNALS:
    //! Emitted when the server answered the entry with \a key "ok", with its \a response.
    void delivered(const QString &key, const QJsonValue &response);
    //! Emitted when the server refused the entry with \a key, with its \a response.
    void rejected(const QString &key, const QJsonValue &response);
    //! Emitted when a limit dropped the entry with \a key for \a reason; \a entry is its last state.
    void dropped(const QString &key, PhoenixOutbox::DropReason reason, const PhoenixOutboxEntry &entry);
    //! Emitted when the entry with \a key was sent for attempt \a attempt.
    void sent(const QString &key, int attempt);
    //! Emitted on every error with a translated \a message.
    void errorOccurred(PhoenixOutbox::Error error, const QString &message);
    //! Emitted when the C++ outbox was made or replaced.
    void outboxChanged();
    //! Emitted when the socket property changes.
    void socketChanged();
    //! Emitted when the databasePath property changes.
    void databasePathChanged();
    //! Emitted when the keyField property changes.
    void keyFieldChanged();
    //! Emitted when the maxAttempts property changes.
    void maxAttemptsChanged();
    //! Emitted when the maxAge property changes.
    void maxAgeChanged();
    //! Emitted when the maxTotalSize property changes.
    void maxTotalSizeChanged();
    //! Emitted when the timeout property changes.
    void timeoutChanged();
    //! Emitted when the pendingCount property changes.
    void pendingCountChanged();
    //! Emitted when the persistent property changes.
    void persistentChanged();
    //! Emitted when the error and errorString properties change.
    void errorChanged();

private:
    PhoenixSocket *cppSocket() const;
    QString resolvedPath() const;
    void rebuild();

    PhoenixOutbox *m_outbox = nullptr;
    QPointer<QObject> m_socket;
    QString m_databasePath;
    QString m_keyField;
    int m_maxAttempts = 0;
    qint64 m_maxAge = 0;
    qint64 m_maxTotalSize = 0;
    int m_timeout = -1;
    bool m_complete = true;
};

/*!
 * \brief Registers PhoenixOutboxEntry (the entries of PhoenixOutbox.entries() and dropped()) with QML
 * as an anonymous value type, so that QML code and tooling know its properties.
 */
struct PhoenixQmlOutboxEntryForeign
{
    Q_GADGET
    QML_FOREIGN(PhoenixOutboxEntry)
    QML_ANONYMOUS
};
