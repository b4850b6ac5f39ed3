// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <QtCore/QLocale>
#include <QtCore/QStringList>

/*!
 * \brief Loading PhoenixQt's translations (target PhoenixQt::Translations).
 *
 * Link PhoenixQt::Translations to get the library's compiled catalogs embedded as
 * :/i18n/phoenixqt_<lang>.qm, then call install() once after creating the application object:
 * \code
 * QGuiApplication app(argc, argv);
 * PhoenixQtTranslations::install(QLocale()); // the system locale
 * \endcode
 */
namespace PhoenixQtTranslations {

/*!
 * Installs a QTranslator for each catalog in \a catalogs (file names without language, e.g.
 * "phoenixqt", "phoenixchat") found in \a directory for \a locale, and for Qt's own "qtbase"
 * catalog from Qt's translations directory when installed. The translators are children of the
 * application object. Returns the catalogs that were loaded (English needs none and returns an
 * empty list). Call from the main thread after the QCoreApplication exists.
 */
QStringList install(const QLocale &locale, const QStringList &catalogs = {QStringLiteral("phoenixqt")},
                    const QString &directory = QStringLiteral(":/i18n"));

} // namespace PhoenixQtTranslations
