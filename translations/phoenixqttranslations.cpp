// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqttranslations.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QLibraryInfo>
#include <QtCore/QTranslator>

using namespace Qt::StringLiterals;

namespace PhoenixQtTranslations {

static bool installOne(const QLocale &locale, const QString &catalog, const QString &directory)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (translator->load(locale, catalog, u"_"_s, directory) &&
        QCoreApplication::installTranslator(translator))
        return true;
    delete translator;
    return false;
}

QStringList install(const QLocale &locale, const QStringList &catalogs, const QString &directory)
{
    QStringList loaded;
    if (!QCoreApplication::instance())
        return loaded;
    // Qt's own strings (standard buttons, ...) when the qt6-translations-l10n package is installed.
    if (installOne(locale, u"qtbase"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        loaded.append(u"qtbase"_s);
    for (const QString &catalog : catalogs) {
        if (installOne(locale, catalog, directory))
            loaded.append(catalog);
    }
    return loaded;
}

} // namespace PhoenixQtTranslations
