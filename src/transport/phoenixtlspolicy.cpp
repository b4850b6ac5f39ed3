// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixtlspolicy_p.h"

#ifndef QT_NO_SSL

#include "phoenixlogging_p.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QVariantMap>
#include <QtNetwork/QSslCertificateExtension>
#include <QtNetwork/QSslKey>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype Sha256Size = 32;

QByteArray spkiDigest(const QSslCertificate &certificate)
{
    const QSslKey key = certificate.publicKey();
    if (key.isNull())
        return {};
    // For a public key Qt's toDer() is the SubjectPublicKeyInfo, what HPKP pins hash.
    return QCryptographicHash::hash(key.toDer(), QCryptographicHash::Sha256);
}

//! A key identifier as plain lower-case hex ("59:3F:..." and "593f..." are the same).
QByteArray normalizedKeyId(const QVariant &value)
{
    QByteArray id =
        value.typeId() == QMetaType::QByteArray ? value.toByteArray() : value.toString().toLatin1();
    id.replace(':', QByteArray());
    return id.toLower();
}

QByteArray extensionKeyId(const QSslCertificate &certificate, const QString &name)
{
    const QList<QSslCertificateExtension> extensions = certificate.extensions();
    for (const QSslCertificateExtension &extension : extensions) {
        if (extension.name() != name)
            continue;
        const QVariant value = extension.value();
        if (value.typeId() == QMetaType::QVariantMap)
            return normalizedKeyId(value.toMap().value(u"keyid"_s));
        return normalizedKeyId(value);
    }
    return {};
}

//! Whether \a certificate names \a candidate as its issuer (every attribute of both names equal).
bool issuedBy(const QSslCertificate &certificate, const QSslCertificate &candidate)
{
    const QList<QByteArray> attributes = certificate.issuerInfoAttributes();
    if (attributes != candidate.subjectInfoAttributes())
        return false;
    for (const QByteArray &attribute : attributes) {
        if (certificate.issuerInfo(attribute) != candidate.subjectInfo(attribute))
            return false;
    }
    return true;
}

//! The CA certificate of \a candidates that issued \a certificate: the key identifiers agree, or
//! (without them) the names do.
QList<QSslCertificate> issuersOf(const QSslCertificate &certificate, const QList<QSslCertificate> &candidates)
{
    QList<QSslCertificate> result;
    const QByteArray authorityKeyId = extensionKeyId(certificate, u"authorityKeyIdentifier"_s);
    for (const QSslCertificate &candidate : candidates) {
        if (!issuedBy(certificate, candidate))
            continue;
        if (!authorityKeyId.isEmpty()) {
            const QByteArray subjectKeyId = extensionKeyId(candidate, u"subjectKeyIdentifier"_s);
            if (!subjectKeyId.isEmpty() && subjectKeyId != authorityKeyId)
                continue;
        }
        result.append(candidate);
    }
    return result;
}

} // namespace

PhoenixTlsPolicy::PhoenixTlsPolicy(const QStringList &pins)
    : m_pinning(!pins.isEmpty())
{
    for (const QString &pin : pins) {
        QString text = pin.trimmed();
        if (text.startsWith("sha256/"_L1, Qt::CaseInsensitive))
            text = text.mid(7);
        const auto decoded =
            QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() != Sha256Size) {
            // The pin itself is no secret (it is a hash of a public key), but keep the log short.
            qCWarning(lcPhoenixSocket).noquote()
                << "ignoring a public-key pin that is not \"sha256/\" + the base64 of 32 bytes:"
                << pin.left(60);
            continue;
        }
        m_digests.append(decoded.decoded);
    }
}

bool PhoenixTlsPolicy::matchesCertificate(const QSslCertificate &certificate) const
{
    const QByteArray digest = spkiDigest(certificate);
    return !digest.isEmpty() && m_digests.contains(digest);
}

bool PhoenixTlsPolicy::matches(const QSslConfiguration &session) const
{
    if (!m_pinning)
        return true;
    if (m_digests.isEmpty())
        return false; // pins were given, none of them valid: fail closed
    const QList<QSslCertificate> chain = session.peerCertificateChain();
    for (const QSslCertificate &certificate : chain) {
        if (matchesCertificate(certificate))
            return true;
    }
    // The trust anchor is usually not sent by the server. When the chain was verified, the CA that
    // issued its last certificate is one the client trusts: a pin of that CA counts too.
    const bool verified = session.peerVerifyMode() != QSslSocket::VerifyNone && !chain.isEmpty();
    if (!verified || chain.last().isSelfSigned())
        return false;
    QList<QSslCertificate> anchors = issuersOf(chain.last(), session.caCertificates());
    if (anchors.isEmpty())
        anchors = issuersOf(chain.last(), QSslConfiguration::systemCaCertificates());
    for (const QSslCertificate &anchor : std::as_const(anchors)) {
        if (matchesCertificate(anchor))
            return true;
    }
    return false;
}

QString PhoenixTlsPolicy::pinOf(const QSslCertificate &certificate)
{
    const QByteArray digest = spkiDigest(certificate);
    return digest.isEmpty() ? QString() : u"sha256/"_s + QString::fromLatin1(digest.toBase64());
}

bool PhoenixTlsPolicy::isClientCertificateAlert(QSsl::AlertType type)
{
    switch (type) {
    case QSsl::AlertType::CertificateRequired:
    case QSsl::AlertType::BadCertificate:
    case QSsl::AlertType::UnsupportedCertificate:
    case QSsl::AlertType::CertificateRevoked:
    case QSsl::AlertType::CertificateExpired:
    case QSsl::AlertType::CertificateUnknown:
    case QSsl::AlertType::UnknownCa:
    case QSsl::AlertType::AccessDenied:
        return true;
    default:
        return false;
    }
}

bool PhoenixTlsPolicy::mentionsClientCertificateAlert(const QString &text)
{
    // OpenSSL's names of the alerts above, e.g. "tlsv13 alert certificate required".
    static const char *const names[] = {
        "alert certificate required", "alert bad certificate",     "alert unsupported certificate",
        "alert certificate revoked",  "alert certificate expired", "alert certificate unknown",
        "alert unknown ca",           "alert access denied"};
    for (const char *name : names) {
        if (text.contains(QLatin1StringView(name), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

#endif // QT_NO_SSL
