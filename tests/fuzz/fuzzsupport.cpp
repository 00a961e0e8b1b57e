#include "fuzzsupport.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QList>
#include <cstdio>
#include <cstdlib>

namespace rasachat::fuzz {

namespace {

QList<Target> &registry()
{
    static QList<Target> list;
    return list;
}

QString &currentInput()
{
    static QString path;
    return path;
}

void dropMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        std::abort();
    }
}

} // namespace

Registration::Registration(const char *name, TargetFunction function)
{
    registry().append({name, function});
}

const QList<Target> &targets()
{
    return registry();
}

void ensureApp()
{
    if (QCoreApplication::instance())
        return;
    qInstallMessageHandler(dropMessages);
    static int argc = 1;
    static char name[] = "fuzz";
    static char *argv[] = {name, nullptr};
    new QCoreApplication(argc, argv); // lives as long as the process, as libFuzzer runs
}

void settle()
{
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    // Posted events do not count as "processed" for the dispatcher, but posting one wakes it, so a
    // quiet pass after a busy one can still hide a posted event: stop after two quiet passes in a row.
    // The bound stops a zero-time timer that re-arms itself from spinning forever.
    int quiet = 0;
    for (int pass = 0; pass < 10'000 && quiet < 2; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        quiet = dispatcher->processEvents(QEventLoop::AllEvents) ? 0 : quiet + 1;
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

void fail(const char *file, int line, const char *what, const QByteArray &detail)
{
    std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
    if (!detail.isEmpty()) {
        QByteArray printable; // the bytes as a C string literal would show them
        for (const char c : detail.left(2000)) {
            if (c >= 0x20 && c < 0x7f && c != '\\')
                printable += c;
            else
                printable += "\\x" + QByteArray::number(quint8(c), 16).rightJustified(2, '0');
        }
        std::fprintf(stderr, "  detail: %s\n", printable.constData());
    }
    if (!currentInput().isEmpty())
        std::fprintf(stderr, "  input: %s\n", qPrintable(currentInput()));
    std::abort();
}

void setCurrentInput(const QString &path)
{
    currentInput() = path;
}

} // namespace rasachat::fuzz
