// The transcript at scale: append 100,000 messages of every shape to a ChatWidget, lay the view out,
// and scroll through it, printing times and memory; then keep them in a ConversationStore, open them
// read-only and search them. Figures only, never pass/fail.
#include "chatwidget.h"
#include "chatwidget_p.h"
#include "conversationsdialog.h"
#include "conversationstore.h"
#include "transcriptmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QListView>
#include <QScrollBar>
#include <QTemporaryDir>
#include <cstdio>

using namespace rasachat;
using RasaChat::ChatWidgetPrivate;

static long rssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    return -1;
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 100'000;
    RasaChat::ChatWidget chat;
    chat.resize(720, 800);
    chat.show();
    QCoreApplication::processEvents();
    const long before = rssKb();

    QList<BotMessage> shapes;
    shapes.append(BotMessage::textMessage(QStringLiteral(
        "Hey! How are you? This is a **longer** answer that wraps onto a second line in a normal window.")));
    BotMessage buttons = BotMessage::textMessage(QStringLiteral("Choose an option:"));
    buttons.buttons = QList<Button>{{QStringLiteral("Yes"), QStringLiteral("/affirm"), {}},
                                    {QStringLiteral("No"), QStringLiteral("/deny"), {}}};
    shapes.append(buttons);
    BotMessage custom;
    custom.custom =
        QJsonObject{{QStringLiteral("type"), QStringLiteral("map")}, {QStringLiteral("lat"), 52.5}};
    shapes.append(custom);

    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < count; ++i) {
        if (i % 2 == 0) {
            UserMessage u;
            u.text = QStringLiteral("message %1").arg(i);
            ChatWidgetPrivate::transcriptOf(&chat)->appendUser(u);
        } else {
            ChatWidgetPrivate::transcriptOf(&chat)->appendBot(shapes.at(i % shapes.size()));
        }
    }
    const qint64 appendMs = timer.elapsed();
    // The widget lays long transcripts out in batches between events; to measure the whole cost (and to
    // scroll over the whole range afterwards) lay it out in one pass here.
    ChatWidgetPrivate::transcriptViewOf(&chat)->setLayoutMode(QListView::SinglePass);
    timer.restart();
    ChatWidgetPrivate::transcriptViewOf(&chat)->doItemsLayout();
    QCoreApplication::processEvents();
    const qint64 layoutMs = timer.elapsed();

    QScrollBar *bar = ChatWidgetPrivate::transcriptViewOf(&chat)->verticalScrollBar();
    const int steps = 200;
    timer.restart();
    for (int s = 0; s <= steps; ++s) {
        bar->setValue(bar->maximum() * s / steps);
        ChatWidgetPrivate::transcriptViewOf(&chat)->viewport()->repaint();
    }
    const qint64 scrollMs = timer.elapsed();
    const long after = rssKb();

    std::printf("transcript of %d messages (half user, half bot: text, buttons, custom JSON)\n", count);
    std::printf("  append:          %lld ms (%.2f us per message)\n", appendMs, appendMs * 1000.0 / count);
    std::printf("  full layout:     %lld ms in one pass (the widget spreads it over batches of 200 rows)\n",
                layoutMs);
    std::printf("  scroll+repaint:  %lld ms for %d frames across the whole transcript (%.2f ms per frame)\n",
                scrollMs, steps + 1, double(scrollMs) / (steps + 1));
    std::printf("  memory:          %ld KB -> %ld KB RSS (%.2f KB per message)\n", before, after,
                double(after - before) / count);

    // The same conversation kept on disk: each message written by its own statement as the widget does,
    // then opened read-only (the newest 500, the rest on demand) and searched.
    QTemporaryDir dir;
    RasaChat::ConversationStore store(dir.filePath(QStringLiteral("bench.sqlite")));
    QString error;
    if (!store.open(&error)) {
        std::fprintf(stderr, "bench: %s\n", qPrintable(error));
        return 1;
    }
    const qint64 id =
        store.create(QStringLiteral("http://bench"), QStringLiteral("rest"), QStringLiteral("s"));
    timer.restart();
    for (int row = 0; row < count; ++row)
        store.add(id, ChatWidgetPrivate::transcriptOf(&chat)->record(row));
    const qint64 storeMs = timer.elapsed();
    timer.restart();
    {
        RasaChat::ConversationViewer viewer(&store, id);
        viewer.show();
        QCoreApplication::processEvents();
    }
    const qint64 openMs = timer.elapsed();
    timer.restart();
    const qsizetype hits = store.search(QStringLiteral("message 9999")).size();
    const qint64 searchMs = timer.elapsed();
    std::printf("  store:           %lld ms to write %d messages one statement each (%.1f us per message), "
                "%.1f MB on disk\n",
                storeMs, count, storeMs * 1000.0 / count,
                (QFileInfo(store.path()).size() + QFileInfo(store.path() + QStringLiteral("-wal")).size()) /
                    1e6);
    std::printf("  open stored:     %lld ms to show the conversation read-only (newest 500 rows)\n", openMs);
    std::printf("  search:          %lld ms for a substring over all %d messages (%lld hits)\n", searchMs,
                count, qint64(hits));
    return 0;
}
