// The transcript at scale: append 100,000 messages of every shape to a ChatWidget, lay the view out,
// and scroll through it, printing times and memory. Figures only, never pass/fail.
#include "chatwidget.h"
#include "transcriptmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QListView>
#include <QScrollBar>
#include <cstdio>

using namespace rasachat;

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
            chat.transcript()->appendUser(u);
        } else {
            chat.transcript()->appendBot(shapes.at(i % shapes.size()));
        }
    }
    const qint64 appendMs = timer.elapsed();
    // The widget lays long transcripts out in batches between events; to measure the whole cost (and to
    // scroll over the whole range afterwards) lay it out in one pass here.
    chat.transcriptView()->setLayoutMode(QListView::SinglePass);
    timer.restart();
    chat.transcriptView()->doItemsLayout();
    QCoreApplication::processEvents();
    const qint64 layoutMs = timer.elapsed();

    QScrollBar *bar = chat.transcriptView()->verticalScrollBar();
    const int steps = 200;
    timer.restart();
    for (int s = 0; s <= steps; ++s) {
        bar->setValue(bar->maximum() * s / steps);
        chat.transcriptView()->viewport()->repaint();
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
    return 0;
}
