// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// A main() for the fuzz targets when libFuzzer is not linked in (any compiler, e.g. the g++ build and
// its ASan pass): feeds every file named on the command line, or found in a directory named there,
// to LLVMFuzzerTestOneInput once. This replays the committed seed corpus, regression inputs included,
// through the same invariant checks in every build. A violated check aborts, failing the test.

#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);
// Optional, as in libFuzzer: a target may handle its own command-line switches (fuzz_engine --write-seeds).
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

namespace {

bool replayFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s: %s\n", qPrintable(path), qPrintable(file.errorString()));
        return false;
    }
    // A heap copy of exactly the file's size, so ASan sees any read past the input.
    const QByteArray contents = file.readAll();
    const auto size = std::size_t(contents.size());
    const auto data = std::make_unique<std::uint8_t[]>(size);
    if (size > 0)
        std::memcpy(data.get(), contents.constData(), size);
    LLVMFuzzerTestOneInput(data.get(), size);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    int inputs = 0;
    bool readable = true;
    for (int i = 1; i < argc; ++i) {
        const QString path = QFile::decodeName(argv[i]);
        if (QFileInfo(path).isDir()) {
            QStringList files;
            QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
            files.sort();
            for (const QString &file : files) {
                readable = replayFile(file) && readable;
                ++inputs;
            }
        } else {
            readable = replayFile(path) && readable;
            ++inputs;
        }
    }
    std::printf("replayed %d input(s) without a finding\n", inputs);
    if (inputs == 0) {
        std::fprintf(stderr, "no input given: usage: %s <file-or-directory>...\n", argv[0]);
        return 1;
    }
    return readable ? 0 : 1;
}
