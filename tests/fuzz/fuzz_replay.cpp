// Runs every fuzz target over its committed inputs: DIR/<target>/* for each DIR given (the regression
// inputs of crashes found once, and the seed corpus). A crash or a failed check aborts, naming the input;
// otherwise it prints how many inputs each target ran and exits 0.
//
//   fuzz_replay [--expect NAME...] DIR...   (--expect: targets that must be registered and have inputs)

#include "fuzzsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>

using namespace rasachat;

int main(int argc, char **argv)
{
    fuzz::ensureApp();
    QStringList expected;
    QStringList dirs;
    bool expecting = false;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == u"--expect")
            expecting = true;
        else if (expecting && !QFileInfo(arg).isDir())
            expected.append(arg);
        else {
            expecting = false;
            dirs.append(arg);
        }
    }
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (dirs.isEmpty()) {
        err << "usage: fuzz_replay [--expect NAME...] DIR...\n";
        return 2;
    }
    QStringList known;
    for (const fuzz::Target &t : fuzz::targets())
        known.append(QString::fromLatin1(t.name));
    int status = 0;
    for (const QString &name : expected) {
        if (!known.contains(name)) {
            err << "target " << name << " is not linked into fuzz_replay\n";
            status = 1;
        }
    }
    // A folder for no target is a typo that would silently skip its inputs.
    for (const QString &dir : dirs) {
        for (const QString &sub : QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            if (!known.contains(sub)) {
                err << dir << "/" << sub << ": no fuzz target of that name\n";
                status = 1;
            }
        }
    }
    for (const fuzz::Target &t : fuzz::targets()) {
        int count = 0;
        for (const QString &dir : dirs) {
            const QDir d(dir + u'/' + QString::fromLatin1(t.name));
            for (const QFileInfo &f : d.entryInfoList(QDir::Files, QDir::Name)) {
                QFile file(f.filePath());
                if (!file.open(QIODevice::ReadOnly)) {
                    err << f.filePath() << ": cannot read\n";
                    status = 1;
                    continue;
                }
                const QByteArray bytes = file.readAll();
                fuzz::setCurrentInput(f.filePath());
                t.function(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
                ++count;
            }
        }
        fuzz::setCurrentInput({});
        out << t.name << ": " << count << " inputs\n";
        out.flush();
        if (count == 0 && expected.contains(QString::fromLatin1(t.name))) {
            err << t.name << ": no inputs\n";
            status = 1;
        }
    }
    return status;
}
