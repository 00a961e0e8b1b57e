// The transcript at scale, figures only (never pass/fail):
//  1. 100,000 messages of every shape appended to a ChatWidget: append, a full layout, a second full layout
//     (the rows' layouts are kept), scrolling across all of it, memory;
//  2. the same conversation kept in a ConversationStore and opened in the chat as a resumed session: time
//     until its newest rows are painted, then scrolling up frame by frame (older rows are loaded on demand
//     as the top is reached), memory; the read-only viewer's opening; a search over all of it.
// Wall-clock times are printed next to the process's CPU time: on a machine shared with builds the wall
// time says more about the other processes than about this one.
#include "../gui/fakechannel.h"
#include "chatwidget.h"
#include "chatwidget_p.h"
#include "conversationsdialog.h"
#include "conversationstore.h"
#include "messagedelegate.h"
#include "messagelayoutcache.h"
#include "transcriptmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QListView>
#include <QScrollBar>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <numeric>

using namespace rasachat;
using RasaChat::ChatWidgetPrivate;

namespace {

long rssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    return -1;
}

double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// Wall and CPU time since start().
struct Stopwatch
{
    QElapsedTimer wall;
    double cpu = 0;
    void start()
    {
        cpu = cpuMs();
        wall.start();
    }
    double wallMs() const { return wall.nsecsElapsed() / 1e6; }
    double cpuMsSince() const { return cpuMs() - cpu; }
};

// Waits until `view` has painted its last row.
class PaintWatch : public QObject
{
public:
    explicit PaintWatch(QListView *view) : m_view(view) { view->viewport()->installEventFilter(this); }
    bool painted = false;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_view->model()->rowCount() > 0) {
            const QModelIndex last = m_view->model()->index(m_view->model()->rowCount() - 1, 0);
            painted = painted || m_view->visualRect(last).intersects(m_view->viewport()->rect());
        }
        return false;
    }

private:
    QListView *m_view;
};

QList<BotMessage> shapes()
{
    QList<BotMessage> out;
    out.append(BotMessage::textMessage(QStringLiteral(
        "Hey! How are you? This is a **longer** answer that wraps onto a second line in a normal window.")));
    BotMessage buttons = BotMessage::textMessage(QStringLiteral("Choose an option:"));
    buttons.buttons = QList<Button>{{QStringLiteral("Yes"), QStringLiteral("/affirm"), {}},
                                    {QStringLiteral("No"), QStringLiteral("/deny"), {}}};
    out.append(buttons);
    BotMessage custom;
    custom.custom =
        QJsonObject{{QStringLiteral("type"), QStringLiteral("map")}, {QStringLiteral("lat"), 52.5}};
    out.append(custom);
    return out;
}

qint64 layoutsOf(RasaChat::ChatWidget &chat)
{
    return ChatWidgetPrivate::transcriptViewOf(&chat)->messageDelegate()->layouts()->layoutsComputed();
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 100'000;
    const QList<BotMessage> kinds = shapes();
    Stopwatch sw;

    // 1. In memory.
    QList<RasaChat::StoredMessage> records;
    {
        RasaChat::ChatWidget chat;
        chat.resize(720, 800);
        chat.show();
        QCoreApplication::processEvents();
        const long before = rssKb();
        RasaChat::TranscriptModel *model = ChatWidgetPrivate::transcriptOf(&chat);
        sw.start();
        for (int i = 0; i < count; ++i) {
            if (i % 2 == 0) {
                UserMessage u;
                u.text = QStringLiteral("message %1").arg(i);
                model->appendUser(u);
            } else {
                model->appendBot(kinds.at(i % kinds.size()));
            }
        }
        const double appendMs = sw.wallMs(), appendCpu = sw.cpuMsSince();
        // The widget lays long transcripts out in batches between events; to measure the whole cost (and to
        // scroll over the whole range afterwards) lay it out in one pass here.
        QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
        view->setLayoutMode(QListView::SinglePass);
        sw.start();
        view->doItemsLayout();
        QCoreApplication::processEvents();
        const double layoutMs = sw.wallMs(), layoutCpu = sw.cpuMsSince();
        const qint64 computed = layoutsOf(chat);
        // What an arriving image or a new message costs the view: all rows placed again.
        sw.start();
        view->doItemsLayout();
        const double relayoutMs = sw.wallMs(), relayoutCpu = sw.cpuMsSince();
        const qint64 recomputed = layoutsOf(chat) - computed;

        QScrollBar *bar = view->verticalScrollBar();
        const int steps = 200;
        sw.start();
        for (int s = 0; s <= steps; ++s) {
            bar->setValue(bar->maximum() * s / steps);
            view->viewport()->repaint();
        }
        const double scrollMs = sw.wallMs(), scrollCpu = sw.cpuMsSince();
        const long after = rssKb();
        std::printf("transcript of %d messages in memory (half user, half bot: text, buttons, custom JSON)\n",
                    count);
        std::printf("  append:            %.0f ms wall, %.0f ms CPU (%.2f us CPU per message)\n", appendMs,
                    appendCpu, appendCpu * 1000.0 / count);
        std::printf("  full layout:       %.0f ms wall, %.0f ms CPU in one pass (%lld rows laid out)\n",
                    layoutMs, layoutCpu, computed);
        std::printf("  layout again:      %.0f ms wall, %.0f ms CPU (%lld rows laid out again)\n", relayoutMs,
                    relayoutCpu, recomputed);
        std::printf("  scroll+repaint:    %.2f ms wall, %.2f ms CPU per frame (%d frames across the whole "
                    "transcript)\n",
                    scrollMs / (steps + 1), scrollCpu / (steps + 1), steps + 1);
        std::printf("  memory:            %ld KB -> %ld KB RSS (%.2f KB per message)\n", before, after,
                    double(after - before) / count);
        records.reserve(count);
        for (int row = 0; row < count; ++row)
            records.append(model->record(row));
    }

    // 2. Kept on disk.
    QTemporaryDir dir;
    RasaChat::ConversationStore store(dir.filePath(QStringLiteral("bench.sqlite")));
    QString error;
    if (!store.open(&error)) {
        std::fprintf(stderr, "bench: %s\n", qPrintable(error));
        return 1;
    }
    const QString server = QStringLiteral("http://bench");
    const qint64 id = store.create(server, QStringLiteral("fake"), QStringLiteral("bench-session"));
    // Each message by its own statement as the window writes them (a sample), the rest in one transaction.
    const int sample = std::min(count, 2000);
    sw.start();
    for (int row = 0; row < sample; ++row)
        store.add(id, records.at(row));
    const double perStatementUs = sw.wallMs() * 1000.0 / sample;
    if (store.addAll(id, records.mid(sample)) != count - sample)
        std::fprintf(stderr, "bench: the conversation could not be stored\n");
    records.clear();
    std::printf("stored conversation of %d messages\n", count);
    std::printf("  write:             %.1f us per message, one statement each as the window writes them; "
                "%.1f MB on disk\n",
                perStatementUs,
                (QFileInfo(store.path()).size() + QFileInfo(store.path() + QStringLiteral("-wal")).size()) /
                    1e6);

    {
        const long before = rssKb();
        sw.start();
        RasaChat::ChatWidget chat;
        chat.resize(720, 800);
        ChatWidgetPrivate::setServerName(&chat, server);
        ChatWidgetPrivate::setStore(&chat, &store);
        chat.show();
        PaintWatch watch(ChatWidgetPrivate::transcriptViewOf(&chat));
        FakeChannel channel{QStringLiteral("bench-session")};
        ChatWidgetPrivate::setChannel(&chat, &channel); // the session is confirmed: its conversation opens
        while (!watch.painted)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        const double openMs = sw.wallMs(), openCpu = sw.cpuMsSince();
        RasaChat::TranscriptModel *model = ChatWidgetPrivate::transcriptOf(&chat);
        const int openRows = model->rowCount();
        const long opened = rssKb();

        // The user scrolls up, half a window per frame; at the top the next older page comes.
        QListView *view = ChatWidgetPrivate::transcriptViewOf(&chat);
        QScrollBar *bar = view->verticalScrollBar();
        const int frames = 600;
        QList<double> plain, fetching;
        for (int f = 0; f < frames; ++f) {
            const int rows = model->rowCount();
            sw.start();
            bar->setValue(bar->value() - view->viewport()->height() / 2);
            view->viewport()->repaint();
            QCoreApplication::processEvents();
            (model->rowCount() != rows ? fetching : plain).append(sw.cpuMsSince());
        }
        const long scrolled = rssKb();
        auto mean = [](const QList<double> &v) {
            return v.isEmpty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
        };
        auto worst = [](const QList<double> &v) {
            return v.isEmpty() ? 0.0 : *std::max_element(v.begin(), v.end());
        };
        std::printf(
            "  open in the chat:  %.0f ms wall, %.0f ms CPU until its newest rows are painted (%d rows "
            "loaded)\n",
            openMs, openCpu, openRows);
        std::printf(
            "  scroll up:         %.2f ms CPU per frame (worst %.2f) over %lld frames; %.1f ms CPU (worst "
            "%.1f) in the %lld frames that loaded an older page; %d rows loaded after %d frames\n",
            mean(plain), worst(plain), qint64(plain.size()), mean(fetching), worst(fetching),
            qint64(fetching.size()), model->rowCount(), frames);
        std::printf("  memory:            %ld KB -> %ld KB RSS opened -> %ld KB after scrolling\n", before,
                    opened, scrolled);
    }
    {
        sw.start();
        RasaChat::ConversationViewer viewer(&store, id);
        viewer.show();
        PaintWatch watch(viewer.view());
        while (!watch.painted)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        std::printf("  open read-only:    %.0f ms wall, %.0f ms CPU until painted (%d rows loaded)\n",
                    sw.wallMs(), sw.cpuMsSince(), viewer.transcript()->rowCount());
    }
    sw.start();
    const qsizetype hits = store.search(QStringLiteral("message 9999")).size();
    std::printf("  search:            %.0f ms wall for a substring over all %d messages (%lld hits)\n",
                sw.wallMs(), count, qint64(hits));
    return 0;
}
