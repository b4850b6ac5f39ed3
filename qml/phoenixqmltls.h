// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtQml/qqmlregistration.h>

#include <functional>

class PhoenixSocket;

/*!
 * \brief The grouped property \c tls of the QML type \c PhoenixSocket: the socket's TLS settings.
 *
 * \code
 * PhoenixSocket {
 *     url: "wss://chat.example.com/socket"
 *     tls.caCertificates: ["/etc/myapp/private-ca.pem"]
 *     tls.clientCertificate: "/etc/myapp/device.pem"
 *     tls.clientKey: "/etc/myapp/device.key"
 *     tls.publicKeyPins: ["sha256/M1CK2lYzcuEi8T+nh3wTLkwvQOSQoQHzB7N2ej4vEEE="]
 * }
 * \endcode
 *
 * Files are given as paths, file: URLs or qrc: URLs (\c ":/..." too). Once any of caCertificates,
 * clientCertificate, clientKey, passPhrase or ignoreSslErrors is set, the item builds the C++
 * socket's PhoenixSocket::sslConfiguration from them (starting from %Qt's default configuration):
 * the CA certificates are added to the system's, the client certificate is loaded as
 * PhoenixSocket::loadClientCertificate() does, and ignoreSslErrors switches verification off
 * (PhoenixSocket::setSslConfiguration() explains what that means and logs it). publicKeyPins is
 * PhoenixSocket::publicKeyPins. A file that cannot be used is reported by the socket item's
 * errorOccurred() (SslError, or ClientCertificateError for the client certificate) and a QML
 * warning. The settings apply from the next connection; the item applies them before it first
 * connects, and later changes made in one go (e.g. a certificate and its key) together, from the
 * event loop. Lives in the QML engine's thread; owned by its socket item.
 */
class PhoenixQmlTls : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    //! Extra CA certificates to trust (PEM files), e.g. a private CA. Default: none (the system's).
    Q_PROPERTY(QStringList caCertificates READ caCertificates WRITE setCaCertificates NOTIFY changed)
    //! The client certificate (PEM file, optionally followed by its chain) for mutual TLS.
    Q_PROPERTY(QString clientCertificate READ clientCertificate WRITE setClientCertificate NOTIFY changed)
    //! The private key of clientCertificate (PEM file, RSA or EC).
    Q_PROPERTY(QString clientKey READ clientKey WRITE setClientKey NOTIFY changed)
    //! The pass phrase of an encrypted clientKey. Never logged.
    Q_PROPERTY(QString passPhrase READ passPhrase WRITE setPassPhrase NOTIFY changed)
    //! SHA-256 public-key pins of the server ("sha256/<base64>"): see PhoenixSocket::publicKeyPins.
    Q_PROPERTY(
        QStringList publicKeyPins READ publicKeyPins WRITE setPublicKeyPins NOTIFY publicKeyPinsChanged)
    /*!
     * Accept any server certificate (default false): the server is then not authenticated, so anyone
     * on the network path can read and change the traffic (only publicKeyPins still protect it).
     * For development against self-signed servers; logged as a warning.
     */
    Q_PROPERTY(bool ignoreSslErrors READ ignoreSslErrors WRITE setIgnoreSslErrors NOTIFY changed)

public:
    //! Reports an unusable setting: a PhoenixSocket::Error and its translated message.
    using Reporter = std::function<void(int error, const QString &message)>;

    /*!
     * Creates the TLS group of the QML socket item \a owner (its parent), for the C++ \a socket the
     * item wraps. \a report tells the item about unusable files (the item warns and emits its
     * errorOccurred()). The group knows neither the item's type nor its other properties.
     */
    PhoenixQmlTls(PhoenixSocket *socket, QObject *owner, Reporter report);

    //! Returns the caCertificates property.
    QStringList caCertificates() const { return m_caCertificates; }
    //! Sets the caCertificates property.
    void setCaCertificates(const QStringList &files);
    //! Returns the clientCertificate property.
    QString clientCertificate() const { return m_clientCertificate; }
    //! Sets the clientCertificate property.
    void setClientCertificate(const QString &file);
    //! Returns the clientKey property.
    QString clientKey() const { return m_clientKey; }
    //! Sets the clientKey property.
    void setClientKey(const QString &file);
    //! Returns the passPhrase property.
    QString passPhrase() const { return m_passPhrase; }
    //! Sets the passPhrase property.
    void setPassPhrase(const QString &passPhrase);
    //! Returns the publicKeyPins property (the C++ socket's).
    QStringList publicKeyPins() const;
    //! Sets the publicKeyPins property (the C++ socket's).
    void setPublicKeyPins(const QStringList &pins);
    //! Returns the ignoreSslErrors property.
    bool ignoreSslErrors() const { return m_ignoreSslErrors; }
    //! Sets the ignoreSslErrors property.
    void setIgnoreSslErrors(bool ignore);

    //! Builds the C++ socket's sslConfiguration from the properties. The socket item calls it when it
    //! is complete; from then on the group applies its own changes. Reports unusable files.
    void apply();

    //! A file name as QML gives it (path, file: or qrc: URL) as a path QFile opens.
    static QString localPath(const QString &fileOrUrl);

Q_SIGNALS:
    //! Emitted when caCertificates, clientCertificate, clientKey, passPhrase or ignoreSslErrors changes.
    void changed();
    //! Emitted when publicKeyPins changes (also when set on the C++ socket).
    void publicKeyPinsChanged();

private:
    void settingChanged();
    void report(int error, const QString &message);

    PhoenixSocket *const m_socket;
    const Reporter m_report;
    bool m_complete = false; // apply() ran: the owner item is complete
    QStringList m_caCertificates;
    QString m_clientCertificate;
    QString m_clientKey;
    QString m_passPhrase;
    bool m_ignoreSslErrors = false;
    bool m_used = false;         // a setting was made: the group owns the socket's sslConfiguration
    bool m_applyPending = false; // changes after completion are applied together, from the event loop
};
