// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include <PhoenixQt/PhoenixVersion>

#include <QtCore/QString>
#include <QtCore/QVersionNumber>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PhoenixVersion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void macrosMatchTheProjectVersion()
    {
        const QVersionNumber project =
            QVersionNumber::fromString(QString::fromLatin1(PHOENIXQT_PROJECT_VERSION));
        QCOMPARE(PHOENIXQT_VERSION_MAJOR, project.majorVersion());
        QCOMPARE(PHOENIXQT_VERSION_MINOR, project.minorVersion());
        QCOMPARE(PHOENIXQT_VERSION_PATCH, project.microVersion());
        QCOMPARE(QString::fromLatin1(PHOENIXQT_VERSION_STR), QString::fromLatin1(PHOENIXQT_PROJECT_VERSION));
        QCOMPARE(PHOENIXQT_VERSION, PHOENIXQT_VERSION_CHECK(project.majorVersion(), project.minorVersion(),
                                                            project.microVersion()));
    }

    void versionCheckOrdersLikeVersions()
    {
        static_assert(PHOENIXQT_VERSION_CHECK(0, 1, 0) < PHOENIXQT_VERSION_CHECK(0, 1, 1));
        static_assert(PHOENIXQT_VERSION_CHECK(0, 1, 255) < PHOENIXQT_VERSION_CHECK(0, 2, 0));
        static_assert(PHOENIXQT_VERSION_CHECK(0, 255, 255) < PHOENIXQT_VERSION_CHECK(1, 0, 0));
        QCOMPARE(PHOENIXQT_VERSION_CHECK(1, 2, 3), 0x010203);
        // Usable in the preprocessor, which is the point of a macro.
#if PHOENIXQT_VERSION < PHOENIXQT_VERSION_CHECK(0, 1, 0)
        QFAIL("PHOENIXQT_VERSION is older than the first release");
#endif
    }

    void runtimeVersionIsTheLibrarys()
    {
        // The library reports the version it was built with; in-tree that is the headers' version.
        QCOMPARE(QString::fromLatin1(phoenixQtVersion()), QString::fromLatin1(PHOENIXQT_VERSION_STR));
        QCOMPARE(phoenixQtVersion(), phoenixQtVersion()); // one static string, not a temporary
    }
};

QTEST_GUILESS_MAIN(tst_PhoenixVersion)
#include "tst_phoenixversion.moc"
